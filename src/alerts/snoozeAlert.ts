import { loadTarget, nothingDone, type AlertActionResult, type AlertTarget } from './alertTarget';
import { changeAlerts } from './changeAlerts';
import type { AlertStore } from './store';
import { isSnoozeDuration, type SnoozeDuration } from './types';

export interface SnoozeInput {
  target: AlertTarget;
  userId: string;
  duration: SnoozeDuration;
  now: Date;
  /** When the next morning dashboard is posted; needed for the `dashboard` duration. */
  nextDashboardAt?: Date | null;
  channel?: string | null;
}

const HOURS: Record<Exclude<SnoozeDuration, 'dashboard'>, number> = { '1h': 1, '4h': 4, '24h': 24 };

/** When a snooze of this length ends; null when it cannot (no dashboard ahead). */
export function snoozeEnd(duration: SnoozeDuration, now: Date, nextDashboardAt?: Date | null): Date | null {
  if (duration === 'dashboard') {
    if (!nextDashboardAt || Number.isNaN(nextDashboardAt.getTime()) || nextDashboardAt.getTime() <= now.getTime()) return null;
    return nextDashboardAt;
  }
  return new Date(now.getTime() + HOURS[duration] * 3_600_000);
}

/**
 * Snooze: no reminders until the snooze ends, then the alert is open again by itself (the next
 * alert run notices). Returns the messages to edit to "Snoozed until …".
 */
export async function snoozeAlert(store: AlertStore, input: SnoozeInput): Promise<AlertActionResult> {
  const until = isSnoozeDuration(input.duration) ? snoozeEnd(input.duration, input.now, input.nextDashboardAt) : null;
  if (until === null) return { action: 'snooze', outcome: 'invalid', until: null, ...nothingDone() };
  const targeted = await loadTarget(store, input.target);
  if (targeted.length === 0) return { action: 'snooze', outcome: 'not_found', until: null, ...nothingDone() };
  const result = await changeAlerts(store, targeted, {
    write: (ids) => store.snooze(ids, input.userId, until),
    audit: {
      at: input.now.toISOString(), actor: input.userId, action: 'snoozed', channel: input.channel ?? null,
      detail: `until ${until.toISOString()} (${input.duration})`,
    },
  });
  return { action: 'snooze', outcome: result.changed.length > 0 ? 'done' : 'unchanged', until: until.toISOString(), ...result, notes: [] };
}
