import type { Button, Overflow, PlainTextOption, StaticSelect } from '@slack/types';
import type { Incident } from '../../alerts/types';
import type { AlertRule } from '../../health/types';
import { ACTION_IDS, encodeAlertMenuValue } from './actionIds';
import { incidentStateLine, incidentSubject, snoozeSelect } from './alertMessage';
import { actions, button, context, header, section } from './components';
import { plural } from '../vocabulary/counts';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { problemOf, ruleLabel } from './format';
import { fitMessage, packLines } from './limits';
import { escapeLine } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

/** Alerts shown one per block with their own menu; the rest are listed as lines. */
const ITEMIZED = 5;

const SEVERITY_EMOJI = { critical: ':rotating_light:', warning: ':warning:' } as const;

function itemLine(incident: Incident): string {
  const state = incidentStateLine(incident);
  const mark = incident.status === 'resolved' ? ':white_check_mark:' : SEVERITY_EMOJI[incident.severity];
  return `${mark} *${ruleLabel(incident.rule)}* · ${incidentSubject(incident, 60)}: ${escapeLine(problemOf(incident), 200)}${state ? `\n${state}` : ''}`;
}

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

function countsLine(incidents: readonly Incident[]): string {
  const critical = incidents.filter((incident) => incident.severity === 'critical').length;
  const byRule = new Map<AlertRule, number>();
  for (const incident of incidents) byRule.set(incident.rule, (byRule.get(incident.rule) ?? 0) + 1);
  const rules = [...byRule.entries()].sort((a, b) => b[1] - a[1]).map(([rule, count]) => `${ruleLabel(rule)}: ${plural(count, 'alert')}`);
  return `*${critical}* critical, *${incidents.length - critical}* warning · ${rules.join(' · ')}`;
}

/**
 * Several alerts of one run in one message, so a bad hour is one message and not a storm. Each
 * alert keeps its own menu (acknowledge, snooze, details, Fivetran) and the group can be
 * acknowledged or snoozed at once.
 */
export function buildGroupedAlertsMessage(groupId: string, incidents: readonly Incident[]): SlackMessage {
  const ordered = [...incidents].sort(
    (a, b) =>
      Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
      Number(a.severity !== 'critical') - Number(b.severity !== 'critical') ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  const active = ordered.filter((incident) => incident.status !== 'resolved');
  const title = active.length === 0 ? `All ${ordered.length} alerts resolved` : `${plural(active.length, 'alert')} firing`;
  const blocks: KnownBlock[] = [header(active.length === 0 ? `✅ ${title}` : `🚨 ${title}`), section(countsLine(ordered))];

  for (const incident of ordered.slice(0, ITEMIZED)) {
    const menu = itemMenu(incident);
    blocks.push(menu ? { ...section(itemLine(incident)), accessory: menu } : section(itemLine(incident)));
  }
  const rest = ordered.slice(ITEMIZED);
  if (rest.length > 0) {
    blocks.push(section(packLines(rest.slice(0, 40).map(itemLine), 2900, { total: rest.length, moreLabel: (count) => `…and ${count} more: \`/fivetran alerts\` lists them all` }).text));
  }

  const awaiting = active.filter((incident) => incident.status !== 'acknowledged');
  if (awaiting.length > 0) {
    const elements: Array<Button | StaticSelect> = [
      button(`Acknowledge all ${awaiting.length}`, ACTION_IDS.acknowledgeGroup, groupId, { style: 'primary' }),
      snoozeSelect(ACTION_IDS.snoozeGroup, groupId),
    ];
    blocks.push(context('Grouped into one message because many alerts fired at once.'));
    blocks.push(actions(elements, `group:${groupId}`));
  }

  const names = ordered.slice(0, 3).map((incident) => incident.connectionName || incident.connectionId || 'monitoring data');
  const more = ordered.length > 3 ? ` and ${ordered.length - 3} more` : '';
  const text = escapeLine(`${title}: ${names.join(', ')}${more}`, 600);
  return fitMessage({ text, blocks });
}
