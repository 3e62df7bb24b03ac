import type { PendingDelivery } from './store';

/** What Slack has not confirmed yet, in two numbers: /healthz and `check` say the same. */
export interface PendingSummary {
  /** Alert posts whose answer never came, and queued edits, notes and reminders. */
  count: number;
  /** How long the oldest of them has been pending; null when none is. */
  oldestAgeSeconds: number | null;
}

export function summarizePending(pending: readonly PendingDelivery[], now: Date): PendingSummary {
  if (pending.length === 0) return { count: 0, oldestAgeSeconds: null };
  const oldest = Math.min(...pending.map((delivery) => Date.parse(delivery.since)));
  return { count: pending.length, oldestAgeSeconds: Math.max(0, Math.round((now.getTime() - oldest) / 1000)) };
}
