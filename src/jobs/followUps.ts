import type { DeliveryTally } from '../alerts/deliverAlertRun';
import type { Clock } from '../warehouse/deadline';
import type { PulseJobs } from './pulseJobs';

/** Waits before trying undelivered alerts again: a minute, then longer while Slack stays unsure or limited. */
export const FOLLOW_UP_MS = [60_000, 120_000, 300_000, 900_000] as const;

type Outcome = Pick<DeliveryTally, 'failures'> | null;

/**
 * Tries again, within minutes rather than at the next scheduled run, what an alert run left
 * undelivered: posts Slack may have taken are reconciled (no warehouse read); a channel Slack rate
 * limited gets a new alert run once its Retry-After has passed. Other refusals (a channel that does
 * not exist, a missing scope) wait for the next scheduled run, as trying sooner would not help.
 */
export class FollowUps {
  private cancel: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly jobs: Pick<PulseJobs, 'runAlerts' | 'reconcilePending'>,
    private readonly clock: Clock,
    /** Runs a follow-up, so the scheduler can wait for it on stop and log what fails. */
    private readonly track: (name: string, work: () => Promise<unknown>) => void,
  ) {}

  /** After any alert run or reconciliation: plans the next follow-up, or none when all was delivered. */
  after(outcome: Outcome, attempt = 0): void {
    this.cancel?.();
    this.cancel = null;
    if (this.stopped || outcome === null) return;
    const limited = outcome.failures.filter((failure) => failure.retryAfterSeconds !== undefined);
    const unknown = outcome.failures.some((failure) => failure.unknown === true);
    if (limited.length === 0 && !unknown) return;
    const backoff = FOLLOW_UP_MS[Math.min(attempt, FOLLOW_UP_MS.length - 1)] as number;
    const retryAfterMs = Math.max(0, ...limited.map((failure) => (failure.retryAfterSeconds as number) * 1000));
    const delay = Math.max(backoff, retryAfterMs);
    this.cancel = this.clock.schedule(delay, () => {
      this.cancel = null;
      // A rate-limited channel needs the whole run (what failed was given back); an unknown answer only a look.
      const work = limited.length > 0 ? () => this.jobs.runAlerts() : () => this.jobs.reconcilePending();
      this.track('follow-up', async () => this.after(await work(), attempt + 1));
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = null;
  }
}
