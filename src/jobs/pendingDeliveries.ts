import { summarizePending, type PendingSummary } from '../alerts/pendingSummary';
import type { AlertStore, PendingDelivery } from '../alerts/store';
import { describeFailure } from '../errors/explainFailure';
import type { Logger } from '../log/logger';

export type { PendingSummary } from '../alerts/pendingSummary';

/** A delivery still pending after this long is logged as an error, once, unless configured otherwise. */
export const OVERDUE_AFTER_MS = 30 * 60_000;

/**
 * What Slack has not confirmed yet, read from the alert state: posts whose answer never came and
 * the delivery queue, so every process, /healthz and `check` say the same. One pending longer than
 * the threshold is logged as an error, once per process.
 */
export class PendingDeliveries {
  private readonly logged = new Set<string>();

  constructor(
    private readonly store: Pick<AlertStore, 'listPendingDeliveries'>,
    private readonly logger: Logger,
    private readonly overdueAfterMs = OVERDUE_AFTER_MS,
  ) {}

  async summary(now: Date): Promise<PendingSummary> {
    const pending = await this.store.listPendingDeliveries();
    this.logOverdue(pending, now);
    return summarizePending(pending, now);
  }

  /** After a run or a pass of the delivery loop: logs what has become overdue, and never fails the caller. */
  async check(now: Date): Promise<void> {
    try {
      await this.summary(now);
    } catch (error) {
      this.logger.warn({ error: describeFailure(error, { details: true }) }, 'could not read the pending alert deliveries');
    }
  }

  private logOverdue(pending: readonly PendingDelivery[], now: Date): void {
    for (const delivery of pending) {
      const ageMs = now.getTime() - Date.parse(delivery.since);
      if (ageMs < this.overdueAfterMs || this.logged.has(delivery.id)) continue;
      this.logged.add(delivery.id);
      this.logger.error(
        { kind: delivery.kind, channel: delivery.channel, since: delivery.since, pendingMinutes: Math.round(ageMs / 60_000) },
        'an alert delivery has been pending for a long time',
      );
    }
  }
}

/** The pending deliveries as the alert state holds them now; null when it cannot be read. */
export async function readPendingSummary(store: Pick<AlertStore, 'listPendingDeliveries'>, now: Date): Promise<PendingSummary | null> {
  try {
    return summarizePending(await store.listPendingDeliveries(), now);
  } catch {
    return null;
  }
}
