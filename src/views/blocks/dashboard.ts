import type { Assessment, ConnectionAssessment } from '../../health/types';
import type { LogMessage, SchemaChange, Tenant } from '../../fivetran/types';
import { changesSince, dashboardIncidents, type DashboardChanges, type DashboardIncident } from '../../alerts/dashboardChanges';
import { withLifecycle } from '../../alerts/firingAlerts';
import { ACTION_IDS } from './actionIds';
import { actions, button, context, header, section, table, type TableColumn } from './components';
import { alertsByConnection, worstFirst } from '../connectionOrder';
import { formatCount, plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { HEALTH_ORDER, healthCounts, healthWord } from '../vocabulary/health';
import { isAllHealthy, staleBanner } from './connectionParts';
import { connectionLink, SLACK_DURATION } from './format';
import { fitMessage, packLines } from './limits';
import { escapeWords, slackDate, userMention } from './mrkdwn';
import { statusLines } from './statusAnswer';
import type { KnownBlock, SlackMessage } from './types';

/** What the dashboard knows beside the judgment: tenants, what people did, what it showed last time, last month's MAR. */
export interface DashboardContext {
  /** For the tenants' names and for tenants with no connection yet; those of the connections are shown when missing. */
  tenants?: readonly Tenant[];
  /** The incidents firing now with their lifecycle (alerts/dashboardChanges); without it, every incident reads open. */
  incidents?: readonly DashboardIncident[];
  /** What changed since this channel's last dashboard; without it, the dashboard reads as the channel's first. */
  changes?: DashboardChanges;
  /** MAR of the same days of last month, by connection id; null or missing when it could not be read. */
  marLastMonth?: ReadonlyMap<string, number> | null;
}

/** The top message (fits a laptop screen) and the replies in its thread (the details). */
export interface Dashboard {
  message: SlackMessage;
  thread: SlackMessage[];
}

/** How many names a "what changed" line shows before "+N more". */
const NAMES_SHOWN = 6;
/** Tenants in the table: the top message fits a screen; `/fivetran tenant` has the rest. */
const TENANT_ROWS = 25;
const SLOWEST_ROWS = 15;

function newestFirst<T extends { at: string }>(items: T[]): T[] {
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function more(count: number, command: string): string {
  return `…and ${count} more: \`/fivetran ${command}\``;
}

function incidentName(incident: Pick<DashboardIncident, 'connectionName'>): string {
  return incident.connectionName ? escapeWords(incident.connectionName, 60) : 'Monitoring data';
}

/** "a, b, c +4 more": whole names only. */
function nameList(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} +${names.length - NAMES_SHOWN} more` : shown;
}

function lifecycleWords(incident: DashboardIncident): string {
  if (incident.status === 'acknowledged') return `acknowledged by ${userMention(incident.acknowledgedBy)}`;
  if (incident.status === 'snoozed') return `snoozed by ${userMention(incident.snoozedBy)}${incident.snoozedUntil ? ` until ${slackDate(incident.snoozedUntil)}` : ''}`;
  return '';
}

function headline(assessment: Assessment, incidents: readonly DashboardIncident[]): string {
  const { connections } = assessment;
  if (isAllHealthy(assessment)) return `:large_green_circle: All ${plural(connections.length, 'connection')} healthy; no incidents.`;
  const broken = connections.filter((c) => c.health === 'broken').length;
  const critical = incidents.filter((i) => i.severity === 'critical').length;
  const warning = incidents.length - critical;
  const bySeverity = incidents.length > 0 ? `: ${[critical ? `:rotating_light: ${formatCount(critical)} critical` : '', warning ? `:warning: ${formatCount(warning)} warning` : ''].filter(Boolean).join(', ')}` : '';
  const lifecycle = (['open', 'acknowledged', 'snoozed'] as const)
    .map((status) => [status, incidents.filter((i) => i.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${formatCount(count)} ${status === 'open' ? 'open, nobody on it yet' : status}`);
  return [
    `*${plural(connections.length, 'connection')}* · ${formatCount(broken)} broken · *${plural(incidents.length, 'incident')}*${bySeverity}`,
    ...(lifecycle.length ? [lifecycle.join(' · ')] : []),
  ].join('\n');
}

