import { loadTarget, nothingDone, type AlertActionResult, type AlertTarget } from './alertTarget';
import { changeAlerts } from './changeAlerts';
import type { AlertStore } from './store';

export interface AcknowledgeInput {
  target: AlertTarget;
  /** Slack user id of whoever clicked. */
  userId: string;
  now: Date;
  /** The channel the click came from, for the audit trail. */
  channel?: string | null;
}

/**
 * Acknowledge: stops reminders for the incident (or every incident of a grouped message) and
 * returns the messages to edit to "Acknowledged by @user, date". A second click changes nothing;
 * the incidents it returns say who got there first.
 */
export async function acknowledgeAlert(store: AlertStore, input: AcknowledgeInput): Promise<AlertActionResult> {
  const targeted = await loadTarget(store, input.target);
  if (targeted.length === 0) return { action: 'acknowledge', outcome: 'not_found', ...nothingDone() };
  const result = await changeAlerts(store, targeted, {
    write: (ids) => store.acknowledge(ids, input.userId, input.now),
    audit: { at: input.now.toISOString(), actor: input.userId, action: 'acknowledged', channel: input.channel ?? null, detail: null },
  });
  return { action: 'acknowledge', outcome: result.changed.length > 0 ? 'done' : 'unchanged', ...result, notes: [] };
}
