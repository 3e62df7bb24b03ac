import type { Row } from '../../warehouse/types';
import { CONNECTIONS_PER_SLICE, eachSlice, LOG_ROWS_PER_SLICE } from '../inSlices';
import { readCell } from '../readCell';
import { EVENT_LIMITS, SCHEMA_CHANGE_EVENTS, SUCCESS_HINT, SYNC_END_EVENTS } from '../snapshotQueries';

/**
 * What a snapshot needs of LOG, connection by connection, kept so that new LOG rows can be folded
 * in without reading the window again. The same fold builds it from a full read and keeps it up to
 * date from the rows loaded since, so both ways give one state for one set of rows:
 *
 * - Folding a row twice changes nothing (rows are told apart by their whole content, as
 *   `dedupeLogRows` does), so a read may overlap the last one and LOG's duplicates count once.
 * - Lists keep the newest N distinct rows in one total order (time, id, then content): a row
 *   pushed out by N newer ones never comes back, since those leave the window after it does.
 * - Everything is bounded by the window: `expireLogState` drops what fell out of it.
 */

/** A LOG row as the statements return it. `shown`: 0 when its message was not fetched (the counts need no more). */
export interface LogRow {
  cid: string;
  id: string | null;
  at: string;
  event: string | null;
  messageEvent: string | null;
  data: string | null;
  syncId: string | null;
}

/**
 * Identity: two rows with the same identity are one event. Built only when needed (ties and rows
 * modified), not for every row read: most rows differ by time already.
 */
export function identityOf(row: LogRow): string {
  return JSON.stringify([row.id, row.at, row.event, row.messageEvent, row.data, row.syncId]);
}

export interface ConnectionLog {
  /** Newest distinct sync ends first (sync_end and legacy status), at most EVENT_LIMITS.syncs. */
  ends: LogRow[];
  /** Newest ends whose message says SUCCESSFUL, at most EVENT_LIMITS.successes. */
  successes: LogRow[];
  severe: LogRow[];
  warnings: LogRow[];
  schema: LogRow[];
  /** Newest sync_start. */
  lastStartAt: string | null;
  /** sync_id → when its sync_start rows say it started: for syncs shown and syncs not ended yet. */
  starts: Map<string, Set<string>>;
  /** sync_id → its records_modified rows by identity: for the latest sync and syncs not ended yet. */
  records: Map<string, Map<string, LogRow>>;
  /** Errors and warnings the counts may still need, by (event, id, time): since the last sync, or in the 24 h before observedAt. */
  counted: Map<string, { event: string; at: string }>;
  /** How many times expiring removed something: a connection's snapshot is built again when it changes. */
  expiries: number;
  /** No start or row modified in `starts` and `records` is older: expiring looks through them only when the window passes it. */
  keptFrom: string | null;
}

export interface LogState {
  connections: Map<string, ConnectionLog>;
  /** Newest `_fivetran_synced` seen in the window. */
  observedAt: string | null;
  /** The time_stamp of a row loaded at observedAt: while it is in the window, observedAt stands. */
  observedTs: string | null;
  /**
   * Since the last expiring and until a row is folded: nothing is kept from before `from` (null
   * when nothing is kept at all), so expiring has nothing to do until the window passes it. Null
   * when unknown. Most cycles fold nothing and move the window by less than that.
   */
  expiryFloor: { from: string | null } | null;
}

export const emptyLogState = (): LogState => ({ connections: new Map(), observedAt: null, observedTs: null, expiryFloor: null });

const END_EVENTS = new Set<string>(SYNC_END_EVENTS);
const SCHEMA_EVENTS = new Set<string>(SCHEMA_CHANGE_EVENTS);

/** The text of a cell, as SQL's CAST(... AS VARCHAR) would compare it. */
const text = (value: Row[string] | undefined): string | null => (value === null || value === undefined ? null : String(value));

export function toLogRow(row: Row): LogRow | null {
  const cid = text(row.cid);
  const at = text(row.time_stamp);
  if (cid === null || at === null) return null;
  const id = text(row.id);
  const event = text(row.event);
  const messageEvent = text(row.message_event);
  const data = text(row.message_data);
  const syncId = text(row.sync_id);
  return { cid, id, at, event, messageEvent, data, syncId };
}

/** Newest first: time, then id (both descending, as the statements rank), then content, so ties always fall one way. */
export function newestFirst(a: LogRow, b: LogRow): number {
  if (a.at !== b.at) return a.at > b.at ? -1 : 1;
  const ai = a.id ?? '';
  const bi = b.id ?? '';
  if (ai !== bi) return ai > bi ? -1 : 1;
  const ak = identityOf(a);
  const bk = identityOf(b);
  return ak === bk ? 0 : ak > bk ? -1 : 1;
}

