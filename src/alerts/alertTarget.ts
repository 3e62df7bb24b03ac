import type { AlertEdit, AlertNote } from './messages';
import type { AlertStore } from './store';
import type { Incident } from './types';

/** What a button names: one incident, or every incident of a grouped message. */
export type NamedTarget = { incidentId: string } | { groupId: string };

/**
 * What an action is on: what a button names, or the incidents it names already read (the
 * permission check reads them, so a press reads them only once).
 */
export type AlertTarget = NamedTarget | { incidents: readonly Incident[] };

interface ActionResultBase {
  /** `done`: state changed; `unchanged`: nothing to change (already in that state, or resolved); `not_found`; `invalid`. */
  outcome: 'done' | 'unchanged' | 'not_found' | 'invalid';
  /** Incidents this action changed. */
  changed: string[];
  /** The target's incidents as they stand now. */
  incidents: Incident[];
  /** Every message showing a targeted incident, to show again as it stands now. */
  edits: AlertEdit[];
  /** Notes to post into those messages' threads. */
  notes: AlertNote[];
}

/** The outcome of a person's action on alerts, for the Slack layer to carry out and to tell them about. */
export type AlertActionResult =
  | (ActionResultBase & { action: 'acknowledge' | 'resolve' })
  | (ActionResultBase & {
      action: 'snooze';
      /** When the snooze ends; null when the length asked for has no end (no dashboard ahead). */
      until: string | null;
    });

export async function loadTarget(store: Pick<AlertStore, 'getIncidents' | 'getGroupMembers'>, target: AlertTarget): Promise<Incident[]> {
  if ('incidents' in target) return [...target.incidents];
  if ('incidentId' in target) return typeof target.incidentId === 'string' && target.incidentId ? store.getIncidents([target.incidentId]) : [];
  return typeof target.groupId === 'string' && target.groupId ? store.getGroupMembers(target.groupId) : [];
}

/** The rest of a result when nothing was done. */
export function nothingDone(): Omit<ActionResultBase, 'outcome'> {
  return { changed: [], incidents: [], edits: [], notes: [] };
}
