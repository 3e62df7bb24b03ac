import type { Button, Overflow, PlainTextOption, SectionBlock, StaticSelect } from '@slack/types';
import { headlineRule, incidentName } from '../../alerts/incidents';
import type { Incident } from '../../alerts/types';
import { alertRank } from '../../health/alertOrder';
import { ACTION_IDS, encodeAlertGroupPage, encodeAlertMenuValue } from './actionIds';
import { incidentStateLine, incidentSubject, ruleNamesText, snoozeSelect } from './alertMessage';
import { actions, button, context, header, section } from './components';
import { plural } from '../vocabulary/counts';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { problemOf, SEVERITY_EMOJI } from './format';
import { fitMessage, fitsOneMessage } from './limits';
import { escapeLine } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

/**
 * How many incidents a grouped message holds and how they stand: the one source of the counts in
 * its header, its body and its notification text, so they always agree.
 */
export interface GroupCounts {
  total: number;
  /** Not resolved: open, acknowledged or snoozed. */
  firing: number;
  /** Of those firing, by their worst rule's severity: critical + warning = firing. */
  critical: number;
  warning: number;
  resolved: number;
  /** Firing and not yet acknowledged. */
  awaiting: number;
}

export function groupCounts(incidents: readonly Incident[]): GroupCounts {
  const firing = incidents.filter((incident) => incident.status !== 'resolved');
  const critical = firing.filter((incident) => incident.severity === 'critical').length;
  return {
    total: incidents.length,
    firing: firing.length,
    critical,
    warning: firing.length - critical,
    resolved: incidents.length - firing.length,
    awaiting: firing.filter((incident) => incident.status !== 'acknowledged').length,
  };
}

/** "12 incidents firing", or "All 12 incidents resolved". */
export function groupTitle(counts: GroupCounts): string {
  return counts.firing > 0 ? `${plural(counts.firing, 'incident')} firing` : `All ${plural(counts.total, 'incident')} resolved`;
}

/** "3 critical, 8 warning, 1 resolved": what the title's number is made of, and what already cleared. */
export function countsWords(counts: GroupCounts, strong: boolean): string {
  const n = (value: number) => (strong ? `*${value}*` : String(value));
  const parts = [`${n(counts.critical)} critical`, `${n(counts.warning)} warning`];
  if (counts.resolved > 0) parts.push(`${n(counts.resolved)} resolved`);
  return parts.join(strong ? ' · ' : ', ');
}

