import { buildResolutionNote } from '../views/blocks/alertThreadNotes';
import { loadTarget, notFound, type AlertFlowResult, type AlertTarget } from './alertTarget';
import { collectMessageEdits, slackChannelOf } from './renderMessages';
import type { ThreadNote } from './slackPoster';
import type { AlertStore } from './store';
import { SYSTEM_ACTOR, type Incident } from './types';

export interface ResolveInput {
  target: AlertTarget;
  now: Date;
  /** A Slack user id, or the monitor itself. */
  actor?: string;
  reason?: string;
  channel?: string | null;
}

export interface ResolveResult extends AlertFlowResult {
  /** "Resolved" notes to post into each message's thread. */
  notes: ThreadNote[];
}

/**
 * Resolve outside an alert run (the run resolves cleared conditions itself): the incident is
 * closed, its messages are edited to resolved and a short note goes into each thread.
 */
export async function resolveAlert(store: AlertStore, input: ResolveInput): Promise<ResolveResult> {
  const targeted = await loadTarget(store, input.target);
  if (targeted.length === 0) return { ...notFound(), notes: [] };
  const ids = targeted.map((incident) => incident.incidentId);
  const changed = await store.resolve(ids, input.now);
  const actor = input.actor ?? SYSTEM_ACTOR;
  if (changed.length > 0) {
    await store.audit(
      targeted
        .filter((incident) => changed.includes(incident.incidentId))
        .map((incident) => ({
          at: input.now.toISOString(), actor, action: 'resolved' as const, incidentId: incident.incidentId,
          fingerprint: incident.fingerprint, channel: input.channel ?? null, detail: input.reason ?? null,
        })),
    );
  }
  const incidents = await store.getIncidents(ids);
  const edits = await collectMessageEdits(store, ids);
  const notes = resolutionNotes(incidents.filter((incident) => changed.includes(incident.incidentId)), input.now);
  if (changed.length === 0) {
    return { outcome: 'unchanged', changed, incidents, edits, notes, notice: 'This alert was already resolved.' };
  }
  return { outcome: 'done', changed, incidents, edits, notes, notice: changed.length === 1 ? 'Resolved the alert.' : `Resolved ${changed.length} alerts.` };
}

function resolutionNotes(resolved: readonly Incident[], now: Date): ThreadNote[] {
  const threads = new Map<string, { channel: string; threadTs: string; incidents: Incident[] }>();
  for (const incident of resolved) {
    for (const message of incident.messages) {
      if (message.ts === null) continue;
      const channel = slackChannelOf(message);
      const key = `${channel}\u0000${message.ts}`;
      const thread = threads.get(key) ?? { channel, threadTs: message.ts, incidents: [] };
      thread.incidents.push(incident);
      threads.set(key, thread);
    }
  }
  return [...threads.values()].map((thread) => ({ channel: thread.channel, threadTs: thread.threadTs, ...buildResolutionNote(thread.incidents, now) }));
}
