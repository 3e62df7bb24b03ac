import type { MessageEdit } from './slackPoster';
import type { AlertStore } from './store';
import type { Incident } from './types';

/** What a button names: one incident, or every incident of a grouped message. */
export type AlertTarget = { incidentId: string } | { groupId: string };

/** The outcome of a person's action on an alert, for the Slack layer to carry out. */
export interface AlertFlowResult {
  /** `done`: state changed; `unchanged`: nothing to change (already in that state, or resolved); `not_found`; `invalid`. */
  outcome: 'done' | 'unchanged' | 'not_found' | 'invalid';
  /** Incidents this action changed. */
  changed: string[];
  /** The target's incidents as they stand now. */
  incidents: Incident[];
  /** Every message showing a targeted incident, re-rendered; edit them in place. */
  edits: MessageEdit[];
  /** One sentence for the person who clicked (mrkdwn, escaped). */
  notice: string;
}

export async function loadTarget(store: AlertStore, target: AlertTarget): Promise<Incident[]> {
  if ('incidentId' in target) return typeof target.incidentId === 'string' && target.incidentId ? store.getIncidents([target.incidentId]) : [];
  return typeof target.groupId === 'string' && target.groupId ? store.getGroupMembers(target.groupId) : [];
}

export function notFound(): AlertFlowResult {
  return { outcome: 'not_found', changed: [], incidents: [], edits: [], notice: 'That alert is no longer known to Pulse.' };
}
