import type { Alert, ConnectionAssessment } from '../health/types';
import { alertRank, alertsWorstFirst } from './alertSummary';
import { healthRank } from './vocabulary/health';

/**
 * The one order connections are listed in, on every surface: Slack's status, tenant and
 * dashboard, the CLI's reports and its JSON. Healths come in the vocabulary's order.
 */

/** Below every alert's rank: a connection with no alert firing. */
const QUIET = 100;

/** Each connection's firing alerts, worst first. */
export function alertsByConnection(alerts: readonly Alert[]): Map<string, Alert[]> {
  const byConnection = new Map<string, Alert[]>();
  for (const alert of alerts) {
    if (alert.connectionId === null) continue;
    byConnection.set(alert.connectionId, [...(byConnection.get(alert.connectionId) ?? []), alert]);
  }
  for (const [id, list] of byConnection) byConnection.set(id, alertsWorstFirst(list));
  return byConnection;
}

/**
 * Worst health first; within a health, connections with a firing alert before quiet ones (the
 * worst alert first); then by tenant (none last), name and id, so the order never depends on the
 * warehouse's.
 */
export function worstFirst(connections: readonly ConnectionAssessment[], alerts: readonly Alert[]): ConnectionAssessment[] {
  const fired = alertsByConnection(alerts);
  const rank = (c: ConnectionAssessment) => {
    const worst = fired.get(c.connectionId)?.[0];
    return worst ? alertRank(worst) : QUIET;
  };
  return [...connections].sort(
    (a, b) =>
      healthRank(a.health) - healthRank(b.health) ||
      rank(a) - rank(b) ||
      (a.tenantId ?? '\uffff').localeCompare(b.tenantId ?? '\uffff') ||
      a.connectionName.localeCompare(b.connectionName) ||
      a.connectionId.localeCompare(b.connectionId),
  );
}
