import { DELIVERY_BACKOFF_MS, type DeliveryTally } from '../alerts/deliverAlertRun';
import type { Clock } from '../warehouse/deadline';
import type { PulseJobs } from './pulseJobs';

/** Waits before trying undelivered alerts again: a minute, then longer while Slack stays unsure or limited. */
export const FOLLOW_UP_MS = DELIVERY_BACKOFF_MS;

/** The loop never spins: a delivery due now is tried this much later at the soonest. */
const MIN_QUEUE_WAIT_MS = 1000;

type Outcome = Pick<DeliveryTally, 'failures' | 'nextDeliveryInMs'> | null;

/**
 * The delivery loop's timer: tries again, within minutes rather than at the next scheduled run, what
 * an alert run left undelivered. Posts Slack may have taken are reconciled and queued edits, notes
 * and reminders sent when their time comes (no warehouse read); a channel Slack rate limited gets a
 * new alert run once its Retry-After has passed. A post Slack refused otherwise (a channel that does
 * not exist, a missing scope) waits for the next scheduled run, as trying sooner would not help.
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
    const limited = outcome.failures.filter((failure) => failure.kind === 'post' && failure.retryAfterSeconds !== undefined);
    const unknown = outcome.failures.some((failure) => failure.kind === 'post' && failure.unknown === true);
    const queued = outcome.nextDeliveryInMs ?? null;
    if (limited.length === 0 && !unknown && queued === null) return;
    const backoff = FOLLOW_UP_MS[Math.min(attempt, FOLLOW_UP_MS.length - 1)] as number;
    const retryAfterMs = Math.max(0, ...limited.map((failure) => (failure.retryAfterSeconds as number) * 1000));
    // The queue keeps its own times; posts back off here. The earliest wins, but a limited channel's Retry-After always holds.
    const postDelay = limited.length > 0 || unknown ? Math.max(backoff, retryAfterMs) : Number.POSITIVE_INFINITY;
    const delay = limited.length > 0 ? postDelay : Math.min(postDelay, Math.max(queued ?? Number.POSITIVE_INFINITY, MIN_QUEUE_WAIT_MS));
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
