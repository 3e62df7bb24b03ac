import { FAILURE_STATUSES } from '../fivetran/messageData';
import type { ConnectionSnapshot } from '../fivetran/types';
import type { Health } from './types';

/**
 * Fivetran's Quickstart judgment (dbt_fivetran_log `connection_status`), first match wins:
 * paused → incomplete → priority first sync → initial sync → broken → connected.
 * Deleted connections never reach here: the snapshot leaves them out.
 *
 * LOG is read over a bounded window, so "never" means "not in the window". A connection set up
 * before the window with no sync in it has not synced for weeks: that is broken, not incomplete.
 */
export function connectionHealth(connection: ConnectionSnapshot, windowStart: string): Health {
  if (connection.paused) return 'paused';
  if (!connection.hasSyncStart && connection.lastSync === null) {
    const setUpInWindow = connection.signedUpAt === null || connection.signedUpAt >= windowStart;
    return setUpInWindow ? 'incomplete' : 'broken';
  }
  if (connection.priorityFirstPending) return 'priority_first_sync';
  if (connection.lastSync === null) return connection.hasError ? 'broken' : 'initial_sync';
  if (connection.lastErrorInLastSync) return 'broken';
  // CANCELED and RESCHEDULED say nothing: the sync before them decides.
  if (connection.lastDecisiveSync !== null && FAILURE_STATUSES.has(connection.lastDecisiveSync.status)) return 'broken';
  return 'connected';
}
