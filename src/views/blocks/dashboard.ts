import type { Health } from '../../health/types';
import type { Assessment, ConnectionAssessment } from '../../health/types';
import type { LogMessage, SchemaChange } from '../../fivetran/types';
import { ACTION_IDS } from './actionIds';
import { actions, button, context, fields, header, section } from './components';
import { isAllHealthy, staleBanner, tenantLabel } from './connectionParts';
import { connectionLink, formatCount, formatMinutes, HEALTH_LABELS, HEALTH_ORDER, plural, problemOf, ruleLabel } from './format';
import { fitMessage, packLines } from './limits';
import { escapeLine, slackDate } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

const SEVERITY_EMOJI = { critical: ':rotating_light:', warning: ':warning:' } as const;

export function healthCounts(connections: readonly ConnectionAssessment[]): Record<Health, number> {
  const counts = Object.fromEntries(HEALTH_ORDER.map((health) => [health, 0])) as Record<Health, number>;
  for (const connection of connections) counts[connection.health] = (counts[connection.health] ?? 0) + 1;
  return counts;
}

export function healthCountFields(connections: readonly ConnectionAssessment[]): string[] {
  const counts = healthCounts(connections);
  return HEALTH_ORDER.map((health) => `${HEALTH_LABELS[health].emoji} *${HEALTH_LABELS[health].word}*\n${formatCount(counts[health])}`);
}

function newestFirst<T extends { at: string }>(items: T[]): T[] {
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function more(count: number, command: string): string {
  return `…and ${count} more: \`/fivetran ${command}\``;
}

/**
 * The morning dashboard: how many connections are in each health, the alerts firing, the slowest
 * syncs, the latest errors and schema changes. Stale monitoring data is announced first and
 * never summed up as "all healthy".
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

  if (alerts.length > 0) {
    const ordered = [...alerts].sort((a, b) => Number(a.severity !== 'critical') - Number(b.severity !== 'critical') || a.fingerprint.localeCompare(b.fingerprint));
    const lines = ordered.map((alert) => {
      const subject = alert.connectionId ? connectionLink(alert.connectionId, alert.connectionName, 50) : 'Monitoring data';
      return `${SEVERITY_EMOJI[alert.severity]} *${ruleLabel(alert.rule)}* · ${subject} · ${tenantLabel(alert.tenantId)}: ${escapeLine(problemOf(alert), 110)}`;
    });
    blocks.push(section(`*Health alerts*\n${packLines(lines, 2200, { maxLines: 12, moreLabel: (n) => more(n, 'alerts') }).text}`));
  }

  const timed = connections.filter((c) => c.medianDurationMinutes !== null).sort((a, b) => (b.medianDurationMinutes ?? 0) - (a.medianDurationMinutes ?? 0) || (b.p95DurationMinutes ?? 0) - (a.p95DurationMinutes ?? 0));
  if (timed.length > 0) {
    const lines = timed.slice(0, 10).map((c) => `${connectionLink(c.connectionId, c.connectionName, 50)} · ${formatMinutes(c.medianDurationMinutes)} / ${formatMinutes(c.p95DurationMinutes)}`);
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

  const summary = HEALTH_ORDER.filter((health) => counts[health] > 0 && health !== 'connected').map((health) => `${formatCount(counts[health])} ${HEALTH_LABELS[health].word.toLowerCase()}`);
  const head = assessment.observedAt === null ? 'NO MONITORING DATA YET. ' : assessment.stale ? 'MONITORING DATA IS STALE. ' : '';
  const body = isAllHealthy(assessment)
    ? `all ${plural(connections.length, 'connection')} healthy`
    : `${plural(alerts.length, 'alert')}; ${[...summary, `${formatCount(counts.connected)} connected`].join(', ')}`;
  return fitMessage({ text: `${head}Fivetran Pulse dashboard: ${body}`, blocks });
}
