import type { AlertRule } from '../../health/types';
import type { Row } from '../../warehouse/types';
import type { AuditAction, AuditEntry, Incident, IncidentMessage, IncidentStatus } from '../types';

/** The columns of alert_incidents, in the order they are inserted and selected. */
export const INCIDENT_COLUMNS = [
  'incident_id', 'fingerprint', 'rule', 'connection_id', 'connection_name', 'tenant_id', 'severity', 'summary', 'since_at',
  'details', 'status', 'opened_at', 'last_seen_at', 'resolved_at', 'acked_by', 'acked_at', 'snoozed_until', 'snoozed_by',
  'last_reminded_at',
] as const;

export function str(row: Row, key: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  return String(value);
}

export function req(row: Row, key: string): string {
  return str(row, key) ?? '';
}

/** Stored details are JSON text; anything that is not a flat object of scalars is read as far as it can be. */
function parseDetails(text: string | null): Record<string, string | number | null> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string | number | null> = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      out[key] = typeof value === 'number' || typeof value === 'string' || value === null ? value : JSON.stringify(value);
    }
    return out;
  } catch {
    return {};
  }
}

function incidentOf(row: Row): Incident {
  return {
    incidentId: req(row, 'incident_id'),
    fingerprint: req(row, 'fingerprint'),
    rule: req(row, 'rule') as AlertRule,
    connectionId: str(row, 'connection_id'),
    connectionName: str(row, 'connection_name'),
    tenantId: str(row, 'tenant_id'),
    severity: req(row, 'severity') === 'critical' ? 'critical' : 'warning',
    summary: req(row, 'summary'),
    since: str(row, 'since_at'),
    details: parseDetails(str(row, 'details')),
    status: req(row, 'status') as IncidentStatus,
    openedAt: req(row, 'opened_at'),
    lastSeenAt: req(row, 'last_seen_at'),
    resolvedAt: str(row, 'resolved_at'),
    ackedBy: str(row, 'acked_by'),
    ackedAt: str(row, 'acked_at'),
    snoozedUntil: str(row, 'snoozed_until'),
    snoozedBy: str(row, 'snoozed_by'),
    lastRemindedAt: str(row, 'last_reminded_at'),
    messages: [],
  };
}

/** The message columns of the incident × message join, prefixed `m_`; null when the incident has no posting. */
function messageOf(row: Row): IncidentMessage | null {
  const channel = str(row, 'm_channel');
  if (channel === null) return null;
  return {
    channel,
    channelId: str(row, 'm_channel_id'),
    ts: str(row, 'm_ts'),
    groupId: str(row, 'm_group_id'),
    claimToken: req(row, 'm_claim_token'),
    claimedAt: req(row, 'm_claimed_at'),
    postedAt: str(row, 'm_posted_at'),
    remindedAt: str(row, 'm_reminded_at'),
  };
}

/** Folds the incident × message join back into incidents, in row order. */
export function assembleIncidents(rows: readonly Row[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const row of rows) {
    const incidentId = req(row, 'incident_id');
    const incident = byId.get(incidentId) ?? incidentOf(row);
    byId.set(incidentId, incident);
    const message = messageOf(row);
    if (message) incident.messages.push(message);
  }
  return [...byId.values()];
}

export function auditEntryOf(row: Row): AuditEntry {
  return {
    at: req(row, 'acted_at'),
    actor: req(row, 'actor'),
    action: req(row, 'action') as AuditAction,
    incidentId: str(row, 'incident_id'),
    fingerprint: str(row, 'fingerprint'),
    channel: str(row, 'channel'),
    detail: str(row, 'detail'),
  };
}
