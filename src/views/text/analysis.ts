import type { Analysis, MarAnalysis } from '../../fivetran/analysis/types';
import { periodLine, renderApiCallsBody } from './apiCalls';
import { formatCount, plural } from '../vocabulary/counts';
import { formatSeconds } from '../vocabulary/durations';
import { formatChange, formatRelative, palette, renderTable, type Paint, type TextOptions } from './format';

const CONNECTIONS_SHOWN = 15;

const paintChange = (change: number | null, paint: Paint) => (change === null ? paint.dim : change > 0 ? paint.yellow : (t: string) => t);

function marSection(mar: MarAnalysis, paint: Paint): string {
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
    [{ header: 'TENANT', max: 24 }, { header: 'CONNECTIONS', align: 'right' }, { header: 'MAR', align: 'right' }, { header: 'BEFORE', align: 'right' }, { header: 'CHANGE', align: 'right' }],
    [
      ...mar.byTenant.map((t) => [t.tenantId ?? 'no tenant', String(t.connections), ...trendCells(t)]),
      [{ text: 'TOTAL', paint: paint.bold }, String(mar.byConnection.length), ...trendCells(mar.total)],
    ],
    { paint },
  );
  const shown = mar.byConnection.slice(0, CONNECTIONS_SHOWN);
  const more = mar.byConnection.length - shown.length;
  const byConnection = renderTable(
    [{ header: 'CONNECTION', max: 32 }, { header: 'TENANT', max: 18 }, { header: 'TYPE', max: 16 }, { header: 'MAR', align: 'right' }, { header: 'BEFORE', align: 'right' }, { header: 'CHANGE', align: 'right' }],
    shown.map((c) => [
      `${c.connectionName}${c.connectionId === null ? ' (no connection)' : c.deleted ? ' (deleted)' : ''}`,
      c.tenantId ?? '—',
      c.connectorType ?? '—',
      ...trendCells(c),
    ]),
    { paint },
  );
  return `${title} (${days})\n${byTenant}\n\n${paint.bold('By connection')} (largest first)\n${byConnection}${more > 0 ? `\n  … and ${more} more` : ''}`;
}

function errorsSection(analysis: Analysis, now: Date, paint: Paint): string {
  const { errors } = analysis;
  const title = paint.bold('Top error types');
  if (errors.total === 0) return `${title}\nNo errors in the period.`;
  const table = renderTable(
    [{ header: 'TYPE', max: 32 }, { header: 'COUNT', align: 'right' }, { header: 'CONNECTIONS', max: 40 }, { header: 'LAST SEEN' }, { header: 'LATEST MESSAGE', max: 70 }],
    errors.types.map((t) => [
      { text: t.type, paint: paint.red },
      formatCount(t.count),
      `${t.connections}: ${t.connectionNames.join(', ')}${t.connections > t.connectionNames.length ? ', …' : ''}`,
      formatRelative(t.lastAt, now),
      t.sampleMessage,
    ]),
    { paint },
  );
  const truncated = errors.truncated ? `\n${paint.yellow(`Too many errors to read them all: counts cover only those from ${formatRelative(errors.countedFrom, now)} on.`)}` : '';
  return `${title} (${plural(errors.total, 'error')})\n${table}${truncated}`;
}

function durationsSection(analysis: Analysis, paint: Paint): string {
  const title = paint.bold('Sync durations by connector type');
  if (analysis.syncDurations.length === 0) return `${title}\nNo successful sync both started and ended in the period.`;
  const table = renderTable(
    [{ header: 'CONNECTOR TYPE', max: 32 }, { header: 'SYNCS', align: 'right' }, { header: 'CONNECTIONS', align: 'right' }, { header: 'P50', align: 'right' }, { header: 'P95', align: 'right' }, { header: 'MAX', align: 'right' }],
    analysis.syncDurations.map((d) => [
      d.connectorTypeName && d.connectorTypeName !== d.connectorType ? `${d.connectorTypeName} (${d.connectorType})` : d.connectorType,
      formatCount(d.syncs),
      formatCount(d.connections),
      formatSeconds(d.p50Seconds),
      formatSeconds(d.p95Seconds),
      formatSeconds(d.maxSeconds),
    ]),
    { paint },
  );
  return `${title} (successful syncs, slowest p95 first)\n${table}`;
}

/** `analyze`: MAR trend, top errors, sync durations and API usage over a period. */
export function renderAnalysis(analysis: Analysis, options: TextOptions): string {
  const { now } = options;
  const paint = palette(options.color);
  const sections = [
    `${paint.bold('Fivetran Pulse: analysis')}\n${periodLine(analysis.period)}, compared with ${periodLine(analysis.previousPeriod)}`,
    marSection(analysis.mar, paint),
    errorsSection(analysis, now, paint),
    durationsSection(analysis, paint),
    `${paint.bold('API calls and extract queries per day')}\n${renderApiCallsBody(analysis.apiCalls, paint)}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
