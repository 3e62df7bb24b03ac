import { alertRank, alertsWorstFirst, worseSeverity } from '../health/alertOrder';
import type { Alert } from '../health/types';
import { groupIdFor, incidentIdFor } from './ids';
import { firingRules, headlineRule, incidentKeyOf, incidentRuleOf, orderRules, severityOfRules } from './incidents';
import { activeByFingerprint, statusAfterSnooze } from './lifecycle';
import type { IncidentChange } from './messages';
import type { Incident, IncidentMessage, SeenUpdate } from './types';

export interface AlertRunInput {
  /** The alerts firing now. */
  alerts: readonly Alert[];
  /** Every non-resolved incident plus recently resolved ones, as the store loaded them. */
  incidents: readonly Incident[];
  now: Date;
  repeatHours: number;
  groupThreshold: number;
  /** The channels an incident belongs in (the ops channel, its tenant's channel), asked with its worst alert. */
  channelsFor: (alert: Alert) => string[];
  /**
   * An incident that resolved at most this many minutes ago and fires again is reopened: the same
   * incident and message, not a new post. 0 always posts anew.
   */
  reopenWithinMinutes: number;
  /** Who a post or a reminder about this incident notifies (a user group, a user); null for nobody. */
  mentionFor?: (incident: Pick<Incident, 'tenantId' | 'connectionId' | 'severity'>) => string | null;
}

/** One Slack message to post: a single incident, or a grouped message for several. */
export interface PlannedPost {
  channel: string;
  incidentIds: string[];
  groupId: string | null;
  /** Claims of earlier posts Slack never confirmed; dropped when this post claims their place. */
  replacesClaims: string[];
  mention: string | null;
}

/** A note into one message's thread about one or more incidents. */
export interface PlannedThreadNote {
  channel: string;
  threadTs: string;
  incidentIds: string[];
}

export interface PlannedReminder extends PlannedThreadNote {
  mention: string | null;
}

/** A posted message to re-render, because an incident in it changed. */
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
  /** Resolved incidents that fire again within the quiet period: open again, in the same messages. */
  reopened: string[];
  /** Incidents whose rules or facts changed, to store as they stand now (before any resolve). */
  seen: SeenUpdate[];
  posts: PlannedPost[];
  reminders: PlannedReminder[];
  resolved: string[];
  /** Younger incidents of a connection closed into its oldest one (left by an upgrade, or a race). */
  merged: Array<{ incidentId: string; into: string }>;
  snoozesExpired: SnoozeExpiry[];
  edits: PlannedEdit[];
  /** Notes saying what changed: rules started or cleared, incidents resolved or firing again. */
  changeNotes: PlannedThreadNote[];
  /** What changed on each incident a change note names. */
  changes: Record<string, IncidentChange>;
  /** Active incidents still firing that need nothing posted, reminded or edited. */
  unchanged: string[];
  /** Every incident as it stands once the plan is carried out, opened ones included. */
  incidents: Incident[];
}

const HOUR_MS = 3_600_000;

/**
 * A claim younger than this may belong to a run (in another process) still waiting for Slack's
 * answer, so it is not reconciled yet: well over the longest deadline on a Slack call (30 s).
 */
export const RECONCILE_AFTER_MS = 60_000;

/** Whether a claim Slack never confirmed is old enough to be looked for in its channel. */
function dueForReconciling(message: Incident['messages'][number], nowMs: number): boolean {
  return message.ts === null && nowMs - time(message.claimedAt) >= RECONCILE_AFTER_MS;
}

function time(iso: string | null): number {
  return iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso);
}

/** Several alerts with one fingerprint in a run count once; the worst severity speaks. */
function uniqueAlerts(alerts: readonly Alert[]): Alert[] {
  const byFingerprint = new Map<string, Alert>();
  for (const alert of alerts) {
    const seen = byFingerprint.get(alert.fingerprint);
    if (!seen || worseSeverity(alert.severity, seen.severity) !== seen.severity) byFingerprint.set(alert.fingerprint, alert);
  }
  return [...byFingerprint.values()];
}