/**
 * Inserts a row into a newest-first list of at most `limit`. Returns the row that no longer has a
 * place in the list (the row itself when it is too old, the oldest one when it was pushed out),
 * or null when none.
 */
function keepNewest(list: LogRow[], row: LogRow, limit: number): LogRow | null {
  let index = 0;
  while (index < list.length) {
    const order = newestFirst(row, list[index] as LogRow);
    if (order === 0) return null;
    if (order < 0) break;
    index += 1;
  }
  if (index >= limit) return row;
  list.splice(index, 0, row);
  return list.length > limit ? (list.pop() as LogRow) : null;
}

const newConnection = (): ConnectionLog => ({
  ends: [],
  successes: [],
  severe: [],
  warnings: [],
  schema: [],
  lastStartAt: null,
  starts: new Map(),
  records: new Map(),
  counted: new Map(),
  expiries: 0,
  keptFrom: null,
});

function keep(log: ConnectionLog, at: string): void {
  if (log.keptFrom === null || at < log.keptFrom) log.keptFrom = at;
}

function addStart(log: ConnectionLog, syncId: string | null, at: string): void {
  if (syncId === null) return;
  const starts = log.starts.get(syncId) ?? new Set<string>();
  starts.add(at);
  log.starts.set(syncId, starts);
  keep(log, at);
}

/** An end pushed out of the recent syncs will never be shown: neither will its start nor its rows. */
function forgetSync(log: ConnectionLog, syncId: string | null): void {
  if (syncId === null) return;
  log.starts.delete(syncId);
  log.records.delete(syncId);
}

function foldEnd(log: ConnectionLog, row: LogRow): void {
  const dropped = keepNewest(log.ends, row, EVENT_LIMITS.syncs);
  // Another end of the same sync may still be among the newest.
  if (dropped !== null && !log.ends.some((end) => end.syncId === dropped.syncId)) forgetSync(log, dropped.syncId);
  if (row.data !== null && row.data.includes(SUCCESS_HINT)) keepNewest(log.successes, row, EVENT_LIMITS.successes);
}

/** Folds LOG rows into the state (in place: the state belongs to its read model) and returns it. */
export function foldLogRows(state: LogState, rows: readonly Row[]): LogState {
  for (const raw of rows) {
    const observedAt = text(raw.observed_at);
    if (observedAt !== null) {
      const observedTs = text(raw.observed_ts);
      if (state.observedAt === null || observedAt > state.observedAt) {
        state.observedAt = observedAt;
        state.observedTs = observedTs;
        // Which errors and warnings the counts need depends on it.
        state.expiryFloor = null;
      } else if (observedAt === state.observedAt && observedTs !== null && (state.observedTs === null || observedTs > state.observedTs)) {
        state.observedTs = observedTs;
      }
      continue;
    }
    const row = toLogRow(raw);
    if (row === null) continue;
    state.expiryFloor = null;
    let log = state.connections.get(row.cid);
    if (!log) {
      log = newConnection();
      state.connections.set(row.cid, log);
    }
    const shown = readCell.count(raw.shown) === 1;
    if (row.event === 'SEVERE' || row.event === 'WARNING') {
      log.counted.set(JSON.stringify([row.event, row.id, row.at]), { event: row.event, at: row.at });
      if (shown) keepNewest(row.event === 'SEVERE' ? log.severe : log.warnings, row, EVENT_LIMITS.problemsPerSeverity);
    }
    if (!shown) continue;
    const messageEvent = row.messageEvent ?? '';
    if (END_EVENTS.has(messageEvent)) {
      // The full read sends a shown sync's start with its end rather than as a row of its own.
      const startedAt = text(raw.started_at);
      if (startedAt !== null) addStart(log, row.syncId, startedAt);
      foldEnd(log, row);
    } else if (messageEvent === 'sync_start') {
      if (log.lastStartAt === null || row.at > log.lastStartAt) log.lastStartAt = row.at;
      addStart(log, row.syncId, row.at);
    } else if (messageEvent === 'records_modified') {
      if (row.syncId !== null) {
        const records = log.records.get(row.syncId) ?? new Map<string, LogRow>();
        records.set(identityOf(row), row);
        log.records.set(row.syncId, records);
        keep(log, row.at);
      }
    } else if (SCHEMA_EVENTS.has(messageEvent)) keepNewest(log.schema, row, EVENT_LIMITS.schemaChanges);
  }
  return state;
}

/**
 * `foldLogRows`, a slice of rows at a time with a turn of the event loop between slices: rows
 * are folded in the same order, so the state is the one a single pass gives.
 */
