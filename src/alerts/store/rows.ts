import type { AlertRule, Severity } from '../../health/types';
import type { Row } from '../../warehouse/types';
import { incidentKeyOf, orderRules } from '../incidents';
import type { AuditAction, AuditEntry, Incident, IncidentMessage, IncidentRule, IncidentStatus } from '../types';

/** The columns of alert_incidents, in the order they are inserted and selected. */
export const INCIDENT_COLUMNS = [
  'incident_id', 'fingerprint', 'rule', 'connection_id', 'connection_name', 'tenant_id', 'severity', 'summary', 'since_at',
  'details', 'status', 'opened_at', 'last_seen_at', 'resolved_at', 'acked_by', 'acked_at', 'snoozed_until', 'snoozed_by',
  'last_reminded_at', 'rules', 'merged_into',
] as const;

export function str(row: Row, key: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  return String(value);
}

export function req(row: Row, key: string): string {
  return str(row, key) ?? '';
}

/** A flat object of scalars, as far as the value is one; anything else reads as nothing. */
function scalarRecord(parsed: unknown): Record<string, string | number | null> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const out: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    out[key] = typeof value === 'number' || typeof value === 'string' || value === null ? value : JSON.stringify(value);
  }
  return out;
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const severityOf = (value: unknown): Severity => (value === 'critical' ? 'critical' : 'warning');
const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The stored rules of an incident; entries that are not rules (a hand-edited row) are skipped. */
function parseRules(text: string | null): IncidentRule[] | null {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) return null;
  return parsed.flatMap((entry): IncidentRule[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const rule = entry as Record<string, unknown>;
    const name = textOf(rule.rule);
    const startedAt = textOf(rule.startedAt);
    if (!name || !startedAt) return [];
    return [{
      rule: name as AlertRule,
      fingerprint: textOf(rule.fingerprint) ?? name,
      severity: severityOf(rule.severity),
      summary: textOf(rule.summary) ?? '',
      since: textOf(rule.since),
      details: scalarRecord(rule.details),
      startedAt,
      clearedAt: textOf(rule.clearedAt),
    }];
  });
}

/** The rules as stored: JSON text, in the order given. */
export function rulesJson(rules: readonly IncidentRule[]): string {
  return JSON.stringify(rules.map(({ rule, fingerprint, severity, summary, since, details, startedAt, clearedAt }) => ({ rule, fingerprint, severity, summary, since, details, startedAt, clearedAt })));
}

function incidentOf(row: Row): Incident {
  const status = req(row, 'status') as IncidentStatus;
  const rule = req(row, 'rule') as AlertRule;
  const connectionId = str(row, 'connection_id');
  // A row from before incidents were per connection holds one rule in its own columns, and belongs
  // to its connection's incident (the upgrade rewrites its fingerprint too; reading it so is the same).
  const stored = parseRules(str(row, 'rules'));
  const rules = stored ?? [{
    rule,
    fingerprint: connectionId === null ? rule : `${rule}:${connectionId}`,
    severity: severityOf(str(row, 'severity')),
    summary: req(row, 'summary'),
    since: str(row, 'since_at'),
    details: scalarRecord(parseJson(str(row, 'details'))),
    startedAt: req(row, 'opened_at'),
    clearedAt: status === 'resolved' ? str(row, 'resolved_at') : null,
  }];
  return {
    incidentId: req(row, 'incident_id'),
    fingerprint: stored ? req(row, 'fingerprint') : incidentKeyOf({ rule, connectionId }),
    connectionId,
    connectionName: str(row, 'connection_name'),
    tenantId: str(row, 'tenant_id'),
    severity: severityOf(str(row, 'severity')),
    rules: orderRules(rules),
    status,
    openedAt: req(row, 'opened_at'),
    lastSeenAt: req(row, 'last_seen_at'),
    resolvedAt: str(row, 'resolved_at'),
    mergedInto: str(row, 'merged_into'),
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
