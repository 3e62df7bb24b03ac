import { bindNamed } from '../../warehouse/namedBinds';
import type { Warehouse } from '../../warehouse/types';
import { readLogState, readWindow, SNAPSHOT_WINDOW_DAYS, type ReadWindow } from '../readSnapshot';
import type { SchemaNaming } from '../schemaNaming';
import { checkedTables, newLogStatement, tableRowsStatement, type TableRowsParts } from '../snapshotQueries';
import type { Snapshot } from '../types';
import type { Row } from '../../warehouse/types';
import { assembleChangedInSlices, emptyAssemblyCache, type AssemblyCache } from './assemblyCache';
import { countedBetween, isLoadCount, loadCountsOf, minuteOf, UNCOUNTED, type LoadCounts } from './loadCounts';
import { expireLogStateInSlices, foldLogRowsInSlices, type LogState } from './logState';
import { connectionRowsOfInSlices, emptyTableState, foldTableRowsInSlices, startMonth, type SyncedTable, type TableState } from './tableState';
import { isTableCheck, tableCheckBinds, tableChecksOf, type TableChecks } from './tableChecks';

export type ReadMode = 'full' | 'incremental';

/** Why a read was full: the first, after a gap, a new schema naming, the daily one, or the newest load left the window. */
export type FullReadReason = 'start' | 'gap' | 'naming' | 'daily' | 'observation' | 'earlier';

export interface ModelRead {
  snapshot: Snapshot;
  mode: ReadMode;
  /** Why a full read was made; null for an incremental one. */
  reason: FullReadReason | null;
  /** LOG rows the statements returned (the newest load among them included, counts of rows loaded per minute not). */
  logRowsRead: number;
  /** Rows of CONNECTION, CONNECTOR_TYPE, DESTINATION and days of MAR the statements returned. */
  tableRowsRead: number;
}

export interface ReadModelOptions {
  windowDays?: number;
  /**
   * How far behind the newest load already seen an incremental read starts again: a load whose
   * rows commit after a read yet carry an earlier `_fivetran_synced` is still folded in.
   */
  overlapMinutes?: number;
  /** A read more than this after the previous one is a full read: the model may have missed too much. */
  gapMinutes?: number;
  /** A full read at least this often, as a safety net. */
  fullEveryMinutes?: number;
}

export const READ_MODEL_DEFAULTS = { overlapMinutes: 15, gapMinutes: 6 * 60, fullEveryMinutes: 24 * 60 } as const;

export interface ReadModel {
  /** A snapshot as of `at`, from a full read or from the rows loaded since the last read. */
  read(at: Date, naming?: SchemaNaming): Promise<ModelRead>;
}

interface Held {
  state: LogState;
  /** LOG's rows loaded per minute from the overlap's first on, as the last read counted them; null when it did not. */
  loads: LoadCounts | null;
  tables: TableState;
  /** What the last cycle saw of each small table's rows from its since on, by minute. */
  checks: TableChecks;
  assembled: AssemblyCache;
  naming: string;
  /** The instant of the last read, and of the last full one. */
  readAt: number;
  fullAt: number;
}

/** The last day of `window`'s month, for MAR's days. */
const monthEndOf = (window: ReadWindow): string => {
  const [year, month] = window.monthStart.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
};

const EPOCH = new Date(0).toISOString();

const newest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * The long-running app's read of the Platform Connector: after a full read, each cycle reads only
 * the rows loaded since the last one (`_fivetran_synced` above the newest load seen of each table,
 * less an overlap), LOG's still bounded by the time window, and folds them
 * into the state it keeps: LOG's per connection (`logState`, the one `readLogState` builds) and
 * the small tables' (`tableState`), so an incremental snapshot is the full read's snapshot.
 * Reads are one at a time: a read waits for the one before it.
 */
