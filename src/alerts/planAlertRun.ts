import type { Alert, Severity } from '../health/types';
import { groupIdFor, incidentIdFor } from './ids';
import { activeByFingerprint, statusAfterSnooze } from './lifecycle';
import type { Incident, IncidentMessage, SeenUpdate } from './types';

export interface AlertRunInput {
  /** The alerts firing now. */
  alerts: readonly Alert[];
  /** Every non-resolved incident plus recently resolved ones, as the store loaded them. */
  incidents: readonly Incident[];
  now: Date;
  repeatHours: number;
  groupThreshold: number;
  /** The channels an alert belongs in (the ops channel, its tenant's channel). */
  channelsFor: (alert: Alert) => string[];
}


/** One Slack message to post: a single incident, or a grouped message for several. */
export interface PlannedPost {
  channel: string;
  incidentIds: string[];
  groupId: string | null;
  /** Claims of earlier posts Slack never confirmed; dropped when this post claims their place. */
  replacesClaims: string[];
}

/** A note into one message's thread about one or more incidents. */
export interface PlannedThreadNote {
  channel: string;
  threadTs: string;
  incidentIds: string[];
}

/** A posted message to re-render, because an incident in it changed state. */
export interface PlannedEdit {
  channel: string;
  ts: string;
  groupId: string | null;
  /** Every incident the message shows (all members of a grouped message). */
  incidentIds: string[];
}

export interface SnoozeExpiry {
  incidentId: string;
  /** Back to open, or to acknowledged when someone had acknowledged it before snoozing. */
  status: 'open' | 'acknowledged';
}

export interface AlertRunPlan {
  now: string;
  /** New incidents, status open, not yet stored. */
  opened: Incident[];
  seen: SeenUpdate[];
  posts: PlannedPost[];
  reminders: PlannedThreadNote[];
  resolved: string[];
  snoozesExpired: SnoozeExpiry[];
  edits: PlannedEdit[];
  resolutionNotes: PlannedThreadNote[];
  /** Active incidents still firing that need nothing posted, reminded or edited. */
  unchanged: string[];
  /** Every incident as it stands once the plan is carried out, opened ones included. */
  incidents: Incident[];
}

const HOUR_MS = 3_600_000;
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };

function time(iso: string | null): number {
  return iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso);
}

/** Several alerts with one fingerprint in a run count once; the worst severity speaks. */
function uniqueAlerts(alerts: readonly Alert[]): Map<string, Alert> {
  const byFingerprint = new Map<string, Alert>();
  for (const alert of alerts) {
    const seen = byFingerprint.get(alert.fingerprint);
    if (!seen || SEVERITY_ORDER[alert.severity] < SEVERITY_ORDER[seen.severity]) byFingerprint.set(alert.fingerprint, alert);
  }
  return byFingerprint;
}

function uniqueChannels(channels: readonly string[]): string[] {
  return [...new Set(channels.map((channel) => channel.trim()).filter(Boolean))];
}

/** When a message last reached its readers: its post (or claim), or its latest reminder. */
function lastTouched(message: IncidentMessage): number {
  return Math.max(time(message.postedAt ?? message.claimedAt), time(message.remindedAt));
}

function newIncident(alert: Alert, now: string): Incident {
  return {
    incidentId: incidentIdFor(alert.fingerprint, now),
    fingerprint: alert.fingerprint,
    rule: alert.rule,
    connectionId: alert.connectionId,
    connectionName: alert.connectionName,
    tenantId: alert.tenantId,
    severity: alert.severity,
    summary: alert.summary,
    since: alert.since,
    details: { ...alert.details },
    status: 'open',
    openedAt: now,
    lastSeenAt: now,
    resolvedAt: null,
    ackedBy: null,
    ackedAt: null,
    snoozedUntil: null,
    snoozedBy: null,
    lastRemindedAt: null,
    messages: [],
  };
}

function threadKey(channel: string, ts: string): string {
  return `${channel}\u0000${ts}`;
}

function addToThread(notes: Map<string, PlannedThreadNote>, channel: string, ts: string, incidentId: string): void {
  const key = threadKey(channel, ts);
  const note = notes.get(key) ?? { channel, threadTs: ts, incidentIds: [] };
  if (!note.incidentIds.includes(incidentId)) note.incidentIds.push(incidentId);
  notes.set(key, note);
}

/**
 * Decides one alert run: which incidents open, what is posted where (grouped when a channel would
 * get more than `groupThreshold` messages), which reminders are due, what resolves and which
 * snoozes end. Pure: the notifier carries the plan out.
 */
