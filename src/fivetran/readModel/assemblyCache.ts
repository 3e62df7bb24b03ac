import type { Row } from '../../warehouse/types';
import { assembleConnection, observedAtOf, problemsIn24h, withConnections } from '../assembleSnapshot';
import { CONNECTIONS_PER_SLICE, eachSlice } from '../inSlices';
import type { ConnectionSnapshot, Snapshot } from '../types';
import type { ConnectionLog, LogState } from './logState';

/**
 * The connections a read model assembled last time, so that a cycle assembles again only those
 * whose inputs changed and still gives `assembleSnapshotInSlices`'s snapshot. A connection's
 * snapshot depends on its connections statement row, its LOG state and the newest load
 * (observedAt), and on nothing else (not on the time of the read: judgments apply time later).
 * Its LOG state changes only by folding rows in (the cycle names the connections that had new
 * rows) and by expiring, which only removes, and counts each time it did (`expiries`). A
 * new observedAt changes only the counts of the 24 h before it, which are counted again.
 */
export interface AssemblyCache {
  byId: Map<string, { row: Row; shape: number; observedAt: string | null; snapshot: ConnectionSnapshot }>;
}

export const emptyAssemblyCache = (): AssemblyCache => ({ byId: new Map() });

/** Two shapes are equal only if expiring removed nothing in between: `expiries` counts each time it did. */
function shapeOf(log: ConnectionLog | undefined): number {
  return log === undefined ? -1 : log.expiries;
}

function sameRow(a: Row, b: Row): boolean {
  // The table state gives the same row objects until one of its rows is folded.
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => a[key] === b[key]);
}

/**
 * `assembleSnapshotInSlices`, assembling again only the connections in `touched` (those LOG rows
 * were folded into) or whose row or LOG state changed since the cache was filled; the cache then
 * holds this snapshot's connections.
 */
export async function assembleChangedInSlices(
  cache: AssemblyCache,
  connectionRows: Row[],
  log: LogState,
  readAt: string,
  touched: ReadonlySet<string>,
  perSlice = CONNECTIONS_PER_SLICE,
): Promise<Snapshot> {
  const observedAt = observedAtOf(connectionRows, log);
  const connections: ConnectionSnapshot[] = [];
  const kept = new Set<string>();
  await eachSlice(connectionRows, perSlice, (slice) => {
    for (const row of slice) {
      const id = String(row.connection_id);
      const connectionLog = log.connections.get(id);
      const shape = shapeOf(connectionLog);
      const cached = cache.byId.get(id);
      let snapshot: ConnectionSnapshot;
      if (cached !== undefined && !touched.has(id) && cached.shape === shape && sameRow(cached.row, row)) {
        snapshot = cached.observedAt === observedAt ? cached.snapshot : { ...cached.snapshot, ...problemsIn24h(connectionLog, observedAt) };
      } else {
        snapshot = assembleConnection(row, connectionLog, observedAt);
      }
      cache.byId.set(id, { row, shape, observedAt, snapshot });
      kept.add(id);
      connections.push(snapshot);
    }
  });
  for (const id of cache.byId.keys()) if (!kept.has(id)) cache.byId.delete(id);
  return withConnections(connectionRows, observedAt, readAt, connections);
}