export function createReadModel(warehouse: Warehouse, naming: SchemaNaming, options: ReadModelOptions = {}): ReadModel {
  const windowDays = options.windowDays ?? SNAPSHOT_WINDOW_DAYS;
  const overlapMs = (options.overlapMinutes ?? READ_MODEL_DEFAULTS.overlapMinutes) * 60_000;
  const gapMs = (options.gapMinutes ?? READ_MODEL_DEFAULTS.gapMinutes) * 60_000;
  const fullEveryMs = (options.fullEveryMinutes ?? READ_MODEL_DEFAULTS.fullEveryMinutes) * 60_000;
  let held: Held | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  function fullReadReason(at: number, window: { from: string }, namingKey: string): FullReadReason | null {
    if (held === null) return 'start';
    if (held.naming !== namingKey) return 'naming';
    if (at < held.readAt) return 'earlier';
    if (at - held.readAt > gapMs) return 'gap';
    if (at - held.fullAt >= fullEveryMs) return 'daily';
    // The newest load is observedAt only while a row it loaded is in the window.
    if (held.state.observedTs !== null && held.state.observedTs < window.from) return 'observation';
    return null;
  }

  /** Just below the newest load seen: loads that commit late, with an earlier time, are read again. */
  const below = (synced: string | null, floor = EPOCH) => (synced === null ? floor : new Date(Math.max(Date.parse(synced) - overlapMs, Date.parse(floor))).toISOString());

  /** The small tables' rows, and (in a cycle) what it checked of each table's rows from its since, for the next one. */
  async function queryTableRows(
    current: SchemaNaming,
    parts: TableRowsParts,
    window: ReadWindow,
    tables: TableState,
    log: LogState | null,
    checks: TableChecks,
    tag: string,
  ): Promise<{ rows: Row[]; checks: TableChecks }> {
    // A table whose newest row is older than LOG's newest load is read from below that load: the
    // Platform Connector writes all its tables in one sync, so what commits after a read was loaded
    // no earlier than the overlap before the newest load that read saw. Otherwise the rows of an
    // unchanging table's last load would be read again every cycle.
    // On a whole minute: what a cycle saw of a table is counted by minute.
    const sinceOf = (table: SyncedTable) => minuteOf(below(newest(tables.synced[table], log?.observedAt ?? null)));
    const sinces = { connection: sinceOf('connection'), connector_type: sinceOf('connector_type'), destination: sinceOf('destination'), mar: sinceOf('mar') };
    const statement = bindNamed(tableRowsStatement(current, parts), {
      ...tableCheckBinds(checks, sinces),
      monthStart: window.monthStart,
      monthEnd: monthEndOf(window),
    });
    const rows = await warehouse.query(statement.sql, statement.binds, { tag });
    return { rows: rows.filter((row) => !isTableCheck(row)), checks: tableChecksOf(rows, checkedTables(current, parts), sinces) };
  }

  /** The new LOG rows, and the rows loaded per minute from the overlap's first on, counted for the next read. */
  async function queryNewLogRows(current: SchemaNaming, window: ReadWindow, model: Held): Promise<{ rows: Row[]; loads: LoadCounts }> {
    const observed = model.state.observedAt;
    const overlapAfter = below(observed, window.from);
    // Counted from a whole minute: the counts the overlap is checked against are by minute.
    const since = minuteOf(overlapAfter);
    const statement = bindNamed(newLogStatement(current), {
      from: window.from,
      to: window.to,
      since,
      overlapAfter,
      // Loads are told to the millisecond: the newest seen may carry more digits, all below this.
      seenBefore: observed === null ? EPOCH : new Date(Date.parse(observed) + 1).toISOString(),
      seen: observed === null ? UNCOUNTED : countedBetween(model.loads, since, observed),
    });
    const rows = await warehouse.query(statement.sql, statement.binds, { tag: 'snapshot:new-events' });
    return { rows: rows.filter((row) => !isLoadCount(row)), loads: loadCountsOf(rows, since) };
  }

  async function readOnce(at: Date, current: SchemaNaming): Promise<ModelRead> {
    const window = readWindow(at, windowDays);
    const namingKey = JSON.stringify(current);
    const reason = fullReadReason(at.getTime(), window, namingKey);
    if (reason !== null) {
      const tables = emptyTableState(window.monthStart);
      const [{ rows: tableRows }, { state, rowsRead, loads }] = await Promise.all([
        queryTableRows(current, { tables: 'all', mar: 'all' }, window, tables, null, {}, 'snapshot:tables'),
        // Counted over the overlap, so that the first cycle reads it again only if a load committed late into it.
        readLogState(warehouse, current, window, overlapMs / 60_000),
      ]);
      await foldTableRowsInSlices(tables, tableRows);
      const assembled = emptyAssemblyCache();
      held = { state, loads, tables, checks: {}, assembled, naming: namingKey, readAt: at.getTime(), fullAt: at.getTime() };
      const snapshot = await assembleChangedInSlices(assembled, await connectionRowsOfInSlices(tables, window.today), state, window.to, new Set());
      return { snapshot, mode: 'full', reason, logRowsRead: rowsRead, tableRowsRead: tableRows.length };
    }
    const model = held as Held;
    const newMonth = model.tables.month !== window.monthStart;
    // Two narrow statements side by side: as one, every row would carry both kinds' columns.
    const [{ rows: logRows, loads }, { rows: tableRows, checks }] = await Promise.all([
      queryNewLogRows(current, window, model),
      queryTableRows(current, { tables: 'new', mar: newMonth ? 'all' : 'new' }, window, model.tables, model.state, model.checks, 'snapshot:new-tables'),
    ]);
    // Only once the rows are in: a read that fails leaves the model as it was.
    if (newMonth) startMonth(model.tables, window.monthStart);
    await foldTableRowsInSlices(model.tables, tableRows);
    await foldLogRowsInSlices(model.state, logRows);
    await expireLogStateInSlices(model.state, window.from);
    model.loads = loads;
    model.checks = checks;
    model.readAt = at.getTime();
    // Only the connections whose rows, LOG state or names changed are assembled again.
    const touched = new Set(logRows.map((row) => String(row.cid)));
    const snapshot = await assembleChangedInSlices(model.assembled, await connectionRowsOfInSlices(model.tables, window.today), model.state, window.to, touched);
    return { snapshot, mode: 'incremental', reason: null, logRowsRead: logRows.length, tableRowsRead: tableRows.length };
  }

  return {
    read(at, current = naming) {
      const result = queue.then(() => readOnce(at, current));
      // A failed read leaves the model as it was; the next one tries again.
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
