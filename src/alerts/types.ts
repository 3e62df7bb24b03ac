import type { Alert } from '../health/types';

/**
 * The lifecycle of one alert across monitoring runs. An incident is one stretch of time during
 * which an alert's fingerprint kept firing: when it clears the incident is resolved, and if it
 * fires again later that is a new incident with a new id.
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

/** A still-firing incident's latest facts; stored without posting anything. */
export type SeenUpdate = Pick<Incident, 'incidentId' | 'severity' | 'summary' | 'since' | 'details' | 'lastSeenAt'>;

/** An alert's facts (as last seen), with its lifecycle: open, acknowledged, snoozed or resolved. */
export interface Incident extends Pick<Alert, 'fingerprint' | 'rule' | 'connectionId' | 'connectionName' | 'tenantId' | 'severity' | 'summary' | 'since' | 'details'> {
  incidentId: string;
  status: IncidentStatus;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
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
  | 'reminded'
  | 'remind_failed'
  | 'acknowledged'
  | 'snoozed'
  | 'snooze_expired'
  | 'resolved'
  | 'edit_failed';

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