/** The alerts firing now per incident key, each list worst first. */
function alertsByIncident(alerts: readonly Alert[]): Map<string, Alert[]> {
  const byKey = new Map<string, Alert[]>();
  for (const alert of uniqueAlerts(alerts)) {
    const key = incidentKeyOf(alert);
    byKey.set(key, [...(byKey.get(key) ?? []), alert]);
  }
  for (const [key, list] of byKey) byKey.set(key, alertsWorstFirst(list));
  return byKey;
}

function uniqueChannels(channels: readonly string[]): string[] {
  return [...new Set(channels.map((channel) => channel.trim()).filter(Boolean))];
}

/** When a message last reached its readers: its post (or claim), or its latest reminder. */
function lastTouched(message: IncidentMessage): number {
  return Math.max(time(message.postedAt ?? message.claimedAt), time(message.remindedAt));
}

/** A new open incident for the alerts firing under one key, as an alert run opens it. */
export function newIncident(key: string, alerts: readonly Alert[], now: string): Incident {
  const lead = alerts[0] as Alert;
  const rules = alerts.map((alert) => incidentRuleOf(alert, now));
  return {
    incidentId: incidentIdFor(key, now),
    fingerprint: key,
    connectionId: lead.connectionId,
    connectionName: lead.connectionName,
    tenantId: lead.tenantId,
    severity: severityOfRules(rules),
    rules,
    status: 'open',
    openedAt: now,
    lastSeenAt: now,
    resolvedAt: null,
    mergedInto: null,
    ackedBy: null,
    ackedAt: null,
    snoozedUntil: null,
    snoozedBy: null,
    lastRemindedAt: null,
    messages: [],
  };
}

/**
 * Brings an incident's rules up to what fires now: rules firing again or for the first time start
 * now, rules no longer firing clear now, the rest take their latest facts. Answers with what
 * started and cleared.
 */
function applyFiring(incident: Incident, alerts: readonly Alert[], now: string): Pick<IncidentChange, 'started' | 'cleared'> {
  const wasFiring = new Set(incident.rules.filter((rule) => rule.clearedAt === null && incident.status !== 'resolved').map((rule) => rule.rule));
  const firingNow = new Set(alerts.map((alert) => alert.rule));
  const started = alerts.filter((alert) => !wasFiring.has(alert.rule)).map((alert) => alert.rule);
  const cleared = [...wasFiring].filter((rule) => !firingNow.has(rule));
  const rules = incident.rules
    .filter((rule) => !firingNow.has(rule.rule))
    .map((rule) => (rule.clearedAt === null ? { ...rule, clearedAt: now } : rule));
  for (const alert of alerts) {
    const previous = incident.rules.find((rule) => rule.rule === alert.rule);
    const startedAt = previous && wasFiring.has(alert.rule) ? previous.startedAt : now;
    rules.push(incidentRuleOf(alert, startedAt));
  }
  incident.rules = orderRules(rules);
  incident.severity = severityOfRules(incident.rules);
  const lead = alerts[0];
  if (lead) Object.assign(incident, { connectionName: lead.connectionName, tenantId: lead.tenantId });
  incident.lastSeenAt = now;
  return { started, cleared };
}

/** Every firing rule clears now: the incident resolves. */
function clearAll(incident: Incident, now: string): void {
  incident.rules = orderRules(incident.rules.map((rule) => (rule.clearedAt === null ? { ...rule, clearedAt: now } : rule)));
  incident.severity = severityOfRules(incident.rules);
}

function seenOf(incident: Incident): SeenUpdate {
  return { incidentId: incident.incidentId, severity: incident.severity, rules: incident.rules.map((rule) => ({ ...rule, details: { ...rule.details } })), lastSeenAt: incident.lastSeenAt };
}

function threadKey(channel: string, ts: string): string {
  return `${channel}\u0000${ts}`;
}

