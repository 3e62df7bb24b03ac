import type { Button, StaticSelect } from '@slack/types';
import { alertSince, firstPostedAt } from '../../alerts/lifecycle';
import type { Incident } from '../../alerts/types';
import { SNOOZE_DURATIONS, type SnoozeDuration } from '../../alerts/types';
import { ACTION_IDS, encodeSnoozeValue } from './actionIds';
import { actions, button, context, fields, section } from './components';
import { alertFacts, type FactFormat } from '../vocabulary/alertFacts';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { connectionLink, problemOf, ruleLabel, severityLabel } from './format';
import { fitMessage } from './limits';
import { escapeLine, escapeText, slackDate, userMention } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

export const SNOOZE_LABELS: Record<SnoozeDuration, string> = {
  '1h': '1 hour',
  '4h': '4 hours',
  '24h': '24 hours',
  dashboard: "Until tomorrow's dashboard",
};

/** What an incident is about, in one mrkdwn line: the connection linked, or the monitoring itself. */
export function incidentSubject(incident: Pick<Incident, 'connectionId' | 'connectionName' | 'tenantId'>, maxName = 80): string {
  const subject = incident.connectionId ? connectionLink(incident.connectionId, incident.connectionName, maxName) : 'Monitoring data';
  return incident.tenantId ? `${subject} (tenant ${escapeLine(incident.tenantId, 60)})` : subject;
}

/** The incident's state in words, or '' while it is simply open. */
export function incidentStateLine(incident: Incident): string {
  switch (incident.status) {
    case 'acknowledged':
      return `:eyes: Acknowledged by ${userMention(incident.ackedBy)}, ${slackDate(incident.ackedAt)}`;
    case 'snoozed':
      return `:zzz: Snoozed by ${userMention(incident.snoozedBy)} until ${slackDate(incident.snoozedUntil)}`;
    case 'resolved': {
      const acked = incident.ackedBy ? ` · acknowledged by ${userMention(incident.ackedBy)}, ${slackDate(incident.ackedAt)}` : '';
      return `:white_check_mark: Resolved ${slackDate(incident.resolvedAt)}${acked}`;
    }
    default:
      return '';
  }
}

export function snoozeSelect(actionId: string, targetId: string): StaticSelect {
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: 'Snooze…' },
    options: SNOOZE_DURATIONS.map((duration) => ({
      text: { type: 'plain_text' as const, text: SNOOZE_LABELS[duration] },
      value: encodeSnoozeValue(targetId, duration),
    })),
  };
}

export function openInFivetranButton(connectionId: string): Button {
  return button('Open in Fivetran', ACTION_IDS.openInFivetran, connectionId, { url: fivetranConnectionUrl(connectionId) });
}

function alertButtons(incident: Incident): KnownBlock {
  const elements: Array<Button | StaticSelect> = [];
  if (incident.status === 'open' || incident.status === 'snoozed') {
    elements.push(button('Acknowledge', ACTION_IDS.acknowledgeAlert, incident.incidentId, { style: 'primary' }));
  }
  if (incident.status !== 'resolved') elements.push(snoozeSelect(ACTION_IDS.snoozeAlert, incident.incidentId));
  elements.push(button('Details', ACTION_IDS.showAlertDetails, incident.incidentId));
  if (incident.connectionId) elements.push(openInFivetranButton(incident.connectionId));
  return actions(elements, `alert:${incident.incidentId}`);
}

const MAX_DETAIL_FIELDS = 6;

/** How an alert's facts are written in Slack: dates in the reader's zone, data text escaped. */
export const SLACK_FACT_FORMAT: FactFormat = {
  instant: (iso) => slackDate(iso),
  text: (raw) => escapeText(raw, 300),
};

function detailFields(incident: Incident): string[] {
  return alertFacts(incident, SLACK_FACT_FORMAT)
    .slice(0, MAX_DETAIL_FIELDS)
    .map((fact) => `*${fact.label}*\n${fact.value}`);
}

/** "Since …": when the condition began, the same instant on every surface (see alertSince). */
export function sinceText(alert: Pick<Incident, 'since'>, firstSeenAt: string | null = null): string {
  return `Since ${slackDate(alertSince(alert, firstSeenAt), 'datetime', 'unknown')}`;
}

/** "Posted …": when the alert reached Slack; until a post is confirmed, when its run opened it. */
export function postedText(incident: Pick<Incident, 'messages' | 'openedAt'>): string {
  return `Posted ${slackDate(firstPostedAt(incident) ?? incident.openedAt)}`;
}

/** The text fallback phone notifications show: severity, rule, subject, summary, state. */
export function alertFallbackText(incident: Incident): string {
  const who = incident.connectionName || incident.connectionId || 'monitoring data';
  const tenant = incident.tenantId ? ` (tenant ${incident.tenantId})` : '';
  const state = incident.status === 'open' ? '' : ` [${incident.status}]`;
  const severity = incident.severity === 'critical' ? 'Critical' : 'Warning';
  return escapeLine(`${severity}: ${ruleLabel(incident.rule)} · ${who}${tenant}: ${problemOf(incident)}${state}`, 600);
}

/** One alert as posted to a channel, in whatever state it is now; edited in place as it changes. */
export function buildAlertMessage(incident: Incident): SlackMessage {
  const resolved = incident.status === 'resolved';
  const title = resolved
    ? `:large_green_circle: *Resolved* · ~${ruleLabel(incident.rule)}~ · ${incidentSubject(incident)}`
    : `${severityLabel(incident.severity)} · *${ruleLabel(incident.rule)}* · ${incidentSubject(incident)}`;
  const blocks: KnownBlock[] = [section(`${title}\n${escapeText(problemOf(incident), 1200)}`)];
  const facts = detailFields(incident);
  if (facts.length > 0) blocks.push(fields(facts));
  blocks.push(context(sinceText(incident, incident.openedAt), postedText(incident)));
  const state = incidentStateLine(incident);
  if (state) blocks.push(context(state));
  blocks.push(alertButtons(incident));
  return fitMessage({ text: alertFallbackText(incident), blocks });
}
