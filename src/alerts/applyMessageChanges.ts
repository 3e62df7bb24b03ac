import type { Logger } from '../log/logger';
import { describeFailure } from '../errors/explainFailure';
import { backoffAfter } from './deliverAlertRun';
import { newDeliveryToken } from './ids';
import { isOutcomeUnknown, type AlertEdit, type AlertMessenger, type AlertNote } from './messages';
import type { AlertStore, QueuedDelivery } from './store';

/** Where what could not be delivered at once is left for the delivery loop. */
export interface LeftForLater {
  store: Pick<AlertStore, 'queueDeliveries'>;
  now: Date;
}

/**
 * Carries out what a flow returned: edits in place, then thread notes. Each call stands alone, so
 * one message that cannot be edited (deleted, channel archived) does not stop the rest. With
 * `later`, a call that fails, is limited or whose answer is lost is stored in the delivery queue, so
 * the change a person made (already stored) still reaches its message within minutes.
 */
export async function applyMessageChanges(
  messenger: AlertMessenger,
  changes: { edits?: readonly AlertEdit[]; notes?: readonly AlertNote[] },
  logger: Logger,
  later?: LeftForLater,
): Promise<{ applied: number; failed: number }> {
  let applied = 0;
  let failed = 0;
  const queued: QueuedDelivery[] = [];
  for (const edit of changes.edits ?? []) {
    try {
      await messenger.edit(edit);
      applied += 1;
    } catch (error) {
      failed += 1;
      logger.warn({ channel: edit.channel, ts: edit.ts, error: describeFailure(error, { details: true }) }, 'could not edit an alert message');
      if (later) queued.push(leftOver('edit', edit.channel, edit.ts, edit.groupId, edit.incidents.map((i) => i.incidentId), null, error, later.now));
    }
  }
  for (const unsent of changes.notes ?? []) {
    // The token in its metadata lets the loop find a note whose answer was lost instead of writing it twice.
    const note = { ...unsent, token: unsent.token ?? newDeliveryToken() };
    try {
      await messenger.note(note);
      applied += 1;
    } catch (error) {
      failed += 1;
      logger.warn({ channel: note.channel, ts: note.threadTs, error: describeFailure(error, { details: true }) }, 'could not post an alert thread note');
      const incidentIds = note.kind === 'reminder' ? note.incidents.map((i) => i.incidentId) : note.changes.map((c) => c.incident.incidentId);
      if (later) queued.push({ ...leftOver(note.kind === 'reminder' ? 'reminder' : 'note', note.channel, note.threadTs, null, incidentIds, note, error, later.now), deliveryId: note.token });
    }
  }
  if (later && queued.length > 0) {
    try {
      await later.store.queueDeliveries(queued);
    } catch (error) {
      logger.error({ error: describeFailure(error, { details: true }) }, 'could not store alert edits and notes for later');
    }
  }
  return { applied, failed };
}

function leftOver(kind: QueuedDelivery['kind'], channel: string, ts: string, groupId: string | null, incidentIds: string[], note: AlertNote | null, error: unknown, now: Date): QueuedDelivery {
  const retryAfter = (error as { retryAfter?: unknown } | null)?.retryAfter;
  const waitMs = Math.max(backoffAfter(1), typeof retryAfter === 'number' ? retryAfter * 1000 : 0);
  return {
    deliveryId: newDeliveryToken(), kind, channel, slackChannel: channel, ts, groupId, incidentIds, note, createdAt: now.toISOString(), attempts: 1,
    nextAttemptAt: new Date(now.getTime() + waitMs).toISOString(), attemptToken: null, attemptedAt: now.toISOString(), unknown: isOutcomeUnknown(error),
    lastError: describeFailure(error, { details: true }),
  };
}
