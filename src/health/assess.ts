import { SNAPSHOT_WINDOW_DAYS } from '../fivetran/readSnapshot';
import { CONNECTIONS_PER_SLICE, eachSlice } from '../fivetran/inSlices';
import type { Snapshot, Tenant } from '../fivetran/types';
import { frequentErrors, metadataStale, syncDelayed, syncFailed, syncRunningLong } from './alertRules';
import { connectionHealth } from './connectionHealth';
import type { AlertRulesConfig } from '../config/loadAlertRules';
import { matchTenant } from './matchTenant';
import { mergeLive } from './mergeLive';
import { actionRequired, liveSyncDelayed, setupBroken, withLiveSource } from './liveRules';
import type { LiveFacts } from '../live/liveFacts';
import { thresholdsFor } from './thresholds';
import type { Alert, Assessment, ConnectionAssessment } from './types';

const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;

/**
 * Pure: a snapshot into judgments: each connection's tenant and health, and the alerts that fire.
 * Connection rules are measured at observedAt (the data is only as fresh as its last load); the
 * staleness of the data itself against `now`. Live facts (Fivetran's API and webhooks), when given,
 * are merged into each connection first, newest fact winning (see mergeLive).
 */
export function assess(snapshot: Snapshot, tenants: readonly Tenant[], rules: AlertRulesConfig, now: Date, live?: ReadonlyMap<string, LiveFacts>): Assessment {
  const judging = startJudging(snapshot, tenants, rules, now, live);
  for (const warehouse of snapshot.connections) judging.judge(warehouse);
  return judging.finish();
}

/**
 * `assess`, a slice of connections at a time with a turn of the event loop between slices: the
 * same judgments, without holding the event loop for thousands of connections.
 */
export async function assessInSlices(
  snapshot: Snapshot,
  tenants: readonly Tenant[],
  rules: AlertRulesConfig,
  now: Date,
  live?: ReadonlyMap<string, LiveFacts>,
  perSlice = CONNECTIONS_PER_SLICE,
): Promise<Assessment> {
  const judging = startJudging(snapshot, tenants, rules, now, live);
  await eachSlice(snapshot.connections, perSlice, (slice) => {
    for (const warehouse of slice) judging.judge(warehouse);
  });
  return judging.finish();
}

/** The judgment of a snapshot, one connection at a time, in the snapshot's order. */
function startJudging(snapshot: Snapshot, tenants: readonly Tenant[], rules: AlertRulesConfig, now: Date, live?: ReadonlyMap<string, LiveFacts>) {
  const windowStart = new Date(now.getTime() - SNAPSHOT_WINDOW_DAYS * 86_400_000).toISOString();
  const connections: ConnectionAssessment[] = [];
  const alerts: Alert[] = [];
  const stale = metadataStale(snapshot, thresholdsFor(rules, null, null), now);
  if (stale.alert && !thresholdsFor(rules, null, null).disabled.includes('metadata_stale')) alerts.push(stale.alert);
  const observedAt = snapshot.observedAt;

  function judge(warehouse: Snapshot['connections'][number]): void {
    const { connection: c, live: view } = mergeLive(warehouse, live?.get(warehouse.connectionId), snapshot.observedAt);
    const health = view?.setupState === 'broken' && !c.paused ? 'broken' : connectionHealth(c, windowStart);
    const connection: ConnectionAssessment = { ...c, tenantId: matchTenant(c.connectionName, tenants)?.tenantId ?? null, health, ...(view ? { live: view } : {}) };
    connections.push(connection);
    if (observedAt === null || connection.paused) return;
    const t = thresholdsFor(rules, connection.tenantId, connection.connectionId);
    const fired = [
      withLiveSource(syncFailed(connection, t), connection),
      syncDelayed(connection, t, observedAt) ?? liveSyncDelayed(connection, t),
      syncRunningLong(connection, t, observedAt),
      frequentErrors(connection, t),
      setupBroken(connection, t),
      actionRequired(connection, t),
    ];
    for (const a of fired) if (a !== null && !t.disabled.includes(a.rule)) alerts.push(a);
  }

  function finish(): Assessment {
    alerts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.fingerprint.localeCompare(b.fingerprint));
    return { observedAt, evaluatedAt: now.toISOString(), stale: stale.alert !== null, connections, alerts };
  }

  return { judge, finish };
}