export async function foldLogRowsInSlices(state: LogState, rows: readonly Row[], perSlice = LOG_ROWS_PER_SLICE): Promise<LogState> {
  await eachSlice(rows, perSlice, (slice) => foldLogRows(state, slice));
  return state;
}

/** Snowflake's and DuckDB's DATEDIFF('second', at, observedAt) < 86400: whole seconds crossed. */
export function within24hOf(at: string, observedAt: string | null): boolean {
  if (observedAt === null) return false;
  return Math.floor(Date.parse(observedAt) / 1000) - Math.floor(Date.parse(at) / 1000) < 86_400;
}

/**
 * Drops what left the window (`from`) and what no count can need any more. Rows-modified are kept
 * only for the latest sync and for syncs without a known end.
 */
export function expireLogState(state: LogState, from: string): void {
  if (nothingExpires(state, from)) return;
  const floor = { from: null as string | null };
  for (const log of state.connections.values()) floor.from = older(floor.from, expireConnection(log, from, state.observedAt));
  state.expiryFloor = floor;
}

/** `expireLogState`, a slice of connections at a time with a turn of the event loop between slices. */
export async function expireLogStateInSlices(state: LogState, from: string, perSlice = CONNECTIONS_PER_SLICE): Promise<void> {
  if (nothingExpires(state, from)) return;
  const floor = { from: null as string | null };
  await eachSlice([...state.connections.values()], perSlice, (slice) => {
    for (const log of slice) floor.from = older(floor.from, expireConnection(log, from, state.observedAt));
  });
  state.expiryFloor = floor;
}

/** Whether the last expiring left nothing older than `from`, and no row was folded since. */
const nothingExpires = (state: LogState, from: string): boolean => state.expiryFloor !== null && (state.expiryFloor.from === null || from <= state.expiryFloor.from);

const older = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || a <= b ? a : b);

/** The list without its rows older than `from`: newest first, so most cycles find its last row in the window and keep it as it is. */
function inWindow(rows: LogRow[], from: string): LogRow[] {
  const oldest = rows[rows.length - 1];
  return oldest === undefined || oldest.at >= from ? rows : rows.filter((row) => row.at >= from);
}

/** Expires one connection's rows; returns the oldest time it still keeps anything from (null when nothing). */
function expireConnection(log: ConnectionLog, from: string, observedAt: string | null): string | null {
  const [ends, successes, severe, warnings, schema] = [inWindow(log.ends, from), inWindow(log.successes, from), inWindow(log.severe, from), inWindow(log.warnings, from), inWindow(log.schema, from)];
  let removed = ends !== log.ends || successes !== log.successes || severe !== log.severe || warnings !== log.warnings || schema !== log.schema;
  Object.assign(log, { ends, successes, severe, warnings, schema });
  if (log.lastStartAt !== null && log.lastStartAt < from) {
    log.lastStartAt = null;
    removed = true;
  }
  // Rows modified are kept only for the latest sync and syncs without a known end.
  if (log.records.size > 0) {
    const latest = log.ends[0]?.syncId ?? null;
    for (const syncId of log.records.keys()) {
      if (syncId === latest || !log.ends.some((end, i) => i > 0 && end.syncId === syncId)) continue;
      log.records.delete(syncId);
      removed = true;
    }
  }
  if (log.keptFrom !== null && log.keptFrom < from) {
    let keptFrom: string | null = null;
    const stillKept = (at: string) => {
      if (at < from) return (removed = true), false;
      if (keptFrom === null || at < keptFrom) keptFrom = at;
      return true;
    };
    for (const [syncId, starts] of log.starts) {
      for (const at of starts) if (!stillKept(at)) starts.delete(at);
      if (starts.size === 0) log.starts.delete(syncId);
    }
    for (const [syncId, records] of log.records) {
      for (const [key, row] of records) if (!stillKept(row.at)) records.delete(key);
      if (records.size === 0) log.records.delete(syncId);
    }
    log.keptFrom = keptFrom;
  }
  const lastEnd = log.ends[0]?.at ?? null;
  for (const [key, counted] of log.counted) {
    const needed = counted.at >= from && (lastEnd === null || counted.at > lastEnd || within24hOf(counted.at, observedAt));
    if (needed) continue;
    log.counted.delete(key);
    removed = true;
  }
  if (removed) log.expiries += 1;
  let oldest = older(log.lastStartAt, log.keptFrom);
  for (const list of [log.ends, log.successes, log.severe, log.warnings, log.schema]) oldest = older(oldest, list[list.length - 1]?.at ?? null);
  for (const counted of log.counted.values()) oldest = older(oldest, counted.at);
  return oldest;
}
