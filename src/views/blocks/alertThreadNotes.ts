import { headlineRule, incidentName, incidentSince } from '../../alerts/incidents';
import type { IncidentChange } from '../../alerts/messages';
import type { Incident } from '../../alerts/types';
import type { AlertRule } from '../../health/types';
import { ruleName } from '../vocabulary/ruleNames';
import { incidentSubject, ruleNamesText } from './alertMessage';
import { context, section } from './components';
import { minutesBetween } from '../../time/formatDuration';
import { plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { problemOf, ruleLabel, SLACK_DURATION } from './format';
import { fitMessage, packLines } from './limits';
import { escapeLine, slackDate } from './mrkdwn';
import type { SlackMessage } from './types';

/**
 * Notes in an alert message's thread. Each names the connection and the rules it is about, so it
 * reads on its own in a thread of a grouped message, in a notification, or quoted elsewhere.
 */

const iso = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());

function firingFor(incident: Incident, at: string): string {
  return formatMinutes(minutesBetween(incidentSince(incident), at), SLACK_DURATION);
}

/** A reminder in the thread: still firing, nobody acknowledged it. A configured mention goes first. */
export function buildReminderNote(incidents: readonly Incident[], now: Date | string, mention: string | null = null): SlackMessage {
  const at = iso(now);
  const lead = mention ? `${mention} ` : '';
  if (incidents.length === 1) {
    const incident = incidents[0] as Incident;
    const headline = headlineRule(incident);
    const problem = headline ? `\n${escapeLine(problemOf({ summary: headline.summary, connectionName: incident.connectionName }), 600)}` : '';
    return fitMessage({
      text: `${lead}${escapeLine(`Reminder: ${incidentName(incident)} is still firing (${ruleNamesText(incident)})`, 300)}`,
      blocks: [
        section(`${lead}:bell: Reminder: ${incidentSubject(incident, 60)} is still firing after ${firingFor(incident, at)} and nobody has acknowledged it: *${ruleNamesText(incident)}*.${problem}`),
        context(`Reminded ${slackDate(at)}`),
      ],
    });
  }
  const lines = incidents.slice(0, 40).map((incident) => `• ${incidentSubject(incident, 60)} · *${ruleNamesText(incident)}* · firing for ${firingFor(incident, at)}`);
  const list = packLines(lines, 2600, { total: incidents.length });
  return fitMessage({
    text: `${lead}Reminder: ${plural(incidents.length, 'incident')} still firing and unacknowledged`,
    blocks: [
      section(`${lead}:bell: Reminder: ${plural(incidents.length, 'incident')} in this message are still firing and nobody has acknowledged them.\n${list.text}`),
      context(`Reminded ${slackDate(at)}`),
    ],
  });
}

function names(rules: readonly AlertRule[], strong: boolean): string {
  return rules.map((rule) => (strong ? `*${ruleLabel(rule)}*` : ruleName(rule))).join(', ');
}

/** One change in words: mrkdwn for the note, plain for its notification text. */
function changeWords(incident: Incident, change: IncidentChange, at: string, strong: boolean): string {
  const subject = strong ? incidentSubject(incident, 60) : incidentName(incident);
  switch (change.kind) {
    case 'resolved': {
      const lasted = formatMinutes(minutesBetween(incidentSince(incident), incident.resolvedAt ?? at), SLACK_DURATION);
      const what = change.cleared.length > 0 ? `${names(change.cleared, strong)} cleared` : 'cleared';
      return `${strong ? ':white_check_mark: ' : ''}Resolved: ${subject}: ${what} after ${lasted}`;
    }
    case 'reopened': {
      const gap = change.resolvedBefore ? ` (it had cleared ${formatMinutes(minutesBetween(change.resolvedBefore, at), SLACK_DURATION)} before)` : '';
      return `${strong ? ':repeat: ' : ''}Firing again: ${subject}: ${names(change.started, strong)}${gap}`;
    }
    case 'changed': {
      const parts = [
        change.started.length > 0 ? `${names(change.started, strong)} started firing` : null,
        change.cleared.length > 0 ? `${names(change.cleared, strong)} cleared` : null,
      ].filter(Boolean);
      const still = incident.status === 'resolved' ? '' : `; firing now: ${ruleNamesText(incident)}`;
      const mark = change.started.length > 0 ? ':small_red_triangle: ' : ':white_check_mark: ';
      return `${strong ? mark : ''}${subject}: ${parts.join(', ')}${still}`;
    }
  }
}

/** A note of what changed on the incidents of one message: rules started or cleared, resolved, firing again. */
export function buildChangeNote(changes: ReadonlyArray<{ incident: Incident; change: IncidentChange }>, now: Date | string): SlackMessage {
  const at = iso(now);
  const lines = changes.slice(0, 40).map(({ incident, change }) => changeWords(incident, change, at, true));
  const list = packLines(lines, 2800, { total: changes.length });
  const first = changes[0];
  const text =
    changes.length === 1 && first
      ? escapeLine(changeWords(first.incident, first.change, at, false), 300)
      : `${plural(changes.length, 'incident')} in this message changed`;
  return fitMessage({ text, blocks: [section(list.text), context(slackDate(at))] });
}
