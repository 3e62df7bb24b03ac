import type { Alert } from '../health/types';
import type { Incident } from './types';

/**
 * Small facts about an alert's lifecycle that the alert run, the messages and the answers must
 * read the same way.
 */

function time(iso: string | null): number {
  return iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso);
}

/**
 * The active incident of each fingerprint (a connection, or the monitoring data): the oldest carries
 * it; any later one (left by an upgrade from one incident per rule, or by two runs racing) is a
 * duplicate, to be merged into it.
 */
export function activeByFingerprint(incidents: readonly Incident[]): { active: Map<string, Incident>; duplicates: Incident[] } {
  const active = new Map<string, Incident>();
  const duplicates: Incident[] = [];
  for (const incident of [...incidents].sort((a, b) => time(a.openedAt) - time(b.openedAt))) {
    if (incident.status === 'resolved') continue;
    if (active.has(incident.fingerprint)) duplicates.push(incident);
    else active.set(incident.fingerprint, incident);
  }
  return { active, duplicates };
}

/**
 * What a snoozed incident is once its snooze has run out at `now`: open again, or acknowledged
 * when someone had acknowledged it before snoozing. Null while the snooze holds (or it is not snoozed).
 */
export function statusAfterSnooze(incident: Pick<Incident, 'status' | 'snoozedUntil' | 'ackedBy'>, now: Date): 'open' | 'acknowledged' | null {
  if (incident.status !== 'snoozed') return null;
  if (incident.snoozedUntil !== null && time(incident.snoozedUntil) > now.getTime()) return null;
  return incident.ackedBy !== null ? 'acknowledged' : 'open';
}

/**
 * The one answer to "since when": when the condition began, as the rule read it from the data
 * (the failing streak's first failure, the last success, the running sync's start…). When the
 * data cannot tell, when Pulse first saw it fire. Every surface shows this instant as "since";
 * the time a message was posted is "posted".
 */
export function alertSince(alert: Pick<Alert, 'since'>, firstSeenAt: string | null = null): string | null {
  return alert.since ?? firstSeenAt;
}

/** When the incident first reached Slack: its earliest confirmed post. */
export function firstPostedAt(incident: Pick<Incident, 'messages'>): string | null {
  const posted = incident.messages.filter((m) => m.ts !== null && m.postedAt !== null).map((m) => m.postedAt as string);
  return posted.length === 0 ? null : posted.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
