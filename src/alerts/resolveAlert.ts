import { loadTarget, nothingDone, type AlertActionResult, type AlertTarget } from './alertTarget';
import { changeAlerts } from './changeAlerts';
import { changeNotesInThreads, resolutionOf } from './messages';
import type { AlertStore } from './store';
import { SYSTEM_ACTOR } from './types';

export interface ResolveInput {
  target: AlertTarget;
  now: Date;
  /** A Slack user id, or the monitor itself. */
  actor?: string;
  reason?: string;
  channel?: string | null;
}

/**
 * Resolve outside an alert run (the run resolves cleared conditions itself): the incident is
 * closed, its messages are edited to resolved and a short note naming its connection and rules
 * goes into each thread.
 */
export async function resolveAlert(store: AlertStore, input: ResolveInput): Promise<AlertActionResult> {
  const targeted = await loadTarget(store, input.target);
  if (targeted.length === 0) return { action: 'resolve', outcome: 'not_found', ...nothingDone() };
  const at = input.now.toISOString();
  const before = new Map(targeted.map((incident) => [incident.incidentId, incident]));
  const result = await changeAlerts(store, targeted, {
    write: (ids) => store.resolve(ids, input.now),
    audit: { at, actor: input.actor ?? SYSTEM_ACTOR, action: 'resolved', channel: input.channel ?? null, detail: input.reason ?? null },
  });
  const resolved = result.incidents
    .filter((incident) => result.changed.includes(incident.incidentId))
    .map((incident) => ({ incident, change: resolutionOf(before.get(incident.incidentId) ?? incident) }));
  return { action: 'resolve', outcome: result.changed.length > 0 ? 'done' : 'unchanged', ...result, notes: changeNotesInThreads(resolved, at) };
}
