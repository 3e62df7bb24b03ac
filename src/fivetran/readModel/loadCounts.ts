import type { Row } from '../../warehouse/types';
import { readCell } from '../readCell';

/**
 * How many LOG rows (in the time window) were loaded in each minute of `_fivetran_synced`, from
 * `from` on, as the last incremental read counted them. The next read compares the overlap's
 * minutes with these to tell whether a load committed late into them, and reads the overlap
 * again only then.
 */
export interface LoadCounts {
  /** The first minute counted (ISO); no minute before it is known. */
  from: string;
  /** Rows loaded by minute (ISO of the minute's start). */
  byMinute: ReadonlyMap<string, number>;
}

/** What a read binds when the overlap's rows were never counted: no count matches, so they are read. */
export const UNCOUNTED = -1;

const MINUTE_MS = 60_000;

/** The start of the minute `iso` falls in, as DATE_TRUNC('minute', …) gives it. */
export function minuteOf(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS)).toISOString();
}

/** Whole minutes, rounded up, never negative: how far before the newest load's minute a full read counts (an interval literal in its SQL). */
export const wholeMinutes = (minutes: number): number => Math.max(0, Math.ceil(minutes));

/** The first minute a full read counted when asked for `minutes`: that many whole minutes before the newest load's. */
export function fullReadCountsFrom(observedAt: string, minutes: number): string {
  return new Date(Date.parse(minuteOf(observedAt)) - wholeMinutes(minutes) * MINUTE_MS).toISOString();
}

/** The counts among a new-LOG read's rows (those with `loaded_rows`), for the minutes from `from`. */
export function loadCountsOf(rows: readonly Row[], from: string): LoadCounts {
  const byMinute = new Map<string, number>();
  for (const row of rows) {
    if (row.loaded_rows === null || row.loaded_rows === undefined || row.time_stamp === null || row.time_stamp === undefined) continue;
    const minute = new Date(Date.parse(String(row.time_stamp))).toISOString();
    byMinute.set(minute, (byMinute.get(minute) ?? 0) + readCell.count(row.loaded_rows));
  }
  return { from, byMinute };
}

/** Whether a row of a new-LOG read is one of its load counts rather than a LOG row or the newest load. */
export const isLoadCount = (row: Row): boolean => row.loaded_rows !== null && row.loaded_rows !== undefined;

/**
 * The rows counted in the minutes from `since` to the one `observed` falls in, whole: what the
 * warehouse must still hold there if no load committed late. UNCOUNTED when some of those minutes
 * were not counted.
 */
export function countedBetween(counts: LoadCounts | null, since: string, observed: string): number {
  if (counts === null || Date.parse(since) < Date.parse(counts.from)) return UNCOUNTED;
  const first = Date.parse(since);
  const last = Date.parse(observed);
  let sum = 0;
  for (const [minute, rows] of counts.byMinute) {
    const at = Date.parse(minute);
    if (at >= first && at <= last) sum += rows;
  }
  return sum;
}
