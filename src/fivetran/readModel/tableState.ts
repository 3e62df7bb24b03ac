import type { Row } from '../../warehouse/types';
import { CONNECTIONS_PER_SLICE, eachSlice, LOG_ROWS_PER_SLICE } from '../inSlices';
import { readCell } from '../readCell';

/**
 * What a snapshot needs of the small tables (CONNECTION with its type and destination names,
 * and this month's MAR), kept so that a cycle folds in only their rows loaded since the last
 * read (`tableRowsStatement`) and still gives the rows `connectionsStatement` would:
 *
 * - CONNECTION by connection id: a row loaded again replaces the one kept; a row marked
 *   `_fivetran_deleted` removes it. CONNECTOR_TYPE and DESTINATION: names by id.
 * - MAR: per (name, destination), the sum of each day of the month, as the warehouse summed it.
 *   A day is summed afresh whenever one of its rows is loaded, so a row updated in place replaces
 *   its old value; the month's total is the sum of its days up to today. At most a value per
 *   day of one month for each pair: a new month starts empty and is read in full.
 * - Rows deleted outright from the warehouse are noticed at the next full read (daily at least).
 */
export interface TableState {
  connections: Map<string, Row>;
  typeNames: Map<string, string | null>;
  destinationNames: Map<string, string | null>;
  /** (name, destination_id) → day (YYYY-MM-DD) → MAR of that day. */
  mar: Map<string, Map<string, number>>;
  /** The first day of the month `mar` is for. */
  month: string;
  /** Per table, the newest `_fivetran_synced` seen: the next read starts just below it. */
  synced: Record<SyncedTable, string | null>;
  /** Connection ids in the statement's order, until a connection is added, dropped or renamed. */
  order: string[] | null;
  /** The connections' rows as of `today`, until a row is folded or the month changes: most cycles fold none. */
  built: { today: string; rows: readonly Row[] } | null;
}

export type SyncedTable = 'connection' | 'connector_type' | 'destination' | 'mar';

export const emptyTableState = (month: string): TableState => ({
  connections: new Map(),
  typeNames: new Map(),
  destinationNames: new Map(),
  mar: new Map(),
  month,
  synced: { connection: null, connector_type: null, destination: null, mar: null },
  order: null,
  built: null,
});

/** Starts the MAR of another month: it is then read in full. */
export function startMonth(state: TableState, month: string): void {
  state.mar.clear();
  state.month = month;
  state.synced.mar = null;
  state.built = null;
}

/** A (name, destination) pair; neither is ever null in the state (MAR rows without them match no connection). */
const marKey = (name: unknown, destination: unknown) => `${String(name)}\u0000${String(destination)}`;

function noteSynced(state: TableState, table: SyncedTable, value: unknown): void {
  const synced = readCell.text(value);
  if (synced === null) return;
  const held = state.synced[table];
  // Both engines' rows give instants as ISO 8601 text in UTC, which compares as the instants do.
  if (held === null || synced > held) state.synced[table] = synced;
}

/** Folds the rows of `tableRowsStatement` into the state (in place). */
export function foldTableRows(state: TableState, rows: readonly Row[]): void {
  if (rows.length > 0) state.built = null;
  for (const row of rows) {
    switch (row.kind) {
      case 'connection': {
        noteSynced(state, 'connection', row.synced);
        const id = readCell.text(row.cid);
        if (id === null) break;
        const held = state.connections.get(id);
        if (readCell.flag(row.deleted)) {
          if (held) {
            state.connections.delete(id);
            state.order = null;
          }
          break;
        }
        if (!held || held.name !== row.name) state.order = null;
        state.connections.set(id, row);
        break;
      }
      case 'connector_type': {
        noteSynced(state, 'connector_type', row.synced);
        const id = readCell.text(row.type_id);
        if (id !== null) state.typeNames.set(id, readCell.text(row.name));
        break;
      }
      case 'destination': {
        noteSynced(state, 'destination', row.synced);
        const id = readCell.text(row.destination_id);
        if (id !== null) state.destinationNames.set(id, readCell.text(row.name));
        break;
      }
      case 'mar': {
        noteSynced(state, 'mar', row.synced);
        const day = readCell.day(row.measured_date);
        if (day === null) break;
        const key = marKey(row.name, row.destination_id);
        const days = state.mar.get(key) ?? new Map<string, number>();
        days.set(day, readCell.count(row.mar_rows));
        state.mar.set(key, days);
        break;
      }
      default:
        break;
    }
  }
}

/**
 * `foldTableRows`, a slice of rows at a time with a turn of the event loop between slices: a
 * cycle at 10,000 connections folds all their CONNECTION rows whenever the Platform Connector
 * loaded them again. Same order, so the same state.
 */
export async function foldTableRowsInSlices(state: TableState, rows: readonly Row[], perSlice = LOG_ROWS_PER_SLICE): Promise<void> {
  await eachSlice(rows, perSlice, (slice) => foldTableRows(state, slice));
}

/** Text in the warehouse's order (code points, as UTF-8 bytes compare), not JavaScript's UTF-16 units. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF. */
const codePointRank = (unit: number) => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);

/** Nulls last, as both engines sort ascending. */
function nullsLast(x: string | null, y: string | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return compareText(x, y);
}

/** ORDER BY name, id. */
function inStatementOrder(connections: Iterable<Row>): string[] {
  const keyed = [...connections].map((row) => ({ id: String(row.cid), name: readCell.text(row.name) }));
  keyed.sort((a, b) => nullsLast(a.name, b.name) || nullsLast(a.id, b.id));
  return keyed.map((row) => row.id);
}

/** This month's MAR of a (name, destination) up to `today`, as `connectionsStatement` sums it. */
function marUpTo(state: TableState, name: unknown, destination: unknown, today: string): number {
  if (name === null || name === undefined || destination === null || destination === undefined) return 0;
  const days = state.mar.get(marKey(name, destination));
  let total = 0;
  for (const [day, rows] of days ?? []) if (day <= today) total += rows;
  return total;
}

/** The row `connectionsStatement` would give for one live connection. */
function connectionRowOf(state: TableState, id: string, today: string): Row {
  const row = state.connections.get(id) as Row;
  const type = readCell.text(row.type_id);
  const destination = readCell.text(row.destination_id);
  return {
    connection_id: row.cid ?? null,
    connection_name: row.name ?? null,
    connector_type: row.type_id ?? null,
    connector_type_name: type === null ? null : (state.typeNames.get(type) ?? null),
    destination_id: row.destination_id ?? null,
    destination_name: destination === null ? null : (state.destinationNames.get(destination) ?? null),
    paused: row.paused ?? null,
    signed_up: row.signed_up ?? null,
    sync_frequency: row.sync_frequency ?? null,
    mar_this_month: marUpTo(state, row.name, row.destination_id, today),
  };
}

/**
 * The rows `connectionsStatement` would give now: one per live connection, in its order. Built
 * ten slices' worth of connections at a time with a turn of the event loop between them; the
 * order is sorted at once (a sort cannot be cut, and it is kept until a connection is added,
 * dropped or renamed).
 */
export async function connectionRowsOfInSlices(state: TableState, today: string, perSlice = CONNECTIONS_PER_SLICE * 10): Promise<Row[]> {
  if (state.built !== null && state.built.today === today) return [...state.built.rows];
  if (state.order === null) state.order = inStatementOrder(state.connections.values());
  const rows: Row[] = [];
  await eachSlice(state.order, perSlice, (slice) => {
    for (const id of slice) rows.push(connectionRowOf(state, id, today));
  });
  state.built = { today, rows };
  return [...rows];
}
