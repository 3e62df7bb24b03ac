import { slackDate } from '../views/blocks/mrkdwn';
import { loadTarget, notFound, type AlertFlowResult, type AlertTarget } from './alertTarget';
import { collectMessageEdits } from './renderMessages';
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
export async function snoozeAlert(store: AlertStore, input: SnoozeInput): Promise<AlertFlowResult> {
  const until = isSnoozeDuration(input.duration) ? snoozeEnd(input.duration, input.now, input.nextDashboardAt) : null;
  if (until === null) {
    return { outcome: 'invalid', changed: [], incidents: [], edits: [], notice: 'That snooze length is not available: no dashboard is scheduled ahead.' };
  }
  const targeted = await loadTarget(store, input.target);
  if (targeted.length === 0) return notFound();
  const ids = targeted.map((incident) => incident.incidentId);
  const changed = await store.snooze(ids, input.userId, until);
  if (changed.length > 0) {
    await store.audit(
      targeted
        .filter((incident) => changed.includes(incident.incidentId))
        .map((incident) => ({
          at: input.now.toISOString(), actor: input.userId, action: 'snoozed' as const, incidentId: incident.incidentId,
          fingerprint: incident.fingerprint, channel: input.channel ?? null, detail: `until ${until.toISOString()} (${input.duration})`,
        })),
    );
  }
  const incidents = await store.getIncidents(ids);
  const edits = await collectMessageEdits(store, ids);
  if (changed.length === 0) {
    return { outcome: 'unchanged', changed, incidents, edits, notice: 'This alert is already resolved; there is nothing to snooze.' };
  }
  const what = changed.length === 1 ? 'the alert' : `${changed.length} alerts`;
  return { outcome: 'done', changed, incidents, edits, notice: `Snoozed ${what} until ${slackDate(until)}.` };
}