function changesText(changes: DashboardChanges, incidents: readonly DashboardIncident[]): string {
  const title = changes.since ? `*Since the last dashboard* (${slackDate(changes.since)})` : '*Since the last dashboard*';
  if (changes.since === null) {
    return `${title}\nThis is the first dashboard here${incidents.length ? `; ${plural(incidents.length, 'incident')} open: ${nameList(incidents.map(incidentName))}` : '; nothing is open'}.`;
  }
  const lines: string[] = [];
  if (changes.opened.length) lines.push(`:new: *New:* ${nameList(changes.opened.map((i) => `${incidentName(i)}${i.severity === 'critical' ? ' (critical)' : ''}`))}`);
  if (changes.recovered.length) lines.push(`:white_check_mark: *Recovered:* ${nameList(changes.recovered.map(incidentName))}`);
  if (changes.stillOpen.length) {
    const snoozed = (i: DashboardIncident) => (i.status === 'snoozed' ? ` (${lifecycleWords(i)})` : '');
    lines.push(`:hourglass: *Still open:* ${nameList(changes.stillOpen.map((i) => `${incidentName(i)}${snoozed(i)}`))}`);
  }
  const acknowledged = incidents.filter((i) => i.status === 'acknowledged');
  if (acknowledged.length) lines.push(`:bust_in_silhouette: *Acknowledged:* ${nameList(acknowledged.map((i) => `${incidentName(i)} by ${userMention(i.acknowledgedBy)}`))}`);
  if (lines.length === 0) lines.push('Nothing changed: no incident then, none now.');
  return `${title}\n${lines.join('\n')}`;
}

