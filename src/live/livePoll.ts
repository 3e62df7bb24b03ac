import type { Logger } from '../log/logger';
import { describeFailure } from '../errors/explainFailure';
import type { LiveState } from './liveState';
import type { FivetranApi, LiveConnection } from './types';

export interface LivePollOptions {
  api: FivetranApi;
  state: LiveState;
  intervalSeconds: number;
  logger: Logger;
  /** Called after each successful poll with what it read (to run alerts when something changed). */
  afterPoll?: (connections: readonly LiveConnection[]) => Promise<void>;
  /** Timers, replaceable in tests. */
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
}

export interface LivePoll {
  /** One poll now; a poll already running is joined, never doubled. */
  pollOnce(): Promise<boolean>;
  stop(): Promise<void>;
}

const defaultTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

/**
 * Reads every connection from Fivetran's API every `intervalSeconds`, the next poll timed from the
 * end of the last so that polls never overlap. A failed poll is logged and the next one tries again.
 */
export function startLivePoll(options: LivePollOptions): LivePoll {
  const setTimer = options.setTimer ?? defaultTimer;
  let running: Promise<boolean> | null = null;
  let timer: { cancel(): void } | null = null;
  let stopped = false;

  async function poll(): Promise<boolean> {
    try {
      const connections = await options.api.listConnections();
      options.state.applyPoll(connections);
      options.logger.debug({ connections: connections.length }, 'Fivetran API polled');
      await options.afterPoll?.(connections);
      return true;
    } catch (error) {
      options.logger.warn({ error: describeFailure(error, { details: true }) }, 'could not poll the Fivetran API: trying again at the next poll');
      return false;
    }
  }

  function pollOnce(): Promise<boolean> {
    running ??= poll().finally(() => {
      running = null;
    });
    return running;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimer(() => {
      void pollOnce().then(schedule);
    }, options.intervalSeconds * 1000);
  };
  void pollOnce().then(schedule);

  return {
    pollOnce,
    async stop() {
      stopped = true;
      timer?.cancel();
      await running;
    },
  };
}
