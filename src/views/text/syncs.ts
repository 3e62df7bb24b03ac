import type { Assessment, ConnectionAssessment } from '../../health/types';
import { worstFirst } from '../connectionOrder';
import { findConnection } from '../../health/scope';
import { connectionNotFound } from './connections';
import { formatMinutes, formatSeconds, formatSpan } from '../vocabulary/durations';
import { plural } from '../vocabulary/counts';
import { SERIES_DAYS } from '../series';
import { sparkline, SPARKLINE_MAX } from './sparkline';
import { formatInstant, formatRelative, formatWhen, palette, renderTable, type Paint, type TextOptions } from './format';
import { renderHeader } from './header';
import { paintStatus, STATUS_LETTERS_LEGEND, statusLetter } from './syncOutcome';
import { describeSyncOutcome } from '../vocabulary/syncStatus';

export interface SyncsOptions extends TextOptions {
  connectionId?: string;
  /** The named connection's sync durations over the period, oldest first ({@link syncDurationSeries}). */
  durations?: ReadonlyArray<{ seconds: number }>;
}

/** The durations as a sparkline, with the shortest, median and longest in words. */
function durationsSection(durations: ReadonlyArray<{ seconds: number }>, width: number | undefined, paint: Paint): string {
  const title = `${paint.bold('Sync durations')}, last ${SERIES_DAYS} days, oldest to newest`;
  if (durations.length === 0) return `${title}\n  no sync both started and ended in the period`;
  const seconds = durations.map((d) => d.seconds);
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  const line = sparkline(seconds, Math.min(SPARKLINE_MAX, (width ?? Infinity) - 2));
  const grouped = seconds.length > line.length ? ` (${line.length} blocks, each the longest of its group)` : '';
  return `${title}${grouped}\n  ${line}\n  ${plural(seconds.length, 'sync')}: shortest ${formatSeconds(sorted[0])}, median ${formatSeconds(median)}, longest ${formatSeconds(sorted[sorted.length - 1])}`;
}

function durations(c: ConnectionAssessment): string {
  return c.medianDurationMinutes === null ? 'no timed sync' : `median ${formatMinutes(c.medianDurationMinutes)}, p95 ${formatMinutes(c.p95DurationMinutes)}`;
}

function oneConnection(c: ConnectionAssessment, options: SyncsOptions, paint: Paint): string {
  const { now, timeZone: zone } = options;
  const lines = [
    `${paint.bold(c.connectionName)} (${c.connectionId}), ${c.connectorType}, every ${formatMinutes(c.syncFrequencyMinutes, { whenMissing: '? (unknown)' })}`,
    `Durations of recent syncs: ${durations(c)}.`,
    c.runningSince ? paint.yellow(`A sync is running, started ${formatWhen(c.runningSince, now, '—', zone)}.`) : 'No sync running.',
  ];
  if (options.durations) lines.push('', durationsSection(options.durations, options.width, paint));
  if (c.recentSyncs.length === 0) return `${lines.join('\n')}\n\nNo completed sync in the last 30 days.`;
  const table = renderTable(
    [
      { header: 'STARTED', importance: 5 },
      { header: 'ENDED', importance: 2 },
      { header: 'DURATION', align: 'right', importance: 4 },
      { header: 'STATUS', max: 34, importance: 3, min: 12 },
      { header: 'REASON', max: 70, importance: 1, min: 16 },
    ],
    c.recentSyncs.map((s) => [
      formatInstant(s.startedAt, 'unknown', zone),
      formatRelative(s.endedAt, now),
      formatSpan(s.startedAt, s.endedAt),
      { text: describeSyncOutcome(s), paint: paintStatus(s.status, paint) },
      s.reason ?? '',
    ]),
    { paint, width: options.width },
  );
  return `${lines.join('\n')}\n\nRecent syncs (newest first):\n${table}`;
}

/** `syncs`: each connection's recent syncs and durations, or one connection's syncs in full. */
export function renderSyncs(assessment: Assessment, options: SyncsOptions): string {
  const { now } = options;
  const paint = palette(options.color);
  const header = renderHeader('Syncs', assessment, options, paint);

  if (options.connectionId !== undefined) {
    const lookup = findConnection(assessment.connections, options.connectionId);
    return `${header}\n\n${lookup.kind === 'found' ? oneConnection(lookup.connection, options, paint) : connectionNotFound(assessment, options.connectionId, lookup)}\n`;
  }
  if (assessment.connections.length === 0) return `${header}\n\nNo connections in the monitoring data.\n`;

  const running = assessment.connections.filter((c) => c.runningSince !== null).length;
  const rows = worstFirst(assessment.connections, assessment.alerts).map((c) => {
    const last = c.recentSyncs[0] ?? null;
    return [
      c.connectionName,
      c.tenantId ?? '—',
      last ? { text: describeSyncOutcome(last), paint: paintStatus(last.status, paint) } : '—',
      last ? formatRelative(last.startedAt ?? last.endedAt, now) : '—',
      last ? formatSpan(last.startedAt, last.endedAt) : '—',
      formatMinutes(c.medianDurationMinutes),
      formatMinutes(c.p95DurationMinutes),
      c.recentSyncs.map((s) => statusLetter(s.status)).join(''),
      c.runningSince ? { text: formatRelative(c.runningSince, now), paint: paint.yellow } : '',
    ];
  });
  const table = renderTable(
    [
      { header: 'CONNECTION', max: 32, importance: 10, min: 16 },
      { header: 'TENANT', max: 18, importance: 3 },
      { header: 'LAST STATUS', max: 34, importance: 9, min: 12 },
      { header: 'LAST START', importance: 8 },
      { header: 'LAST DURATION', align: 'right', importance: 6 },
      { header: 'MEDIAN', align: 'right', importance: 5 },
      { header: 'P95', align: 'right', importance: 4 },
      { header: 'RECENT', max: 30, importance: 2 },
      { header: 'RUNNING SINCE', importance: 7 },
    ],
    rows,
    { paint, width: options.width },
  );
  return `${header}\n\n${running} sync${running === 1 ? '' : 's'} running now. Recent: newest first, ${STATUS_LETTERS_LEGEND}.\n\n${table}\n`;
}
