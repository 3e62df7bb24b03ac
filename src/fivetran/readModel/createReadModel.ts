import { bindNamed } from '../../warehouse/namedBinds';
import type { Warehouse } from '../../warehouse/types';
import { assembleSnapshotInSlices } from '../assembleSnapshot';
import { readConnectionRows, readLogState, readWindow, SNAPSHOT_WINDOW_DAYS } from '../readSnapshot';
import type { SchemaNaming } from '../schemaNaming';
import { newLogStatement } from '../snapshotQueries';
import type { Snapshot } from '../types';
import { expireLogStateInSlices, foldLogRowsInSlices, type LogState } from './logState';

export type ReadMode = 'full' | 'incremental';

/** Why a read was full: the first, after a gap, a new schema naming, the daily one, or the newest load left the window. */
export type FullReadReason = 'start' | 'gap' | 'naming' | 'daily' | 'observation' | 'earlier';

export interface ModelRead {
  snapshot: Snapshot;
  mode: ReadMode;
  /** Why a full read was made; null for an incremental one. */
  reason: FullReadReason | null;
  /** LOG rows the statement returned. */
  logRowsRead: number;
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
  naming: string;
  /** The instant of the last read, and of the last full one. */
  readAt: number;
  fullAt: number;
}

/**
 * The long-running app's read of LOG: after a full read, each cycle folds in only the rows loaded
 * since the last one (`_fivetran_synced` above the newest load seen, less an overlap), still
 * bounded by the time window. CONNECTION and MAR are small and read afresh each time. The state
 * is the one `readLogState` builds, so an incremental snapshot is the full read's snapshot.
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

  async function readOnce(at: Date, current: SchemaNaming): Promise<ModelRead> {
    const window = readWindow(at, windowDays);
    const namingKey = JSON.stringify(current);
    const reason = fullReadReason(at.getTime(), window, namingKey);
    const connectionRows = readConnectionRows(warehouse, current, window);
    if (reason !== null) {
      const [rows, { state, rowsRead }] = await Promise.all([connectionRows, readLogState(warehouse, current, window)]);
      held = { state, naming: namingKey, readAt: at.getTime(), fullAt: at.getTime() };
      return { snapshot: await assembleSnapshotInSlices(rows, state, window.to), mode: 'full', reason, logRowsRead: rowsRead };
    }
    const model = held as Held;
    const observed = model.state.observedAt;
    const since = observed === null ? window.from : new Date(Math.max(Date.parse(observed) - overlapMs, Date.parse(window.from))).toISOString();
    const statement = bindNamed(newLogStatement(current), { from: window.from, to: window.to, since });
    const [rows, logRows] = await Promise.all([connectionRows, warehouse.query(statement.sql, statement.binds, { tag: 'snapshot:new-events' })]);
    await foldLogRowsInSlices(model.state, logRows);
    await expireLogStateInSlices(model.state, window.from);
    model.readAt = at.getTime();
    return { snapshot: await assembleSnapshotInSlices(rows, model.state, window.to), mode: 'incremental', reason: null, logRowsRead: logRows.length };
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