/** "+12 %" or "−5 %": MAR this month against the same days of last month; "—" when there is nothing to compare with. */
function marChange(now: number, before: number | null): string {
  if (before === null || before === 0) return '—';
  const percent = Math.round(((now - before) / before) * 100);
  return percent === 0 ? '±0 %' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)} %`;
}

interface TenantRow {
  name: string;
  connections: number;
  broken: number;
  lateOrFailing: number;
  incidents: number;
  mar: number;
  marBefore: number | null;
}

function tenantRows(assessment: Assessment, incidents: readonly DashboardIncident[], tenants: readonly Tenant[], marLastMonth: ReadonlyMap<string, number> | null): TenantRow[] {
  const names = new Map(tenants.map((t) => [t.tenantId.toLowerCase(), t.tenantName || t.tenantId]));
  const fired = alertsByConnection(assessment.alerts);
  const rows = new Map<string, TenantRow & { key: string }>();
  const rowOf = (tenantId: string | null) => {
    const key = tenantId?.toLowerCase() ?? '';
    let row = rows.get(key);
    if (!row) {
      row = { key, name: tenantId ? (names.get(key) ?? tenantId) : 'No tenant', connections: 0, broken: 0, lateOrFailing: 0, incidents: 0, mar: 0, marBefore: marLastMonth ? 0 : null };
      rows.set(key, row);
    }
    return row;
  };
  for (const connection of assessment.connections) {
    const row = rowOf(connection.tenantId);
    row.connections += 1;
    if (connection.health === 'broken') row.broken += 1;
    if ((fired.get(connection.connectionId) ?? []).some((a) => a.rule === 'sync_failed' || a.rule === 'sync_delayed')) row.lateOrFailing += 1;
    row.mar += connection.marThisMonth || 0;
    if (row.marBefore !== null && marLastMonth) row.marBefore += marLastMonth.get(connection.connectionId) ?? 0;
  }
  for (const incident of incidents) if (incident.tenantId !== null) rowOf(incident.tenantId).incidents += 1;
  // The unmatched connections last; the tenants most in trouble first.
  return [...rows.values()].sort(
    (a, b) => Number(a.key === '') - Number(b.key === '') || b.incidents - a.incidents || b.broken - a.broken || b.lateOrFailing - a.lateOrFailing || a.name.localeCompare(b.name),
  );
}

const TENANT_COLUMNS: readonly TableColumn[] = [
  { title: 'Tenant', wrap: true },
  { title: 'Connections', align: 'right' },
  { title: 'Broken', align: 'right' },
  { title: 'Late or failing', align: 'right' },
  { title: 'Open incidents', align: 'right' },
  { title: 'MAR this month', align: 'right' },
  { title: 'vs last month', align: 'right' },
];

function tenantTable(rows: readonly TenantRow[]): { block: KnownBlock; fallback: string } {
  const shown = rows.slice(0, TENANT_ROWS);
  const cells = shown.map((r) => [r.name, formatCount(r.connections), formatCount(r.broken), formatCount(r.lateOrFailing), formatCount(r.incidents), formatCount(r.mar), marChange(r.mar, r.marBefore)]);
  if (rows.length > shown.length) cells.push([`…and ${rows.length - shown.length} more`, '', '', '', '', '', '']);
  const fallback = shown.slice(0, 10).map((r) => `${escapeWords(r.name, 40)}: ${formatCount(r.connections)} connections, ${formatCount(r.broken)} broken, ${formatCount(r.incidents)} open incidents`).join('; ');
  return { block: table(TENANT_COLUMNS, cells), fallback };
}

/** The dashboard's table by tenant, for another surface (the App Home) to show the same rows. */
export function buildTenantTable(
  assessment: Assessment,
  incidents: readonly DashboardIncident[],
  tenants: readonly Tenant[],
  marLastMonth: ReadonlyMap<string, number> | null,
): { block: KnownBlock; fallback: string } | null {
  if (assessment.connections.length === 0) return null;
  return tenantTable(tenantRows(assessment, incidents, tenants, marLastMonth));
}

function attentionReply(assessment: Assessment): SlackMessage | null {
  // The connections someone should look at, each as `/fivetran status` lists it: same order, same alerts.
  const fired = alertsByConnection(assessment.alerts);
  const attention = worstFirst(assessment.connections.filter((c) => c.health === 'broken' || c.health === 'incomplete' || fired.has(c.connectionId)), assessment.alerts);
  if (attention.length === 0) return null;
  const text = packLines(statusLines(attention.slice(0, 25), assessment), 2900, { total: attention.length, moreLabel: (n) => more(n, 'status') }).text;
  return fitMessage({ text: `Needs attention: ${plural(attention.length, 'connection')}`, blocks: [section(`*Needs attention* (details: \`/fivetran alerts\`)\n${text}`)] });
}

function slowestReply(connections: readonly ConnectionAssessment[]): SlackMessage | null {
  const timed = connections
    .filter((c) => c.medianDurationMinutes !== null)
    .sort((a, b) => (b.medianDurationMinutes ?? 0) - (a.medianDurationMinutes ?? 0) || (b.p95DurationMinutes ?? 0) - (a.p95DurationMinutes ?? 0) || a.connectionId.localeCompare(b.connectionId));
  if (timed.length === 0) return null;
  const shown = timed.slice(0, SLOWEST_ROWS);
  const rows = shown.map((c) => [c.connectionName || c.connectionId, c.tenantId ?? '—', formatMinutes(c.medianDurationMinutes, SLACK_DURATION), formatMinutes(c.p95DurationMinutes, SLACK_DURATION)]);
  const blocks: KnownBlock[] = [
    section('*Slowest syncs* (median and p95 of recent sync durations)'),
    table([{ title: 'Connection', wrap: true }, { title: 'Tenant' }, { title: 'Median', align: 'right' }, { title: 'p95', align: 'right' }], rows),
  ];
  if (timed.length > shown.length) blocks.push(context(more(timed.length - shown.length, 'syncs')));
  const fallback = shown.slice(0, 5).map((c) => `${escapeWords(c.connectionName || c.connectionId, 40)} ${formatMinutes(c.medianDurationMinutes, SLACK_DURATION)}`).join(', ');
  return fitMessage({ text: `Slowest syncs: ${fallback}`, blocks });
}