/** Firing incidents first, worst first; resolved last. */
export function orderGroup(incidents: readonly Incident[]): Incident[] {
  const rank = (incident: Incident) => {
    const headline = headlineRule(incident);
    return headline ? alertRank(headline) : 99;
  };
  return [...incidents].sort(
    (a, b) =>
      Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
      Number(a.severity !== 'critical') - Number(b.severity !== 'critical') ||
      rank(a) - rank(b) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

function itemLine(incident: Incident): string {
  const state = incidentStateLine(incident);
  const mark = incident.status === 'resolved' ? (incident.mergedInto !== null ? ':link:' : ':white_check_mark:') : (SEVERITY_EMOJI[incident.severity] ?? ':warning:');
  const headline = headlineRule(incident);
  const problem = headline && incident.status !== 'resolved' ? `\n${escapeLine(problemOf({ summary: headline.summary, connectionName: incident.connectionName }), 200)}` : '';
  return `${mark} ${incidentSubject(incident, 60)} · *${ruleNamesText(incident)}*${problem}${state ? `\n${state}` : ''}`;
}

/** Acknowledge, snooze, details and Fivetran for one incident: Slack allows five options in a menu. */
function itemMenu(incident: Incident): Overflow | undefined {
  if (incident.status === 'resolved') return undefined;
  const option = (text: string, value: string, url?: string): PlainTextOption =>
    url ? { text: { type: 'plain_text', text }, value, url } : { text: { type: 'plain_text', text }, value };
  const options: PlainTextOption[] = [];
  if (incident.status !== 'acknowledged') options.push(option('Acknowledge', encodeAlertMenuValue('acknowledge', incident.incidentId)));
  options.push(option('Snooze 4 hours', encodeAlertMenuValue('snooze_4h', incident.incidentId)));
  options.push(option("Snooze until tomorrow's dashboard", encodeAlertMenuValue('snooze_dashboard', incident.incidentId)));
  options.push(option('Details', encodeAlertMenuValue('details', incident.incidentId)));
  if (incident.connectionId) {
    options.push(option('Open in Fivetran', encodeAlertMenuValue('open', incident.incidentId), fivetranConnectionUrl(incident.connectionId)));
  }
  return { type: 'overflow', action_id: ACTION_IDS.alertMenu, options };
}

/** One incident of a group with its own menu; `blockId` says where it is shown, for the answer to a press. */
export function groupItem(incident: Incident, blockId: string): SectionBlock {
  const menu = itemMenu(incident);
  const block: SectionBlock = { ...section(itemLine(incident)), block_id: blockId };
  return menu ? { ...block, accessory: menu } : block;
}

/** The notification text: the counts, and the names of what fires, each once. */
function groupText(counts: GroupCounts, ordered: readonly Incident[], mention: string | null): string {
  const firing = ordered.filter((incident) => incident.status !== 'resolved');
  const names = [...new Set((firing.length > 0 ? firing : ordered).map(incidentName))];
  const shown = names.slice(0, 3);
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  const text = escapeLine(`${groupTitle(counts)} (${countsWords(counts, false)}): ${shown.join(', ')}${more}`, 600);
  return mention ? `${mention} ${text}` : text;
}

/**
 * Several incidents of one run in one message, so a bad hour is one message and not a storm. Every
 * incident it can hold within Slack's limits keeps its own menu (acknowledge, snooze, details,
 * Fivetran); the rest are a "Show all" away, and the whole group can be acknowledged or snoozed at
 * once. A mention is given to the post only, never to the edits that follow.
 */
export function buildGroupedAlertsMessage(groupId: string, incidents: readonly Incident[], mention: string | null = null): SlackMessage {
  const ordered = orderGroup(incidents);
  const counts = groupCounts(ordered);
  const title = groupTitle(counts);
  const head: KnownBlock[] = [header(counts.firing === 0 ? `✅ ${title}` : `🚨 ${title}`), section(`${mention ? `${mention}\n` : ''}${countsWords(counts, true)}`)];

  const tail = (hidden: number): KnownBlock[] => {
    const blocks: KnownBlock[] = [];
    if (hidden > 0) blocks.push(section(`…and ${plural(hidden, 'more incident')}: *Show all* lists every one with its own menu.`));
    const elements: Array<Button | StaticSelect> = [];
    if (counts.awaiting > 0) {
      blocks.push(context('Grouped into one message because many incidents fired at once.'));
      elements.push(button(`Acknowledge all ${counts.awaiting}`, ACTION_IDS.acknowledgeGroup, groupId, { style: 'primary' }));
      elements.push(snoozeSelect(ACTION_IDS.snoozeGroup, groupId));
    }
    if (hidden > 0) elements.push(button(`Show all ${counts.total}`, ACTION_IDS.showAlertGroup, encodeAlertGroupPage(groupId, 1)));
    if (elements.length > 0) blocks.push(actions(elements, `group:${groupId}`));
    return blocks;
  };

  const items: KnownBlock[] = [];
  for (const [index, incident] of ordered.entries()) {
    const item = groupItem(incident, `incident:${incident.incidentId}`);
    if (!fitsOneMessage([...head, ...items, item, ...tail(ordered.length - index - 1)])) break;
    items.push(item);
  }
  const blocks = [...head, ...items, ...tail(ordered.length - items.length)];
  return fitMessage({ text: groupText(counts, ordered, mention), blocks });
}
