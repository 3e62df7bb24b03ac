import type { Severity } from '../health/types';
import type { FiringAlert } from './firingAlerts';

/**
 * What a morning dashboard shows of incidents, and what changed since the dashboard before it in
 * the same channel. Incidents are what fires now (the judgment), with what people did about them
 * from the alert store; one that no alert run has recorded yet is open.
 */

export interface DashboardIncident {
  /** `connection:<id>`, or `metadata_stale`. */
  fingerprint: string;
  connectionName: string | null;
  tenantId: string | null;
  /** The worst rule firing on it now. */
  severity: Severity;
  status: 'open' | 'acknowledged' | 'snoozed';
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  snoozedBy: string | null;
  snoozedUntil: string | null;
}

/** What one dashboard showed, kept in the alert state so the next one can say what changed. */
export interface DashboardRecord {
  at: string;
  incidents: Array<Pick<DashboardIncident, 'fingerprint' | 'connectionName' | 'tenantId' | 'severity'>>;
}

/** The record kept per channel: the latest dashboard, and the one before it for a Refresh of the latest. */
export interface DashboardHistory {
  latest: DashboardRecord;
  before: DashboardRecord | null;
}

export interface DashboardChanges {
  /** When the dashboard compared with was posted; null for a channel's first dashboard. */
  since: string | null;
  /** Firing now, not shown last time. */
  opened: DashboardIncident[];
  /** Shown last time, no longer firing. */
  recovered: DashboardRecord['incidents'];
  /** Shown last time and firing still. */
  stillOpen: DashboardIncident[];
}

/** One entry per incident firing now, in the order the alerts come (worst first). */
export function dashboardIncidents(alerts: readonly FiringAlert[]): DashboardIncident[] {
  const byKey = new Map<string, DashboardIncident>();
  for (const alert of alerts) {
    const key = alert.incident.fingerprint;
    const known = byKey.get(key);
    if (known) {
      if (alert.severity === 'critical') known.severity = 'critical';
      continue;
    }
    byKey.set(key, {
      fingerprint: key,
      connectionName: alert.connectionName,
      tenantId: alert.tenantId,
      severity: alert.severity,
      status: alert.lifecycle?.status ?? 'open',
      acknowledgedBy: alert.lifecycle?.acknowledgedBy ?? null,
      acknowledgedAt: alert.lifecycle?.acknowledgedAt ?? null,
      snoozedBy: alert.lifecycle?.snoozedBy ?? null,
      snoozedUntil: alert.lifecycle?.snoozedUntil ?? null,
    });
  }
  return [...byKey.values()];
}

export function dashboardRecord(incidents: readonly DashboardIncident[], at: Date): DashboardRecord {
  return { at: at.toISOString(), incidents: incidents.map(({ fingerprint, connectionName, tenantId, severity }) => ({ fingerprint, connectionName, tenantId, severity })) };
}

export function changesSince(previous: DashboardRecord | null, current: readonly DashboardIncident[]): DashboardChanges {
  const before = new Set((previous?.incidents ?? []).map((incident) => incident.fingerprint));
  const now = new Set(current.map((incident) => incident.fingerprint));
  return {
    since: previous?.at ?? null,
    opened: current.filter((incident) => !before.has(incident.fingerprint)),
    recovered: (previous?.incidents ?? []).filter((incident) => !now.has(incident.fingerprint)),
    stillOpen: current.filter((incident) => before.has(incident.fingerprint)),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readRecord(value: unknown): DashboardRecord | null {
  if (!isRecord(value) || typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at)) || !Array.isArray(value.incidents)) return null;
  const incidents = value.incidents.filter(
    (incident): incident is DashboardRecord['incidents'][number] =>
      isRecord(incident) &&
      typeof incident.fingerprint === 'string' &&
      (incident.connectionName === null || typeof incident.connectionName === 'string') &&
      (incident.tenantId === null || typeof incident.tenantId === 'string') &&
      (incident.severity === 'critical' || incident.severity === 'warning'),
  );
  return { at: value.at, incidents };
}

/** The kept history as written by {@link writeDashboardHistory}; null when missing or unreadable (a first dashboard then). */
export function readDashboardHistory(text: string | null): DashboardHistory | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return null;
    const latest = readRecord(value.latest);
    return latest ? { latest, before: readRecord(value.before) } : null;
  } catch {
    return null;
  }
}

export function writeDashboardHistory(history: DashboardHistory): string {
  return JSON.stringify(history);
}

/** The monitor_state key of a channel's dashboard history. */
export function dashboardStateKey(channel: string): string {
  return `dashboard:${channel}`;
}
