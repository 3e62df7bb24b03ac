import { alertingFacts, changesJudgment } from '../live/liveFacts';
import { startLivePoll, type LivePoll } from '../live/livePoll';
import type { LiveState } from '../live/liveState';
import type { FivetranApi } from '../live/types';
import { createWebhookReceiver, type WebhookReceiver } from '../live/webhookReceiver';
import type { Logger } from '../log/logger';
import type { PulseJobs } from './pulseJobs';

/** What live state needs, from the configuration: nothing live runs without an API key. */
export interface LiveSettings {
  api: FivetranApi;
  /** FIVETRAN_WEBHOOK_SECRET: without it no webhook is accepted (the route is not served). */
  webhookSecret: string | null;
  /** LIVE_POLL_SECONDS. */
  pollSeconds: number;
  /**
   * The first poll only sets what later ones are compared with, and runs no alerts: the preview's
   * stand-in is seeded from the warehouse, so its first reading holds no news, and an alert run
   * then would post into a preview that starts empty until someone asks.
   */
  firstPollIsBaseline?: boolean;
}

export interface Live {
  /** Serve it at WEBHOOK_PATH; null without a webhook secret. */
  webhooks: WebhookReceiver | null;
  poll: LivePoll;
  /** The next poll sets the baseline again, as the first does with firstPollIsBaseline (the preview's demo started over). */
  rebaseline(): void;
  stop(): Promise<void>;
}

/**
 * Live state at work: the API polled every pollSeconds, webhooks folded in as they come, and an
 * alert run as soon as either changes what could alert, so a failed sync reaches Slack in seconds
 * rather than at the warehouse's next load. The state itself is created first, for the monitor.
 */
export function startLive(settings: LiveSettings, state: LiveState, jobs: Pick<PulseJobs, 'runAlertsSoon'>, logger: Logger): Live {
  const runAlerts = async (why: string) => {
    const report = await jobs.runAlertsSoon();
    if (report === null) logger.warn({ why }, 'live news could not be judged: the warehouse could not be read; the next run tries again');
  };

  const webhooks =
    settings.webhookSecret === null
      ? null
      : createWebhookReceiver({
          secret: settings.webhookSecret,
          logger,
          onEvent: async (event) => {
            state.applyWebhook(event);
            logger.info({ event: event.event, connectionId: event.connectionId, status: event.status, created: event.createdAt }, 'Fivetran webhook received');
            if (changesJudgment(event)) await runAlerts(`webhook ${event.event}`);
          },
        });

  let before = new Map<string, string>();
  let baselineDue = settings.firstPollIsBaseline === true;
  const poll = startLivePoll({
    api: settings.api,
    state,
    intervalSeconds: settings.pollSeconds,
    logger,
    afterPoll: async () => {
      const now = new Map([...state.facts()].map(([id, facts]) => [id, alertingFacts(facts)]));
      const changed = [...now].some(([id, facts]) => before.get(id) !== facts);
      before = now;
      if (baselineDue) {
        baselineDue = false;
        return;
      }
      if (changed) await runAlerts('poll');
    },
  });
  logger.info({ pollSeconds: settings.pollSeconds, webhooks: webhooks !== null }, 'live state from the Fivetran API started');

  return {
    webhooks,
    poll,
    rebaseline() {
      baselineDue = true;
    },
    async stop() {
      await poll.stop();
      await webhooks?.idle();
    },
  };
}
