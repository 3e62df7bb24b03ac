import type { PendingSummary } from '../../alerts/pendingSummary';
import { formatMinutes, type DurationOptions } from './durations';

/**
 * The pending alert deliveries in words: how many posts, edits and notes Slack has not confirmed
 * yet and how long the oldest has waited. Null means the alert state could not be read.
 */
export function describePendingDeliveries(summary: PendingSummary | null, durations: DurationOptions = {}): string {
  if (summary === null) return 'unknown: the alert state could not be read';
  if (summary.count === 0) return 'none: Slack has every alert message, edit and note';
  const what = summary.count === 1 ? '1 alert message, edit or note' : `${summary.count} alert messages, edits or notes`;
  const oldest = formatMinutes((summary.oldestAgeSeconds ?? 0) / 60, durations);
  return `${what} waiting for Slack, the oldest for ${oldest}; Pulse tries again within minutes`;
}
