import { slackDate, userMention } from '../views/blocks/mrkdwn';
import { loadTarget, notFound, type AlertFlowResult, type AlertTarget } from './alertTarget';
import { collectMessageEdits } from './renderMessages';
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
 * returns the messages to edit to "Acknowledged by @user, date". A second click changes nothing
 * and says who got there first.
 */
export async function acknowledgeAlert(store: AlertStore, input: AcknowledgeInput): Promise<AlertFlowResult> {
  const targeted = await loadTarget(store, input.target);
  if (targeted.length === 0) return notFound();
  const ids = targeted.map((incident) => incident.incidentId);
  const changed = await store.acknowledge(ids, input.userId, input.now);
  if (changed.length > 0) {
    await store.audit(
      targeted
        .filter((incident) => changed.includes(incident.incidentId))
        .map((incident) => ({
          at: input.now.toISOString(), actor: input.userId, action: 'acknowledged' as const, incidentId: incident.incidentId,
          fingerprint: incident.fingerprint, channel: input.channel ?? null, detail: null,
        })),
    );
  }
  const incidents = await store.getIncidents(ids);
  const edits = await collectMessageEdits(store, ids);
  if (changed.length > 0) {
    const what = changed.length === 1 ? 'the alert' : `${changed.length} alerts`;
    return { outcome: 'done', changed, incidents, edits, notice: `Acknowledged ${what}; no more reminders for ${changed.length === 1 ? 'it' : 'them'}.` };
  }
  const acked = incidents.find((incident) => incident.status === 'acknowledged');
  const notice = acked
    ? `Already acknowledged by ${userMention(acked.ackedBy)}, ${slackDate(acked.ackedAt)}.`
    : 'This alert is already resolved; there is nothing to acknowledge.';
  return { outcome: 'unchanged', changed, incidents, edits, notice };
}
