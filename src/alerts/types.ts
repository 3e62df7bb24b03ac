import type { Alert } from '../health/types';

/**
 * The lifecycle of one incident across monitoring runs. An incident is a connection in trouble
 * (or the monitoring data itself going stale): every rule that fires on that connection belongs to
 * it, and it stays open while any of them fires. When the last clears the incident is resolved; if
 * it fires again within the quiet period the same incident (and message) is reopened, later it is a
 * new incident with a new id.
 */
export type IncidentStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

/** Where an incident was posted. A grouped message holds several incidents under one ts. */
export interface IncidentMessage {
  /** The channel as routed (a name or an id): postings are looked up by it. */
  channel: string;
  /** The channel id Slack answered with; edits and thread replies go there. */
  channelId: string | null;
  /** Null while the post is claimed but Slack has not confirmed it (or the run died in between). */
  ts: string | null;
  /** Set when the incident was posted inside a grouped message. */
  groupId: string | null;
  /** Identifies the run's claim on this posting; one token per Slack message. */
  claimToken: string;
  claimedAt: string;
  postedAt: string | null;
  /** The latest reminder posted into this message's thread. */
  remindedAt: string | null;
}

/** One rule's part in an incident: its latest facts, and when it began and stopped firing there. */
export interface IncidentRule extends Pick<Alert, 'rule' | 'fingerprint' | 'severity' | 'summary' | 'since' | 'details'> {
  /** When an alert run first saw it fire in this incident (or fire again, after it had cleared). */
  startedAt: string;
  /** When it stopped firing; null while it fires. */
  clearedAt: string | null;
}

/** An incident's latest facts, stored without posting anything. */
export type SeenUpdate = Pick<Incident, 'incidentId' | 'severity' | 'rules' | 'lastSeenAt'>;

/** A connection in trouble: the rules firing on it (as last seen), with its lifecycle. */
export interface Incident extends Pick<Alert, 'connectionId' | 'connectionName' | 'tenantId' | 'severity'> {
  incidentId: string;
  /** What the incident is about, stable across runs: `connection:<id>`, or `metadata_stale`. */
  fingerprint: string;
  /**
   * Every rule that fired during the incident, worst first: those still firing (clearedAt null)
   * before those that cleared. `severity` is the worst firing rule's (the worst rule's once resolved).
   */
  rules: IncidentRule[];
  status: IncidentStatus;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  /** Set when the incident was closed because an older incident of the same connection took it over. */
  mergedInto: string | null;
  /** Slack user id of whoever acknowledged it. */
  ackedBy: string | null;
  ackedAt: string | null;
  snoozedUntil: string | null;
  snoozedBy: string | null;
  lastRemindedAt: string | null;
  messages: IncidentMessage[];
}

/** What the audit trail records; `detail` says the rest in words or compact JSON. */
export type AuditAction =
  | 'opened'
  | 'posted'
  | 'post_failed'
  | 'post_unconfirmed'
  | 'reminded'
  | 'remind_failed'
  | 'acknowledged'
  | 'snoozed'
  | 'snooze_expired'
  | 'resolved'
  | 'reopened'
  | 'merged'
  | 'rule_started'
  | 'rule_cleared'
  | 'edit_failed'
  | 'note_failed'
  /** Sync now, Pause and Resume asked from Slack; `detail` holds the connection and Fivetran's answer. */
  | 'sync_requested'
  | 'pause_requested'
  | 'resume_requested';

export interface AuditEntry {
  at: string;
  /** A Slack user id, or `pulse` for the monitor itself. */
  actor: string;
  action: AuditAction;
  incidentId: string | null;
  fingerprint: string | null;
  channel: string | null;
  detail: string | null;
}

/** The actor recorded for what the monitor does by itself. */
export const SYSTEM_ACTOR = 'pulse';

/** What the audit trail records of something the monitor did to an incident by itself. */
export function auditBySystem(incident: Pick<Incident, 'incidentId' | 'fingerprint'>, action: AuditAction, at: string, detail: string | null = null): AuditEntry {
  return { at, actor: SYSTEM_ACTOR, action, incidentId: incident.incidentId, fingerprint: incident.fingerprint, channel: null, detail };
}

export type SnoozeDuration = '1h' | '4h' | '24h' | 'dashboard';

export const SNOOZE_DURATIONS: readonly SnoozeDuration[] = ['1h', '4h', '24h', 'dashboard'];

export function isSnoozeDuration(value: unknown): value is SnoozeDuration {
  return typeof value === 'string' && (SNOOZE_DURATIONS as readonly string[]).includes(value);
}

/** An incident is active (can be acknowledged, snoozed, reminded) until it is resolved. */
export function isActive(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved';
}