function activityReply(connections: readonly ConnectionAssessment[]): SlackMessage | null {
  const blocks: KnownBlock[] = [];
  const errors = newestFirst(connections.flatMap((c) => c.latestErrors.map((error): LogMessage & { connection: ConnectionAssessment } => ({ ...error, connection: c }))));
  if (errors.length > 0) {
    const lines = errors.slice(0, 8).map((e) => `${slackDate(e.at)} · ${connectionLink(e.connection.connectionId, e.connection.connectionName, 40)}${e.type ? ` · \`${escapeWords(e.type, 40).replace(/`/g, 'ˋ')}\`` : ''}: ${escapeWords(e.message, 160)}`);
    blocks.push(section(`*Recent errors*\n${packLines(lines, 2000, { total: errors.length, moreLabel: (n) => more(n, 'errors') }).text}`));
  }
  const changes = newestFirst(connections.flatMap((c) => c.schemaChanges30d.map((change): SchemaChange & { connection: ConnectionAssessment } => ({ ...change, connection: c }))));
  if (changes.length > 0) {
    const lines = changes.slice(0, 6).map((c) => `${slackDate(c.at)} · ${connectionLink(c.connection.connectionId, c.connection.connectionName, 40)} · ${escapeWords(c.messageEvent, 30)}: ${escapeWords(c.summary, 120)}`);
    blocks.push(section(`*Recent schema changes*\n${packLines(lines, 1500, { total: changes.length, moreLabel: (n) => more(n, 'schema') }).text}`));
  }
  if (blocks.length === 0) return null;
  return fitMessage({ text: `${plural(errors.length, 'recent error')}, ${plural(changes.length, 'schema change')} in 30 days`, blocks });
}

/**
 * The morning dashboard: a top message that fits a laptop screen (stale data said first, the
 * headline with incidents by severity and by who is on them, what changed since the last
 * dashboard, and a table by tenant), and its thread with the details (the connections needing
 * attention, the slowest syncs, recent errors and schema changes). Stale monitoring data is never
 * summed up as "all healthy".
 */
export function buildDashboard(assessment: Assessment, options: DashboardContext = {}): Dashboard {
  const { connections } = assessment;
  const incidents = options.incidents ?? dashboardIncidents(withLifecycle(assessment.alerts, [], new Date(assessment.evaluatedAt)));
  const changes = options.changes ?? changesSince(null, incidents);
  const blocks: KnownBlock[] = [header('Fivetran Pulse · daily dashboard')];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);
  blocks.push(section(headline(assessment, incidents)), section(changesText(changes, incidents)));
  const tenants = tenantTable(tenantRows(assessment, incidents, options.tenants ?? [], options.marLastMonth ?? null));
  if (connections.length > 0) blocks.push(tenants.block);
  blocks.push(
    context(`Monitoring data as of ${slackDate(assessment.observedAt, 'datetime', 'never')}`, `Checked ${slackDate(assessment.evaluatedAt)}`, 'Details in the thread'),
    actions([button('Refresh', ACTION_IDS.refreshDashboard, 'dashboard')]),
  );

  const counts = healthCounts(connections);
  const summary = HEALTH_ORDER.filter((health) => counts[health] > 0 && health !== 'connected').map((health) => `${formatCount(counts[health])} ${healthWord(health).toLowerCase()}`);
  const head = assessment.observedAt === null ? 'NO MONITORING DATA YET. ' : assessment.stale ? 'MONITORING DATA IS STALE. ' : '';
  const body = isAllHealthy(assessment)
    ? `all ${plural(connections.length, 'connection')} healthy`
    : `${plural(incidents.length, 'incident')}; ${[...summary, `${formatCount(counts.connected)} connected`].join(', ')}`;
  const changed = changes.since === null ? '' : `; since the last dashboard: ${formatCount(changes.opened.length)} new, ${formatCount(changes.recovered.length)} recovered`;
  const message = fitMessage({ text: `${head}Fivetran Pulse dashboard: ${body}${changed}. By tenant: ${tenants.fallback || 'none'}`, blocks });

  const thread = [attentionReply(assessment), slowestReply(connections), activityReply(connections)].filter((reply): reply is SlackMessage => reply !== null);
  return { message, thread };
}
