import type { Analysis, MarAnalysis } from '../../fivetran/analysis/types';
import { periodLine, renderApiCallsBody } from './apiCalls';
import { formatCount, plural } from '../vocabulary/counts';
import { formatSeconds } from '../vocabulary/durations';
import { formatChange, formatRelative, palette, renderTable, type Paint, type TextOptions } from './format';

const CONNECTIONS_SHOWN = 15;

const paintChange = (change: number | null, paint: Paint) => (change === null ? paint.dim : change > 0 ? paint.yellow : (t: string) => t);

function marSection(mar: MarAnalysis, paint: Paint, width: number | undefined): string {
  const title = paint.bold('Monthly active rows');
  if (!mar.available) return `${title}\nNot available: the schema has no INCREMENTAL_MAR table.`;
  const days = `${mar.period.firstDay} to ${mar.period.lastDay} against ${mar.previousPeriod.firstDay} to ${mar.previousPeriod.lastDay}`;
  if (mar.byConnection.length === 0) return `${title} (${days})\nNo MAR recorded in either period.`;
  const trendCells = (t: { rows: number; previousRows: number; changePercent: number | null }) => [
    formatCount(t.rows),
    formatCount(t.previousRows),
    { text: formatChange(t.changePercent, t.rows), paint: paintChange(t.changePercent, paint) },
  ];
  const byTenant = renderTable(
    [
      { header: 'TENANT', max: 24 },
      { header: 'CONNECTIONS', align: 'right', importance: 1 },
      { header: 'MAR', align: 'right', importance: 4 },
      { header: 'BEFORE', align: 'right', importance: 2 },
      { header: 'CHANGE', align: 'right', importance: 3 },
    ],
    [
      ...mar.byTenant.map((t) => [t.tenantId ?? 'no tenant', String(t.connections), ...trendCells(t)]),
      [{ text: 'TOTAL', paint: paint.bold }, String(mar.byConnection.length), ...trendCells(mar.total)],
    ],
    { paint, width },
  );
  const shown = mar.byConnection.slice(0, CONNECTIONS_SHOWN);
  const more = mar.byConnection.length - shown.length;
  const byConnection = renderTable(
    [
      { header: 'CONNECTION', max: 32, importance: 10, min: 16 },
      { header: 'TENANT', max: 18, importance: 3 },
      { header: 'TYPE', max: 16, importance: 1 },
      { header: 'MAR', align: 'right', importance: 6 },
      { header: 'BEFORE', align: 'right', importance: 4 },
      { header: 'CHANGE', align: 'right', importance: 5 },
    ],
    shown.map((c) => [
      `${c.connectionName}${c.connectionId === null ? ' (no connection)' : c.deleted ? ' (deleted)' : ''}`,
      c.tenantId ?? '—',
      c.connectorType ?? '—',
      ...trendCells(c),
    ]),
    { paint, width },
  );
  return `${title} (${days})\n${byTenant}\n\n${paint.bold('By connection')} (largest first)\n${byConnection}${more > 0 ? `\n  … and ${more} more` : ''}`;
}

function errorsSection(analysis: Analysis, now: Date, paint: Paint, width: number | undefined): string {
  const { errors } = analysis;
  const title = paint.bold('Top error types');
  if (errors.total === 0) return `${title}\nNo errors in the period.`;
  const table = renderTable(
    [
      { header: 'TYPE', max: 32, importance: 5, min: 16 },
      { header: 'COUNT', align: 'right', importance: 4 },
      { header: 'CONNECTIONS', max: 40, importance: 2, min: 14 },
      { header: 'LAST SEEN', importance: 3 },
      { header: 'LATEST MESSAGE', max: 70, importance: 1, min: 20 },
    ],
    errors.types.map((t) => [
      { text: t.type, paint: paint.red },
      formatCount(t.count),
      `${t.connections}: ${t.connectionNames.join(', ')}${t.connections > t.connectionNames.length ? ', …' : ''}`,
      formatRelative(t.lastAt, now),
      t.sampleMessage,
    ]),
    { paint, width },
  );
  const truncated = errors.truncated ? `\n${paint.yellow(`Too many errors to read them all: counts cover only those from ${formatRelative(errors.countedFrom, now)} on.`)}` : '';
  return `${title} (${plural(errors.total, 'error')})\n${table}${truncated}`;
}

function durationsSection(analysis: Analysis, paint: Paint, width: number | undefined): string {
  const title = paint.bold('Sync durations by connector type');
  if (analysis.syncDurations.length === 0) return `${title}\nNo successful sync both started and ended in the period.`;
  const table = renderTable(
    [
      { header: 'CONNECTOR TYPE', max: 32, importance: 10, min: 16 },
      { header: 'SYNCS', align: 'right', importance: 2 },
      { header: 'CONNECTIONS', align: 'right', importance: 1 },
      { header: 'P50', align: 'right', importance: 5 },
      { header: 'P95', align: 'right', importance: 4 },
      { header: 'MAX', align: 'right', importance: 3 },
    ],
    analysis.syncDurations.map((d) => [
      d.connectorTypeName && d.connectorTypeName !== d.connectorType ? `${d.connectorTypeName} (${d.connectorType})` : d.connectorType,
      formatCount(d.syncs),
      formatCount(d.connections),
      formatSeconds(d.p50Seconds),
      formatSeconds(d.p95Seconds),
      formatSeconds(d.maxSeconds),
    ]),
    { paint, width },
  );
  return `${title} (successful syncs, slowest p95 first)\n${table}`;
}

/** `analyze`: MAR trend, top errors, sync durations and API usage over a period. */
export function renderAnalysis(analysis: Analysis, options: TextOptions): string {
  const { now, timeZone: zone, width } = options;
  const paint = palette(options.color);
  const sections = [
    `${paint.bold('Fivetran Pulse: analysis')}\n${periodLine(analysis.period, zone)}, compared with ${periodLine(analysis.previousPeriod, zone)}`,
    marSection(analysis.mar, paint, width),
    errorsSection(analysis, now, paint, width),
    durationsSection(analysis, paint, width),
    `${paint.bold('API calls and extract queries per day')}\n${renderApiCallsBody(analysis.apiCalls, paint, options)}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
