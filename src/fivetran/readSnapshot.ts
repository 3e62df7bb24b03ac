import { bindNamed } from '../warehouse/namedBinds';
import type { Row, Warehouse } from '../warehouse/types';
import { assembleSnapshotInSlices } from './assembleSnapshot';
import { fullReadCountsFrom, isLoadCount, loadCountsOf, type LoadCounts } from './readModel/loadCounts';
import { emptyLogState, expireLogStateInSlices, foldLogRowsInSlices, type LogState } from './readModel/logState';
import type { SchemaNaming } from './schemaNaming';
import { connectionsStatement, logStatement } from './snapshotQueries';
import type { Snapshot } from './types';

/** Schema changes are shown for 30 days, so nothing older is ever read from LOG. */
export const SNAPSHOT_WINDOW_DAYS = 30;

export interface ReadSnapshotOptions {
  /** Read as of this instant (default now): LOG rows stamped or loaded after it are ignored, for reproducible runs. */
  at?: Date;
  windowDays?: number;
}

/** The instants a read as of `at` is bounded by, as the statements bind them. */
export interface ReadWindow {
  from: string;
  to: string;
  today: string;
  monthStart: string;
}

export function readWindow(at: Date, windowDays = SNAPSHOT_WINDOW_DAYS): ReadWindow {
  const to = at.toISOString();
  return { from: new Date(at.getTime() - windowDays * 86_400_000).toISOString(), to, today: to.slice(0, 10), monthStart: `${to.slice(0, 7)}-01` };
}

/** CONNECTION with its names and this month's MAR: small, read afresh every cycle. */
export async function readConnectionRows(warehouse: Warehouse, naming: SchemaNaming, window: ReadWindow): Promise<Row[]> {
  const statement = bindNamed(connectionsStatement(naming), { monthStart: window.monthStart, today: window.today });
  return warehouse.query(statement.sql, statement.binds, { tag: 'snapshot:connections' });
}

/**
 * The full read of LOG's window, folded into a fresh read model state. With `countLoadsMinutes`,
 * also the rows loaded in each minute from that many minutes before the newest load's (null when
 * the window has no load).
 */
export async function readLogState(
  warehouse: Warehouse,
  naming: SchemaNaming,
  window: ReadWindow,
  countLoadsMinutes?: number,
): Promise<{ state: LogState; rowsRead: number; loads: LoadCounts | null }> {
  const statement = bindNamed(logStatement(naming, countLoadsMinutes), { from: window.from, to: window.to });
  const all = await warehouse.query(statement.sql, statement.binds, { tag: 'snapshot:events' });
  const rows = countLoadsMinutes === undefined ? all : all.filter((row) => !isLoadCount(row));
  const state = await foldLogRowsInSlices(emptyLogState(), rows);
  await expireLogStateInSlices(state, window.from);
  const counted = countLoadsMinutes !== undefined && state.observedAt !== null;
  const loads = counted ? loadCountsOf(all, fullReadCountsFrom(state.observedAt as string, countLoadsMinutes)) : null;
  return { state, rowsRead: rows.length, loads };
}

/** Two statements, whatever the number of connections; LOG is read once, bounded by the time window. */
export async function readSnapshot(warehouse: Warehouse, naming: SchemaNaming, options: ReadSnapshotOptions = {}): Promise<Snapshot> {
  const window = readWindow(options.at ?? new Date(), options.windowDays);
  const [connectionRows, { state }] = await Promise.all([readConnectionRows(warehouse, naming, window), readLogState(warehouse, naming, window)]);
  return assembleSnapshotInSlices(connectionRows, state, window.to);
}
