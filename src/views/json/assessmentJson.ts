import type { PendingSummary } from '../../alerts/pendingSummary';
import type { FiringAlert } from '../../alerts/firingAlerts';
import type { FiringNow } from '../../alerts/readFiringAlerts';
import type { Alert, Assessment, CheckReport, ConnectionAssessment } from '../../health/types';
import { alertsByConnection, worstFirst } from '../connectionOrder';

/**
 * The CLI's machine output. Scripts depend on these shapes: fields may be added, never renamed
 * or removed.
 */

export function alertJson(alert: Alert) {
  return {
    rule: alert.rule,
    connectionId: alert.connectionId,
    connectionName: alert.connectionName,
    tenantId: alert.tenantId,
    severity: alert.severity,
    summary: alert.summary,
    fingerprint: alert.fingerprint,
    since: alert.since,
    details: alert.details,
  };
}

/** `alerts`: the connection's own firing alerts, worst first. */
export function connectionJson(c: ConnectionAssessment, alerts: readonly Alert[]) {
  return {
    connectionId: c.connectionId,
    connectionName: c.connectionName,
    tenantId: c.tenantId,
    health: c.health,
    paused: c.paused,
    lastSuccessfulSyncAt: c.lastSuccessfulSyncAt,
    lastSyncStatus: c.lastSync?.status ?? null,
    lastSyncReason: c.lastSync?.reason ?? null,
    lastSyncTaskType: c.lastSync?.taskType ?? null,
    lastSyncStartedAt: c.lastSyncStartedAt,
    lastSyncCompletedAt: c.lastSyncCompletedAt,
    runningSince: c.runningSince,
    connectorType: c.connectorType,
    connectorTypeName: c.connectorTypeName,
    destinationId: c.destinationId,
    destinationName: c.destinationName,
    syncFrequencyMinutes: c.syncFrequencyMinutes,
    medianDurationMinutes: c.medianDurationMinutes,
    p95DurationMinutes: c.p95DurationMinutes,
    errorsSinceLastSync: c.severeSinceLastSync,
    warningsSinceLastSync: c.warningsSinceLastSync,
    errors24h: c.severe24h,
    warnings24h: c.warnings24h,
    rowsModifiedLastSync: c.rowsModifiedLastSync,
    marThisMonth: c.marThisMonth,
    alerts: alerts.map((a) => a.rule),
    // What Fivetran's API and webhooks said, where each fact came from, and what disagrees: only when live state is known.
    ...(c.live ? { live: c.live } : {}),
  };
}

/**
 * An alert that fires now (one entry per rule: the judgment), with the incident it belongs to (its
 * connection's, with every rule firing on it) and that incident's lifecycle from the alert store
 * (null until an alert run records it).
 */
export function firingAlertJson(alert: FiringAlert) {
  const lifecycle = alert.lifecycle;
  return {
    ...alertJson(alert),
    incident: { incidentId: alert.incident.incidentId, fingerprint: alert.incident.fingerprint, rules: [...alert.incident.rules] },
    lifecycle:
      lifecycle === null
        ? null
        : {
            incidentId: lifecycle.incidentId,
            status: lifecycle.status,
            openedAt: lifecycle.openedAt,
            acknowledgedBy: lifecycle.acknowledgedBy,
            acknowledgedAt: lifecycle.acknowledgedAt,
            snoozedBy: lifecycle.snoozedBy,
            snoozedUntil: lifecycle.snoozedUntil,
            firstPostedAt: lifecycle.firstPostedAt,
            postings: lifecycle.postings.map((p) => ({ channel: p.channel, channelId: p.channelId, ts: p.ts, postedAt: p.postedAt, grouped: p.grouped })),
          },
  };
}

/** `alerts --json`: what fires now; `lifecycleProblem` says why no lifecycle is given, when the alert store could not be read. */
export const alertsJson = (a: Assessment, firing: FiringNow) => ({
  observedAt: a.observedAt,
  evaluatedAt: a.evaluatedAt,
  stale: a.stale,
  lifecycleProblem: firing.lifecycleProblem,
  alerts: firing.alerts.map(firingAlertJson),
});

/** Every connection in the order every list shows them, each with its own alerts. */
export function statusJson(a: Assessment) {
  const fired = alertsByConnection(a.alerts);
  return {
    observedAt: a.observedAt,
    evaluatedAt: a.evaluatedAt,
    stale: a.stale,
    connections: worstFirst(a.connections, a.alerts).map((c) => connectionJson(c, fired.get(c.connectionId) ?? [])),
  };
}

export const errorsJson = (a: Assessment) => ({
  observedAt: a.observedAt,
  connections: a.connections
    .filter((c) => c.latestErrors.length > 0 || c.severe24h > 0)
    .map((c) => ({ connectionId: c.connectionId, connectionName: c.connectionName, tenantId: c.tenantId, errors24h: c.severe24h, warnings24h: c.warnings24h, errorsSinceLastSync: c.severeSinceLastSync, latest: c.latestErrors })),
});

export const syncsJson = (a: Assessment) => ({
  observedAt: a.observedAt,
  connections: a.connections.map((c) => ({
    connectionId: c.connectionId,
    connectionName: c.connectionName,
    tenantId: c.tenantId,
    runningSince: c.runningSince,
    medianDurationMinutes: c.medianDurationMinutes,
    p95DurationMinutes: c.p95DurationMinutes,
    recentSyncs: c.recentSyncs,
  })),
});

export const schemaChangesJson = (a: Assessment) => ({
  observedAt: a.observedAt,
  changes: a.connections.flatMap((c) => c.schemaChanges30d.map((change) => ({ connectionId: c.connectionId, connectionName: c.connectionName, tenantId: c.tenantId, ...change }))).sort((x, y) => y.at.localeCompare(x.at)),
});

export const marJson = (a: Assessment) => {
  const byTenant = new Map<string, number>();
  for (const c of a.connections) byTenant.set(c.tenantId ?? '(unassigned)', (byTenant.get(c.tenantId ?? '(unassigned)') ?? 0) + c.marThisMonth);
  return {
    observedAt: a.observedAt,
    total: a.connections.reduce((sum, c) => sum + c.marThisMonth, 0),
    tenants: [...byTenant].map(([tenantId, mar]) => ({ tenantId: tenantId === '(unassigned)' ? null : tenantId, mar })).sort((x, y) => y.mar - x.mar),
    connections: a.connections.map((c) => ({ connectionId: c.connectionId, connectionName: c.connectionName, tenantId: c.tenantId, mar: c.marThisMonth })).sort((x, y) => y.mar - x.mar),
  };
};

/** `check --json`: the report, and the pending alert deliveries when they were read (null: the alert state could not be). */
export const checkJson = (report: CheckReport, deliveries?: PendingSummary | null) => (deliveries === undefined ? report : { ...report, pendingDeliveries: deliveries });
