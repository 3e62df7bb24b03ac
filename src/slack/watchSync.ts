import type { WebClient } from '@slack/web-api';
import { readSyncProgress } from '../fivetran/readSyncProgress';
import { FAILURE_STATUSES } from '../fivetran/messageData';
import type { ConnectionAssessment } from '../health/types';
import { buildWatchMessage, withDemoNote, type WatchProgress } from '../views/blocks';
import type { PulseServices } from '../jobs/services';
import type { FivetranApi } from '../live/types';
import { LIVE_WATCH_POLL_SECONDS, liveProgress, type LiveBaseline } from './watchLive';

interface ActiveWatch {
  /** Ends the watch; `userId` is who pressed Stop (none at shutdown). */
  stop(userId?: string): void;
}

/** Watches in flight, by the message they update: the Stop button and shutdown end them. */
const activeWatches = new Map<string, ActiveWatch>();

/** Stop pressed: the watch ends at once and its message says who stopped it. */
export function stopWatch(channel: string, ts: string, userId?: string): boolean {
  const watch = activeWatches.get(`${channel}:${ts}`);
  watch?.stop(userId);
  return watch !== undefined;
}

export function stopAllWatches(): void {
  for (const watch of activeWatches.values()) watch.stop();
}

export function activeWatchCount(): number {
  return activeWatches.size;
}

function stateOf(progress: { endedAt: string | null; startedAt: string | null; status: string | null }): WatchProgress['state'] {
  if (progress.endedAt === null) return progress.startedAt === null ? 'waiting' : 'running';
  if (progress.status === 'SUCCESSFUL' || progress.status === 'RESCHEDULED') return 'succeeded';
  if (progress.status !== null && FAILURE_STATUSES.has(progress.status)) return 'failed';
  return 'canceled';
}

/**
 * Where a live watch starts from: the connection as Fivetran's API shows it now. Null when the API
 * cannot be read; the watch then follows the warehouse, as without live state.
 */
async function liveBaseline(api: FivetranApi | null, services: PulseServices, connectionId: string): Promise<{ api: FivetranApi; baseline: LiveBaseline; syncing: boolean } | null> {
  if (!api) return null;
  try {
    const connection = await api.getConnection(connectionId);
    return { api, baseline: { succeededAt: connection.succeededAt, failedAt: connection.failedAt }, syncing: connection.syncState === 'syncing' };
  } catch (error) {
    services.logger.warn({ err: error, connectionId }, "watch could not read the connection from Fivetran's API; it follows the warehouse instead");
    return null;
  }
}

/**
 * `/fivetran watch <connection>`: one message, posted in the channel and edited in place as the
 * running (or next) sync progresses, until it ends or the time limit passes. With Fivetran's API
 * configured, the sync is followed through the API (a GET of the connection every few seconds) to
 * its end, without waiting for the warehouse to load it; otherwise through the warehouse's log.
 */
export async function startWatch(
  services: PulseServices,
  client: WebClient,
  input: { channel: string; connection: ConnectionAssessment; sleep?: (ms: number) => Promise<void> },
): Promise<{ ts: string; done: Promise<WatchProgress> }> {
  const { config, monitor, logger, clock } = services;
  const { connection } = input;
  // Unref'd: a Stop or a shutdown ends the wait early, and a pending refresh must not keep the process alive.
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const startedWatchAt = clock();
  const limitMs = config.watch.timeoutMinutes * 60_000;
  const since = connection.runningSince ? new Date(connection.runningSince) : startedWatchAt;
  const live = await liveBaseline(services.fivetranApi, services, connection.connectionId);
  const intervalMs = (live ? Math.min(config.watch.intervalSeconds, LIVE_WATCH_POLL_SECONDS) : config.watch.intervalSeconds) * 1000;

  let progress: WatchProgress = {
    connectionId: connection.connectionId,
    connectionName: connection.connectionName,
    state: connection.runningSince || live?.syncing ? 'running' : 'waiting',
    startedAt: connection.runningSince ?? (live?.syncing ? startedWatchAt.toISOString() : null),
    endedAt: null,
    now: startedWatchAt.toISOString(),
    expectedMinutes: connection.medianDurationMinutes,
    timeLimitMinutes: config.watch.timeoutMinutes,
  };
  const first = withDemoNote(buildWatchMessage(progress), monitor.demo);
  const posted = await client.chat.postMessage({ channel: input.channel, text: first.text, blocks: first.blocks });
  const ts = String(posted.ts);
  const channel = String(posted.channel ?? input.channel);
  const key = `${channel}:${ts}`;
  let stopped = false;
  let stoppedBy: string | null = null;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  activeWatches.set(key, {
    stop: (userId) => {
      stopped = true;
      stoppedBy = userId ?? null;
      wake();
    },
  });

  const done = (async () => {
    let shown = JSON.stringify(first);
    try {
      while (!stopped) {
        // A Stop ends the wait at once, so the message never looks live after it.
        await Promise.race([sleep(intervalMs), woken]);
        if (stopped) break;
        const now = clock();
        try {
          if (live) {
            progress = liveProgress(progress, live.baseline, await live.api.getConnection(connection.connectionId), now);
          } else {
            const read = await readSyncProgress(monitor.warehouse, monitor.naming, connection.connectionId, since, now);
            progress = { ...progress, ...read, state: stateOf(read), now: now.toISOString() };
          }
        } catch (error) {
          // A slow or failing read skips one refresh; the watch carries on until its limit.
          logger.warn({ err: error, connectionId: connection.connectionId }, 'watch could not read sync progress');
          progress = { ...progress, now: now.toISOString() };
        }
        if (progress.state === 'running' || progress.state === 'waiting') {
          if (now.getTime() - startedWatchAt.getTime() >= limitMs) progress = { ...progress, state: 'time_limit' };
        }
        const message = withDemoNote(buildWatchMessage(progress), monitor.demo);
        const rendered = JSON.stringify(message);
        // Only edit when something a person can see changed.
        if (rendered !== shown) {
          await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }).catch((error: unknown) => logger.warn({ err: error }, 'watch could not update its message'));
          shown = rendered;
        }
        if (progress.state !== 'running' && progress.state !== 'waiting') break;
      }
      if (stoppedBy !== null && (progress.state === 'running' || progress.state === 'waiting')) {
        progress = { ...progress, state: 'stopped', stoppedBy, now: clock().toISOString() };
        const message = withDemoNote(buildWatchMessage(progress), monitor.demo);
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }).catch((error: unknown) => logger.warn({ err: error }, 'watch could not update its message'));
      }
      return progress;
    } finally {
      activeWatches.delete(key);
    }
  })();
  return { ts, done };
}
