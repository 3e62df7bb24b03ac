import type { Button, StaticSelect } from '@slack/types';
import { firingRules, headlineRule, incidentName, incidentSince, orderRules } from '../../alerts/incidents';
import { alertSince, firstPostedAt } from '../../alerts/lifecycle';
import type { Incident, IncidentRule } from '../../alerts/types';
import { SNOOZE_DURATIONS, type SnoozeDuration } from '../../alerts/types';
import { alertFacts, type FactFormat } from '../vocabulary/alertFacts';
import { plural } from '../vocabulary/counts';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { ACTION_IDS, encodeSnoozeValue } from './actionIds';
import { actions, button, context, section } from './components';
import { connectionLink, problemOf, ruleLabel, SEVERITY_EMOJI, severityLabel } from './format';
import { fitMessage } from './limits';
import { escapeLine, escapeText, slackDate, userMention } from './mrkdwn';
import { liveActionButtons, type LiveButtons } from './liveActions';
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
      if (incident.mergedInto !== null) {
        return `:link: Merged ${slackDate(incident.resolvedAt)}: this connection is now followed in its earlier message in this channel (one message per connection)`;
      }
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

function alertButtons(incident: Incident, live: LiveButtons | null): KnownBlock {
  const elements: Array<Button | StaticSelect> = [];
  if (incident.status === 'open' || incident.status === 'snoozed') {
    elements.push(button('Acknowledge', ACTION_IDS.acknowledgeAlert, incident.incidentId, { style: 'primary' }));
  }
  if (incident.status !== 'resolved') elements.push(snoozeSelect(ACTION_IDS.snoozeAlert, incident.incidentId));
  elements.push(button('Details', ACTION_IDS.showAlertDetails, incident.incidentId));
  if (incident.connectionId) elements.push(openInFivetranButton(incident.connectionId));
  // A merged message follows its connection elsewhere: acting from it would only confuse.
  if (live && incident.connectionId && incident.mergedInto === null) {
    elements.push(...liveActionButtons({ kind: 'incident', incidentId: incident.incidentId }, incidentName(incident), live.pausedOf(incident.connectionId)));
  }
  return actions(elements, `alert:${incident.incidentId}`);
}

const MAX_FACTS_PER_RULE = 6;

/** How an alert's facts are written in Slack: dates in the reader's zone, data text escaped. */
export const SLACK_FACT_FORMAT: FactFormat = {
  instant: (iso) => slackDate(iso),
  text: (raw) => escapeText(raw, 300),
};

/** "Since …": when the condition began, the same instant on every surface (see alertSince). */
export function sinceText(alert: { since: string | null }, firstSeenAt: string | null = null): string {
  return `Since ${slackDate(alertSince(alert, firstSeenAt), 'datetime', 'unknown')}`;
}

/** "Posted …": when the alert reached Slack; until a post is confirmed, when its run opened it. */
export function postedText(incident: Pick<Incident, 'messages' | 'openedAt'>): string {
  return `Posted ${slackDate(firstPostedAt(incident) ?? incident.openedAt)}`;
}

/** A rule is shown as firing only while its incident is not resolved. */
function isFiring(incident: Pick<Incident, 'status'>, rule: IncidentRule): boolean {
  return incident.status !== 'resolved' && rule.clearedAt === null;
}

/**
 * One rule of an incident as a line: firing, with what is wrong, its facts and since when; or
 * cleared, with when. Facts are left out where space is short (grouped lists).
 */
export function ruleLine(incident: Incident, rule: IncidentRule, options: { facts: boolean; maxProblem?: number } = { facts: true }): string {
  if (!isFiring(incident, rule)) {
    const when = rule.clearedAt ?? incident.resolvedAt;
    return `:white_check_mark: ~${ruleLabel(rule.rule)}~ · cleared${when ? ` ${slackDate(when)}` : ''}`;
  }
  const problem = escapeText(problemOf({ summary: rule.summary, connectionName: incident.connectionName }), options.maxProblem ?? 600);
  const head = `${SEVERITY_EMOJI[rule.severity] ?? ':warning:'} *${ruleLabel(rule.rule)}* · ${problem}`;
  if (!options.facts) return head;
  const facts = alertFacts(rule, SLACK_FACT_FORMAT)
    .slice(0, MAX_FACTS_PER_RULE)
    .map((fact) => `${fact.label}: ${fact.value}`);
  return `${head}\n${[...facts, sinceText(rule, rule.startedAt)].join(' · ')}`;
}

/** The rules an incident shows: firing ones worst first, then those that cleared while it was open. */
export function shownRules(incident: Incident): IncidentRule[] {
  return orderRules(incident.rules).sort((a, b) => Number(!isFiring(incident, a)) - Number(!isFiring(incident, b)));
}

/** The names of the rules firing now (or, once resolved, that fired), worst first: "Sync failed, Sync delayed". */
export function ruleNamesText(incident: Incident): string {
  const rules = firingRules(incident);
  return (rules.length > 0 ? rules : orderRules(incident.rules)).map((rule) => ruleLabel(rule.rule)).join(', ');
}

/** The text fallback phone notifications show: severity, its rules, subject, the worst problem, state. */
export function alertFallbackText(incident: Incident, mention: string | null = null): string {
  const tenant = incident.tenantId ? ` (tenant ${incident.tenantId})` : '';
  const state = incident.status === 'open' ? '' : ` [${incident.mergedInto !== null ? 'merged' : incident.status}]`;
  const severity = incident.severity === 'critical' ? 'Critical' : 'Warning';
  const headline = headlineRule(incident);
  const problem = headline ? `: ${problemOf({ summary: headline.summary, connectionName: incident.connectionName })}` : '';
  const text = escapeLine(`${severity}: ${ruleNamesText(incident)} · ${incidentName(incident)}${tenant}${problem}${state}`, 600);
  return mention ? `${mention} ${text}` : text;
}

/**
 * One incident as posted to a channel, in whatever state it is now; edited in place as rules start
 * and clear. A mention is given to posts only, never to the edits that follow.
 */
export function buildAlertMessage(incident: Incident, mention: string | null = null, live: LiveButtons | null = null): SlackMessage {
  const firing = firingRules(incident);
  const title =
    incident.status === 'resolved'
      ? `${incident.mergedInto !== null ? ':link: *Merged*' : ':large_green_circle: *Resolved*'} · ${incidentSubject(incident)}`
      : `${severityLabel(incident.severity)} · ${incidentSubject(incident)}${firing.length > 1 ? ` · ${plural(firing.length, 'alert')}` : ''}`;
  const blocks: KnownBlock[] = [section(mention ? `${mention}\n${title}` : title)];
  for (const rule of shownRules(incident)) blocks.push(section(ruleLine(incident, rule)));
  blocks.push(context(`Since ${slackDate(incidentSince(incident))}`, postedText(incident)));
  const state = incidentStateLine(incident);
  if (state) blocks.push(context(state));
  blocks.push(alertButtons(incident, live));
  return fitMessage({ text: alertFallbackText(incident, mention), blocks });
}
