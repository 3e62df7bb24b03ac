import { bindNamed } from '../warehouse/namedBinds';
import type { Warehouse } from '../warehouse/types';
import { assembleSnapshot } from './assembleSnapshot';
import type { SchemaNaming } from './schemaNaming';
import { connectionsStatement, eventsStatement } from './snapshotQueries';
import type { Snapshot } from './types';

/** Schema changes are shown for 30 days, so nothing older is ever read from LOG. */
export const SNAPSHOT_WINDOW_DAYS = 30;

export interface ReadSnapshotOptions {
  /** Read as of this instant (default now): LOG rows after it are ignored, for reproducible runs. */
  at?: Date;
  windowDays?: number;
}

/** Two statements, whatever the number of connections, both bounded by the time window. */
export async function readSnapshot(
  warehouse: Warehouse,
  naming: SchemaNaming,
  options: ReadSnapshotOptions = {},
): Promise<Snapshot> {
  const at = options.at ?? new Date();
  const windowDays = options.windowDays ?? SNAPSHOT_WINDOW_DAYS;
  const to = at.toISOString();
  const from = new Date(at.getTime() - windowDays * 86_400_000).toISOString();
  const today = to.slice(0, 10);
  const monthStart = `${to.slice(0, 7)}-01`;

  const connections = bindNamed(connectionsStatement(naming), { from, to, monthStart, today });
  const events = bindNamed(eventsStatement(naming), { from, to });
  const [connectionRows, eventRows] = await Promise.all([
    warehouse.query(connections.sql, connections.binds, { tag: 'snapshot:connections' }),
    warehouse.query(events.sql, events.binds, { tag: 'snapshot:events' }),
  ]);
  return assembleSnapshot(connectionRows, eventRows, to);
}