function addToThread<T extends PlannedThreadNote>(notes: Map<string, T>, channel: string, ts: string, incidentId: string, start: () => T): void {
  const key = threadKey(channel, ts);
  const note = notes.get(key) ?? start();
  if (!note.incidentIds.includes(incidentId)) note.incidentIds.push(incidentId);
  notes.set(key, note);
}

/** The mentions of several incidents in one message: each once, in order. */
function mentionOf(incidents: readonly Incident[], mentionFor: AlertRunInput['mentionFor']): string | null {
  if (!mentionFor) return null;
  const mentions = [...new Set(incidents.map((incident) => mentionFor(incident)).filter((mention): mention is string => Boolean(mention)))];
  return mentions.length === 0 ? null : mentions.join(' ');
}

/** How bad an incident is, for ordering a grouped message: its worst rule first, then what it is about. */
function compareIncidents(a: Incident, b: Incident): number {
  const rank = (incident: Incident) => {
    const headline = headlineRule(incident);
    return headline ? alertRank(headline) : 99;
  };
  return rank(a) - rank(b) || a.fingerprint.localeCompare(b.fingerprint);
}

/**
 * Decides one alert run. An incident is a connection in trouble: every rule firing on it belongs to
 * its one incident and message. The plan says which incidents open (or reopen within the quiet
 * period), what is posted where (grouped when a channel would get more than `groupThreshold`
 * messages), which rules started or cleared on open incidents, which reminders are due, what
 * resolves and which snoozes end. Pure: the notifier carries the plan out.
 */
