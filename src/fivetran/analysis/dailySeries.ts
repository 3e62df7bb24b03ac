import { bindNamed } from '../../warehouse/namedBinds';
import type { Row, Warehouse } from '../../warehouse/types';
import { logConnectionId } from '../logColumns';
import { parseMessageData, textField } from '../messageData';
import { readCell } from '../readCell';
import type { SchemaNaming } from '../schemaNaming';
import type { SyncStatus } from '../types';
import { daysOf } from './period';
import type { DayRange, Period } from './types';

/**
 * The series charts draw: MAR day by day, and one connection's syncs one by one. Read on demand
 * (a person asked for a chart), bounded by the range, one statement each.
 */

/** Incremental rows of one UTC day, under the name INCREMENTAL_MAR gives the connection. */
export interface DailyMarRow {
  day: string;
  connectionName: string;
  rows: number;
}

export interface DailyMarRead {
  /** False when the schema has no INCREMENTAL_MAR table. */
  available: boolean;
  range: DayRange;
  /** Oldest day first; one row per day and connection name that had rows. */
  rows: DailyMarRow[];
}

/** One completed sync of a connection: when it started and ended, and how it ended. */
export interface TimedSync {
  syncId: string;
  startedAt: string;
  endedAt: string;
  status: SyncStatus;
  durationSeconds: number;
}

/** Syncs one chart shows at most; a connection syncing every 5 minutes makes about 8,600 in 30 days. */
export const TIMED_SYNC_LIMIT = 2_000;

/** INCREMENTAL_MAR by day and name within the range. Named binds: {firstDay}, {lastDay}. Null without the table. */
export function dailyMarStatement(naming: SchemaNaming): string | null {
  const marName = naming.marNameColumn;
  if (marName === null) return null;
  return `SELECT measured_date AS mar_day, ${marName} AS mar_name, SUM(incremental_rows) AS mar_rows
    FROM ${naming.schema}.INCREMENTAL_MAR
    WHERE measured_date >= {firstDay}::DATE AND measured_date <= {lastDay}::DATE
    GROUP BY measured_date, ${marName}
    ORDER BY mar_day, mar_name`;
}

/**
 * One connection's syncs whose start and end both fall in the period, sync_start paired with
 * sync_end by sync_id, newest {@link TIMED_SYNC_LIMIT}. Named binds: {from}, {to}, {connectionId}.
 */
export function timedSyncsStatement(naming: SchemaNaming, limit = TIMED_SYNC_LIMIT): string {
  return `WITH ev AS (
    SELECT l.sync_id, l.message_event, l.time_stamp, l.message_data
    FROM ${naming.schema}.LOG l
    WHERE l.time_stamp >= {from}::TIMESTAMP AND l.time_stamp < {to}::TIMESTAMP
      AND l.message_event IN ('sync_start', 'sync_end') AND l.sync_id IS NOT NULL
      AND ${logConnectionId(naming, 'l')} = {connectionId}
  ), starts AS (
    SELECT sync_id, MIN(time_stamp) AS started_at FROM ev WHERE message_event = 'sync_start' GROUP BY sync_id
  ), ends AS (
    SELECT sync_id, time_stamp AS ended_at, message_data FROM ev WHERE message_event = 'sync_end'
    QUALIFY ROW_NUMBER() OVER (PARTITION BY sync_id ORDER BY time_stamp DESC) = 1
  )
  SELECT s.sync_id, s.started_at, e.ended_at, e.message_data, DATEDIFF('second', s.started_at, e.ended_at) AS duration_s
  FROM starts s JOIN ends e ON e.sync_id = s.sync_id
  WHERE e.ended_at >= s.started_at
  ORDER BY s.started_at DESC
  LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/** Pure: the timed syncs' rows, oldest first. */
export function assembleTimedSyncs(rows: readonly Row[]): TimedSync[] {
  return rows
    .map((row) => ({
      syncId: readCell.text(row.sync_id) ?? '',
      startedAt: String(row.started_at),
      endedAt: String(row.ended_at),
      status: textField(parseMessageData(row.message_data), 'status') ?? 'UNKNOWN',
      durationSeconds: Math.max(0, Math.round(readCell.count(row.duration_s))),
    }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export async function readDailyMar(warehouse: Warehouse, naming: SchemaNaming, range: DayRange): Promise<DailyMarRead> {
  const sql = dailyMarStatement(naming);
  if (sql === null) return { available: false, range, rows: [] };
  const bound = bindNamed(sql, { firstDay: range.firstDay, lastDay: range.lastDay });
  const rows = await warehouse.query(bound.sql, bound.binds, { tag: 'chart:mar-by-day' });
  return {
    available: true,
    range,
    rows: rows.map((row) => ({ day: readCell.day(row.mar_day) ?? '', connectionName: readCell.text(row.mar_name) ?? '(unnamed)', rows: readCell.count(row.mar_rows) })),
  };
}

export async function readTimedSyncs(warehouse: Warehouse, naming: SchemaNaming, connectionId: string, period: Period): Promise<TimedSync[]> {
  const bound = bindNamed(timedSyncsStatement(naming), { from: period.from, to: period.to, connectionId });
  return assembleTimedSyncs(await warehouse.query(bound.sql, bound.binds, { tag: 'chart:sync-durations' }));
}

/** Pure: every day of the range with the rows of the names kept, zeros included, oldest first. */
export function sumByDay(read: DailyMarRead, keep: (connectionName: string) => boolean = () => true): Array<{ day: string; rows: number }> {
  const totals = new Map(daysOf(read.range).map((day) => [day, 0]));
  for (const row of read.rows) {
    if (totals.has(row.day) && keep(row.connectionName)) totals.set(row.day, (totals.get(row.day) ?? 0) + row.rows);
  }
  return [...totals.entries()].map(([day, rows]) => ({ day, rows }));
}