export function planAlertRun(input: AlertRunInput): AlertRunPlan {
  const now = input.now.toISOString();
  const nowMs = input.now.getTime();
  const repeatMs = input.repeatHours * HOUR_MS;
  const firing = uniqueAlerts(input.alerts);

  // The oldest active incident per fingerprint carries it; any duplicate (a race) is closed.
  const { active, duplicates } = activeByFingerprint(input.incidents);

  const after = new Map<string, Incident>(input.incidents.map((incident) => [incident.incidentId, { ...incident }]));
  const opened: Incident[] = [];
  const seen: SeenUpdate[] = [];
  const resolved: string[] = [];
  const snoozesExpired: SnoozeExpiry[] = [];
  const pending = new Map<string, Array<{ incident: Incident; replacesClaim: string | null }>>();
  const reminderNotes = new Map<string, PlannedThreadNote>();
  const touched = new Set<string>();

  const queuePost = (channel: string, incident: Incident, replacesClaim: string | null) => {
    const list = pending.get(channel) ?? [];
    list.push({ incident, replacesClaim });
    pending.set(channel, list);
    touched.add(incident.incidentId);
  };

  for (const [fingerprint, alert] of firing) {
    const current = active.get(fingerprint);
    if (!current) {
      const incident = newIncident(alert, now);
      opened.push(incident);
      after.set(incident.incidentId, incident);
      for (const channel of uniqueChannels(input.channelsFor(alert))) queuePost(channel, incident, null);
      continue;
    }

    const next = after.get(current.incidentId) as Incident;
    Object.assign(next, { severity: alert.severity, summary: alert.summary, since: alert.since, details: { ...alert.details }, lastSeenAt: now });
    seen.push({ incidentId: current.incidentId, severity: alert.severity, summary: alert.summary, since: alert.since, details: { ...alert.details }, lastSeenAt: now });

    const status = statusAfterSnooze(next, input.now);
    if (status !== null) {
      snoozesExpired.push({ incidentId: next.incidentId, status });
      Object.assign(next, { status, snoozedUntil: null, snoozedBy: null });
      touched.add(next.incidentId);
    }
    if (next.status !== 'open') continue;

    // Postings that never happened (Slack failed, or a channel was added) are made now. A claim Slack
    // never confirmed (the run died mid-post) may have reached Slack, so it is repeated only once a
    // reminder would have been due anyway: never twice within the repeat interval.
    for (const channel of uniqueChannels(input.channelsFor(alert))) {
      const message = next.messages.find((m) => m.channel === channel);
      if (!message) queuePost(channel, next, null);
      else if (message.ts === null && nowMs - time(message.claimedAt) >= repeatMs) queuePost(channel, next, message.claimToken);
    }
    for (const message of next.messages) {
      if (message.ts !== null && nowMs - lastTouched(message) >= repeatMs) {
        addToThread(reminderNotes, message.channel, message.ts, next.incidentId);
        touched.add(next.incidentId);
      }
    }
  }

  for (const incident of [...active.values(), ...duplicates]) {
    const carriesFingerprint = active.get(incident.fingerprint) === incident;
    if (carriesFingerprint && firing.has(incident.fingerprint)) continue;
    resolved.push(incident.incidentId);
    Object.assign(after.get(incident.incidentId) as Incident, { status: 'resolved', resolvedAt: now, snoozedUntil: null });
    touched.add(incident.incidentId);
  }

  const posts: PlannedPost[] = [];
  for (const [channel, list] of pending) {
    const ordered = [...list].sort(
      (a, b) => SEVERITY_ORDER[a.incident.severity] - SEVERITY_ORDER[b.incident.severity] || a.incident.fingerprint.localeCompare(b.incident.fingerprint),
    );
    const replacesClaims = ordered.flatMap((entry) => (entry.replacesClaim ? [entry.replacesClaim] : []));
    if (ordered.length > input.groupThreshold) {
      const incidentIds = ordered.map((entry) => entry.incident.incidentId);
      posts.push({ channel, incidentIds, groupId: groupIdFor(channel, now, incidentIds), replacesClaims });
    } else {
      for (const entry of ordered) {
        posts.push({ channel, incidentIds: [entry.incident.incidentId], groupId: null, replacesClaims: entry.replacesClaim ? [entry.replacesClaim] : [] });
      }
    }
  }

  // A changed incident's messages are re-rendered; a grouped message shows all of its members.
  const changed = new Set([...resolved, ...snoozesExpired.map((expiry) => expiry.incidentId)]);
  const edits = new Map<string, PlannedEdit>();
  const resolutionNotes = new Map<string, PlannedThreadNote>();
  for (const incidentId of changed) {
    const incident = after.get(incidentId) as Incident;
    for (const message of incident.messages) {
      if (message.ts === null) continue;
      const key = threadKey(message.channel, message.ts);
      if (!edits.has(key)) {
        const members = message.groupId === null ? [incidentId] : membersOf(after, message.groupId, message.channel);
        edits.set(key, { channel: message.channel, ts: message.ts, groupId: message.groupId, incidentIds: members });
      }
      if (incident.status === 'resolved') addToThread(resolutionNotes, message.channel, message.ts, incidentId);
    }
  }

  const unchanged = [...active.values()]
    .filter((incident) => firing.has(incident.fingerprint) && !touched.has(incident.incidentId))
    .map((incident) => incident.incidentId);

  return {
    now,
    opened,
    seen,
    posts,
    reminders: [...reminderNotes.values()],
    resolved,
    snoozesExpired,
    edits: [...edits.values()],
    resolutionNotes: [...resolutionNotes.values()],
    unchanged,
    incidents: [...after.values()],
  };
}

function membersOf(incidents: Map<string, Incident>, groupId: string, channel: string): string[] {
  return [...incidents.values()]
    .filter((incident) => incident.messages.some((m) => m.groupId === groupId && m.channel === channel))
    .map((incident) => incident.incidentId);
}