export function planAlertRun(input: AlertRunInput): AlertRunPlan {
  const now = input.now.toISOString();
  const nowMs = input.now.getTime();
  const repeatMs = input.repeatHours * HOUR_MS;
  const firing = alertsByIncident(input.alerts);

  // The oldest active incident per connection carries it; any younger one (left by an upgrade
  // from one incident per rule, or by a race) is merged into it.
  const { active, duplicates } = activeByFingerprint(input.incidents);
  const after = new Map<string, Incident>(input.incidents.map((incident) => [incident.incidentId, structuredClone(incident)]));
  const get = (incidentId: string) => after.get(incidentId) as Incident;

  const opened: Incident[] = [];
  const reopened: string[] = [];
  const seen = new Map<string, SeenUpdate>();
  const resolved: string[] = [];
  const merged: AlertRunPlan['merged'] = [];
  const snoozesExpired: SnoozeExpiry[] = [];
  const changes: Record<string, IncidentChange> = {};
  const edited = new Set<string>();
  const pending = new Map<string, Array<{ incident: Incident; replacesClaim: string | null }>>();
  const reminderNotes = new Map<string, PlannedReminder>();
  const touched = new Set<string>();

  const queuePost = (channel: string, incident: Incident, replacesClaim: string | null) => {
    const list = pending.get(channel) ?? [];
    list.push({ incident, replacesClaim });
    pending.set(channel, list);
    touched.add(incident.incidentId);
  };
  const record = (incident: Incident) => seen.set(incident.incidentId, seenOf(incident));

  for (const duplicate of duplicates) {
    const carrier = get((active.get(duplicate.fingerprint) as Incident).incidentId);
    const closing = get(duplicate.incidentId);
    // The carrier takes over the rules only the duplicate had, as they began there.
    for (const rule of firingRules(closing)) {
      if (!firingRules(carrier).some((own) => own.rule === rule.rule)) carrier.rules = orderRules([...carrier.rules.filter((own) => own.rule !== rule.rule), { ...rule }]);
    }
    carrier.severity = severityOfRules(carrier.rules);
    clearAll(closing, now);
    record(closing);
    record(carrier);
    Object.assign(closing, { status: 'resolved', resolvedAt: now, mergedInto: carrier.incidentId, snoozedUntil: null });
    merged.push({ incidentId: closing.incidentId, into: carrier.incidentId });
    edited.add(closing.incidentId).add(carrier.incidentId);
    touched.add(closing.incidentId).add(carrier.incidentId);
  }

  const reopenAfterMs = nowMs - input.reopenWithinMinutes * 60_000;
  /** The latest incident of this key that resolved within the quiet period and reached Slack. */
  const reopenable = (key: string): Incident | null => {
    if (input.reopenWithinMinutes <= 0) return null;
    const candidates = input.incidents.filter(
      (incident) =>
        incident.fingerprint === key &&
        incident.status === 'resolved' &&
        incident.mergedInto === null &&
        time(incident.resolvedAt) >= reopenAfterMs &&
        incident.messages.some((message) => message.ts !== null),
    );
    return candidates.sort((a, b) => time(b.resolvedAt) - time(a.resolvedAt))[0] ?? null;
  };

  for (const [key, alerts] of firing) {
    const lead = alerts[0] as Alert;
    const current = active.get(key);
    const channels = uniqueChannels(input.channelsFor(lead));

    if (!current) {
      const previous = reopenable(key);
      if (!previous) {
        const incident = newIncident(key, alerts, now);
        opened.push(incident);
        after.set(incident.incidentId, incident);
        for (const channel of channels) queuePost(channel, incident, null);
        continue;
      }
      // Fired again soon after it cleared: the same incident opens again in the same messages,
      // whose reminders count from now.
      const next = get(previous.incidentId);
      const { started } = applyFiring(next, alerts, now);
      Object.assign(next, { status: 'open', resolvedAt: null, ackedBy: null, ackedAt: null, snoozedUntil: null, snoozedBy: null });
      for (const message of next.messages) if (message.ts !== null) message.remindedAt = now;
      reopened.push(next.incidentId);
      record(next);
      changes[next.incidentId] = { kind: 'reopened', started, cleared: [], resolvedBefore: previous.resolvedAt };
      edited.add(next.incidentId);
      touched.add(next.incidentId);
      for (const channel of channels) if (!next.messages.some((message) => message.channel === channel)) queuePost(channel, next, null);
      continue;
    }

    const next = get(current.incidentId);
    const { started, cleared } = applyFiring(next, alerts, now);
    record(next);
    if (started.length > 0 || cleared.length > 0) {
      changes[next.incidentId] = { kind: 'changed', started, cleared, resolvedBefore: null };
      edited.add(next.incidentId);
      touched.add(next.incidentId);
    }

    const status = statusAfterSnooze(next, input.now);
    if (status !== null) {
      snoozesExpired.push({ incidentId: next.incidentId, status });
      Object.assign(next, { status, snoozedUntil: null, snoozedBy: null });
      edited.add(next.incidentId);
      touched.add(next.incidentId);
    }
    if (next.status !== 'open') continue;

    // Postings that never happened (Slack failed, or a channel was added) are made now. A claim Slack
    // never confirmed (its answer was lost, or the run died mid-post) may have reached Slack: it is
    // planned again at once, and delivery looks for it in the channel before posting anything.
    for (const channel of channels) {
      const message = next.messages.find((m) => m.channel === channel);
      if (!message) queuePost(channel, next, null);
      else if (dueForReconciling(message, nowMs)) queuePost(channel, next, message.claimToken);
    }
    for (const message of next.messages) {
      if (message.ts !== null && nowMs - lastTouched(message) >= repeatMs) {
        addToThread(reminderNotes, message.channel, message.ts, next.incidentId, () => ({ channel: message.channel, threadTs: message.ts as string, incidentIds: [], mention: null }));
        touched.add(next.incidentId);
      }
    }
  }

  for (const carrier of active.values()) {
    if (firing.has(carrier.fingerprint)) continue;
    const closing = get(carrier.incidentId);
    const cleared = firingRules(closing).map((rule) => rule.rule);
    clearAll(closing, now);
    record(closing);
    resolved.push(closing.incidentId);
    Object.assign(closing, { status: 'resolved', resolvedAt: now, snoozedUntil: null });
    changes[closing.incidentId] = { kind: 'resolved', started: [], cleared, resolvedBefore: null };
    edited.add(closing.incidentId);
    touched.add(closing.incidentId);
  }

  const posts: PlannedPost[] = [];
  for (const [channel, list] of pending) {
    const ordered = [...list].sort((a, b) => compareIncidents(a.incident, b.incident));
    const replacesClaims = ordered.flatMap((entry) => (entry.replacesClaim ? [entry.replacesClaim] : []));
    if (ordered.length > input.groupThreshold) {
      const incidentIds = ordered.map((entry) => entry.incident.incidentId);
      const mention = mentionOf(ordered.map((entry) => entry.incident), input.mentionFor);
      posts.push({ channel, incidentIds, groupId: groupIdFor(channel, now, incidentIds), replacesClaims, mention });
    } else {
      for (const entry of ordered) {
        const mention = mentionOf([entry.incident], input.mentionFor);
        posts.push({ channel, incidentIds: [entry.incident.incidentId], groupId: null, replacesClaims: entry.replacesClaim ? [entry.replacesClaim] : [], mention });
      }
    }
  }
  const reminders = [...reminderNotes.values()].map((note) => ({ ...note, mention: mentionOf(note.incidentIds.map(get), input.mentionFor) }));

  // A changed incident's messages are re-rendered (a grouped message shows all of its members), and
  // what changed is told in each of their threads.
  const edits = new Map<string, PlannedEdit>();
  const changeNotes = new Map<string, PlannedThreadNote>();
  for (const incidentId of edited) {
    const incident = get(incidentId);
    for (const message of incident.messages) {
      if (message.ts === null) continue;
      const key = threadKey(message.channel, message.ts);
      if (!edits.has(key)) {
        const members = message.groupId === null ? [incidentId] : membersOf(after, message.groupId, message.channel);
        edits.set(key, { channel: message.channel, ts: message.ts, groupId: message.groupId, incidentIds: members });
      }
      if (changes[incidentId]) addToThread(changeNotes, message.channel, message.ts, incidentId, () => ({ channel: message.channel, threadTs: message.ts as string, incidentIds: [] }));
    }
  }

  const unchanged = [...active.values()]
    .filter((incident) => firing.has(incident.fingerprint) && !touched.has(incident.incidentId))
    .map((incident) => incident.incidentId);

  return {
    now,
    opened,
    reopened,
    seen: [...seen.values()],
    posts,
    reminders,
    resolved,
    merged,
    snoozesExpired,
    edits: [...edits.values()],
    changeNotes: [...changeNotes.values()],
    changes,
    unchanged,
    incidents: [...after.values()],
  };
}

