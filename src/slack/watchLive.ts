import type { LiveConnection } from '../live/types';
import type { WatchProgress } from '../views/blocks';

/** How often a watch asks Fivetran's API about its connection, at most: one GET each time. */
export const LIVE_WATCH_POLL_SECONDS = 5;

/** What a watch remembers of the connection as Fivetran's API first showed it: the outcomes it had then. */
export interface LiveBaseline {
  succeededAt: string | null;
  failedAt: string | null;
}

const later = (candidate: string | null, than: string | null): boolean =>
  candidate !== null && (than === null || Date.parse(candidate) > Date.parse(than));

/**
 * Where the sync stands, from one read of the connection through Fivetran's API: ended when a
 * success or failure newer than those it had when the watch began appears (the newer of the two
 * wins), running while Fivetran says it syncs, otherwise as it was. Compared with the connection's
 * own earlier outcomes, never with Pulse's clock, so a clock that differs from Fivetran's cannot
 * end a watch early or keep it going.
 */
export function liveProgress(previous: WatchProgress, baseline: LiveBaseline, connection: LiveConnection, now: Date): WatchProgress {
  const at = now.toISOString();
  const succeeded = later(connection.succeededAt, baseline.succeededAt) ? connection.succeededAt : null;
  const failed = later(connection.failedAt, baseline.failedAt) ? connection.failedAt : null;
  if (failed !== null && (succeeded === null || Date.parse(failed) >= Date.parse(succeeded))) {
    // The API says only that it failed; a task, when there is one, says why.
    const reason = connection.tasks[0]?.message ?? null;
    return { ...previous, state: 'failed', startedAt: previous.startedAt ?? failed, endedAt: failed, status: 'FAILURE', reason, now: at };
  }
  if (succeeded !== null) return { ...previous, state: 'succeeded', startedAt: previous.startedAt ?? succeeded, endedAt: succeeded, status: 'SUCCESSFUL', reason: null, now: at };
  if (connection.syncState === 'syncing') return { ...previous, state: 'running', startedAt: previous.startedAt ?? at, now: at };
  return { ...previous, now: at };
}
