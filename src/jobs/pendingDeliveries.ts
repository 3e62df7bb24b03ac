import type { RunFailure } from '../alerts/deliverAlertRun';
import type { Logger } from '../log/logger';

/** A delivery still pending after this long is logged as an error, once. */
export const OVERDUE_AFTER_MS = 30 * 60_000;

export interface PendingSummary {
  /** Alert posts, reminders, edits and notes Slack has not confirmed yet. */
  count: number;
  /** How long the oldest of them has been pending; null when none is. */
  oldestAgeSeconds: number | null;
}

interface Pending {
  since: number;
  unknown: boolean;
  overdueLogged: boolean;
}

function keyOf(failure: RunFailure): string {
  return `${failure.kind}|${failure.channel}|${[...failure.incidentIds].sort().join(',')}`;
}

/**
 * What the alert runs have left undelivered, as the last runs reported it, and since when: kept in
 * memory so /healthz can say it without asking the warehouse.
 */
export class PendingDeliveries {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly logger: Logger) {}

  /** An alert run's failures: everything it did not deliver. */
  afterRun(failures: readonly RunFailure[], now: Date): void {
    this.replace(failures, now, () => true);
  }

  /** A reconciliation's failures: it settles only deliveries whose outcome was unknown. */
  afterReconcile(failures: readonly RunFailure[], now: Date): void {
    this.replace(failures, now, (entry) => entry.unknown);
  }

  summary(now: Date): PendingSummary {
    const oldest = Math.min(...[...this.pending.values()].map((entry) => entry.since));
    return { count: this.pending.size, oldestAgeSeconds: this.pending.size === 0 ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)) };
  }

  private replace(failures: readonly RunFailure[], now: Date, settledBy: (entry: Pending) => boolean): void {
    const still = new Map(failures.map((failure) => [keyOf(failure), failure]));
    for (const [key, entry] of this.pending) if (settledBy(entry) && !still.has(key)) this.pending.delete(key);
    for (const [key, failure] of still) {
      const entry = this.pending.get(key) ?? { since: now.getTime(), unknown: false, overdueLogged: false };
      entry.unknown = failure.unknown === true;
      this.pending.set(key, entry);
      if (!entry.overdueLogged && now.getTime() - entry.since >= OVERDUE_AFTER_MS) {
        entry.overdueLogged = true;
        this.logger.error(
          { kind: failure.kind, channel: failure.channel, incidents: failure.incidentIds.length, pendingMinutes: Math.round((now.getTime() - entry.since) / 60_000), error: failure.error },
          'an alert delivery has been pending for a long time',
        );
      }
    }
  }
}