function membersOf(incidents: Map<string, Incident>, groupId: string, channel: string): string[] {
  return [...incidents.values()]
    .filter((incident) => incident.messages.some((m) => m.groupId === groupId && m.channel === channel))
    .map((incident) => incident.incidentId);
}

/**
 * Posts whose claims Slack never confirmed (an answer lost or late, a process that died mid-post),
 * one per claim: delivery looks each up in its channel before posting anything. Only open incidents
 * are posted; the claims of others wait for the next alert run to decide.
 */
export function planReconciliation(incidents: readonly Incident[], now: Date, mentionFor?: AlertRunInput['mentionFor']): PlannedPost[] {
  const byClaim = new Map<string, { channel: string; groupId: string | null; members: Incident[] }>();
  for (const incident of incidents) {
    if (incident.status !== 'open') continue;
    for (const message of incident.messages) {
      if (!dueForReconciling(message, now.getTime())) continue;
      const entry = byClaim.get(message.claimToken) ?? { channel: message.channel, groupId: message.groupId, members: [] };
      entry.members.push(incident);
      byClaim.set(message.claimToken, entry);
    }
  }
  return [...byClaim].map(([claimToken, { channel, groupId, members }]) => ({
    channel,
    incidentIds: [...members].sort(compareIncidents).map((incident) => incident.incidentId),
    groupId,
    replacesClaims: [claimToken],
    mention: mentionOf(members, mentionFor),
  }));
}
