import type { Assessment, ConnectionAssessment } from '../../health/types';
import type { LogMessage, SchemaChange } from '../../fivetran/types';
import { ACTION_IDS } from './actionIds';
import { actions, button, context, fields, header, section } from './components';
import { alertsByConnection, worstFirst } from '../connectionOrder';
import { formatCount, plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { HEALTH_ORDER, healthCounts, healthWord } from '../vocabulary/health';
import { healthCountFields, isAllHealthy, staleBanner } from './connectionParts';
import { connectionLink, SLACK_DURATION } from './format';
import { fitMessage, packLines } from './limits';
import { escapeLine, slackDate } from './mrkdwn';
import { statusLines } from './statusAnswer';
import type { KnownBlock, SlackMessage } from './types';

function newestFirst<T extends { at: string }>(items: T[]): T[] {
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function more(count: number, command: string): string {
  return `…and ${count} more: \`/fivetran ${command}\``;
}

/**
 * The morning dashboard: how many connections are in each health, the connections that need
 * attention with their alerts, the slowest syncs, the latest errors and schema changes. Stale
 * monitoring data is announced first and never summed up as "all healthy".
 */
export function buildDashboard(assessment: Assessment): SlackMessage {
  const { connections, alerts } = assessment;
  const counts = healthCounts(connections);
  const blocks: KnownBlock[] = [
    header('Fivetran Pulse · daily dashboard'),
    context(`Monitoring data as of ${slackDate(assessment.observedAt, 'datetime', 'never')}`, `Checked ${slackDate(assessment.evaluatedAt)}`),
  ];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);

  const verdict = isAllHealthy(assessment)
    ? `:large_green_circle: All ${plural(connections.length, 'connection')} healthy; no alerts.`
    : `*${plural(connections.length, 'connection')}* · *${plural(alerts.length, 'alert')}* firing`;
  blocks.push(section(verdict), fields(healthCountFields(connections)));

  // The connections someone should look at, each as `/fivetran status` lists it: same order, same alerts.
  const fired = alertsByConnection(alerts);
  const attention = worstFirst(connections.filter((c) => c.health === 'broken' || c.health === 'incomplete' || fired.has(c.connectionId)), alerts);
  if (attention.length > 0) {
    const lines = statusLines(attention.slice(0, 10), assessment);
    const text = packLines(lines, 2800, { total: attention.length, moreLabel: (n) => more(n, 'status') }).text;
    blocks.push(section(`*Needs attention* (details: \`/fivetran alerts\`)\n${text}`));
  }

  const timed = connections.filter((c) => c.medianDurationMinutes !== null).sort((a, b) => (b.medianDurationMinutes ?? 0) - (a.medianDurationMinutes ?? 0) || (b.p95DurationMinutes ?? 0) - (a.p95DurationMinutes ?? 0));
  if (timed.length > 0) {
    const lines = timed.slice(0, 10).map((c) => `${connectionLink(c.connectionId, c.connectionName, 50)} · ${formatMinutes(c.medianDurationMinutes, SLACK_DURATION)} / ${formatMinutes(c.p95DurationMinutes, SLACK_DURATION)}`);
    const text = packLines(lines, 1600, { total: timed.length, moreLabel: (n) => more(n, 'syncs') }).text;
    blocks.push(section(`*Sync duration, slowest first* (median / p95)\n${text}`));
  }

  const errors = newestFirst(connections.flatMap((c) => c.latestErrors.map((error): LogMessage & { connection: ConnectionAssessment } => ({ ...error, connection: c }))));
  if (errors.length > 0) {
    const lines = errors.slice(0, 8).map((e) => `${slackDate(e.at)} · ${connectionLink(e.connection.connectionId, e.connection.connectionName, 40)}${e.type ? ` · \`${escapeLine(e.type, 40).replace(/`/g, 'ˋ')}\`` : ''}: ${escapeLine(e.message, 120)}`);
    blocks.push(section(`*Recent errors*\n${packLines(lines, 2000, { total: errors.length, moreLabel: (n) => more(n, 'errors') }).text}`));
  }

  const changes = newestFirst(connections.flatMap((c) => c.schemaChanges30d.map((change): SchemaChange & { connection: ConnectionAssessment } => ({ ...change, connection: c }))));
  if (changes.length > 0) {
    const lines = changes.slice(0, 6).map((c) => `${slackDate(c.at)} · ${connectionLink(c.connection.connectionId, c.connection.connectionName, 40)} · ${escapeLine(c.messageEvent, 30)}: ${escapeLine(c.summary, 100)}`);
    blocks.push(section(`*Recent schema changes*\n${packLines(lines, 1500, { total: changes.length, moreLabel: (n) => more(n, 'schema') }).text}`));
  }

  blocks.push(actions([button('Refresh', ACTION_IDS.refreshDashboard, 'dashboard')]));

  const summary = HEALTH_ORDER.filter((health) => counts[health] > 0 && health !== 'connected').map((health) => `${formatCount(counts[health])} ${healthWord(health).toLowerCase()}`);
  const head = assessment.observedAt === null ? 'NO MONITORING DATA YET. ' : assessment.stale ? 'MONITORING DATA IS STALE. ' : '';
  const body = isAllHealthy(assessment)
    ? `all ${plural(connections.length, 'connection')} healthy`
    : `${plural(alerts.length, 'alert')}; ${[...summary, `${formatCount(counts.connected)} connected`].join(', ')}`;
  return fitMessage({ text: `${head}Fivetran Pulse dashboard: ${body}`, blocks });
}
