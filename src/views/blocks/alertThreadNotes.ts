import { alertSince } from '../../alerts/lifecycle';
import type { Incident } from '../../alerts/types';
import { incidentSubject } from './alertMessage';
import { context, section } from './components';
import { minutesBetween } from '../../time/formatDuration';
import { plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { ruleLabel, SLACK_DURATION } from './format';
import { fitMessage, packLines } from './limits';
import { escapeLine, slackDate } from './mrkdwn';
import type { SlackMessage } from './types';

function line(incident: Incident, now: string): string {
  const age = formatMinutes(minutesBetween(alertSince(incident, incident.openedAt), now), SLACK_DURATION);
  return `• *${ruleLabel(incident.rule)}* · ${incidentSubject(incident, 60)} · firing for ${age}`;
}

/** A reminder in the alert's thread: still firing, nobody acknowledged it. */
export function buildReminderNote(incidents: readonly Incident[], now: Date | string): SlackMessage {
  const at = typeof now === 'string' ? now : now.toISOString();
  if (incidents.length === 1) {
    const incident = incidents[0] as Incident;
    const age = formatMinutes(minutesBetween(alertSince(incident, incident.openedAt), at), SLACK_DURATION);
    const text = `:bell: Reminder: still firing after ${age} and nobody has acknowledged it.`;
    return fitMessage({
      text: escapeLine(`Reminder: ${ruleLabel(incident.rule)} · ${incident.connectionName ?? incident.connectionId ?? 'monitoring data'} is still firing`, 300),
      blocks: [section(`${text}\n${escapeLine(incident.summary, 600)}`), context(`Reminded ${slackDate(at)}`)],
    });
  }
  const list = packLines(incidents.slice(0, 40).map((incident) => line(incident, at)), 2600, { total: incidents.length });
  return fitMessage({
    text: `Reminder: ${plural(incidents.length, 'alert')} still firing and unacknowledged`,
    blocks: [section(`:bell: Reminder: ${plural(incidents.length, 'alert')} in this message are still firing and nobody has acknowledged them.\n${list.text}`), context(`Reminded ${slackDate(at)}`)],
  });
}

/** A note in the alert's thread when its condition clears. */
export function buildResolutionNote(incidents: readonly Incident[], now: Date | string): SlackMessage {
  const at = typeof now === 'string' ? now : now.toISOString();
  if (incidents.length === 1) {
    const incident = incidents[0] as Incident;
    const lasted = formatMinutes(minutesBetween(alertSince(incident, incident.openedAt), incident.resolvedAt ?? at), SLACK_DURATION);
    return fitMessage({
      text: escapeLine(`Resolved: ${ruleLabel(incident.rule)} · ${incident.connectionName ?? incident.connectionId ?? 'monitoring data'}`, 300),
      blocks: [section(`:white_check_mark: Resolved ${slackDate(incident.resolvedAt ?? at)}: the condition cleared after ${lasted}.`)],
    });
  }
  const list = packLines(
    incidents.slice(0, 40).map((incident) => `• *${ruleLabel(incident.rule)}* · ${incidentSubject(incident, 60)}`),
    2600,
    { total: incidents.length },
  );
  return fitMessage({
    text: `Resolved: ${plural(incidents.length, 'alert')} cleared`,
    blocks: [section(`:white_check_mark: ${plural(incidents.length, 'alert')} in this message cleared ${slackDate(at)}:\n${list.text}`)],
  });
}
