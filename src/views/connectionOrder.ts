import type { Alert, ConnectionAssessment, Health } from '../health/types';
import { alertRank, alertsWorstFirst } from './alertSummary';

/**
 * The one order connections are listed and counted in, on every surface: Slack's status, tenant
 * and dashboard, the CLI's reports and its JSON.
 */

/** Worst first. Paused is last: someone chose it, and it raises no alert. */
export const HEALTH_ORDER: readonly Health[] = ['broken', 'incomplete', 'initial_sync', 'priority_first_sync', 'connected', 'paused'];

export function healthRank(health: Health): number {
  const rank = HEALTH_ORDER.indexOf(health);
  return rank < 0 ? HEALTH_ORDER.length : rank;
}

/** How many connections are in each health, every health present (0 when none). */
export function healthCounts(connections: readonly ConnectionAssessment[]): Record<Health, number> {
  const counts = Object.fromEntries(HEALTH_ORDER.map((health) => [health, 0])) as Record<Health, number>;
  for (const connection of connections) counts[connection.health] = (counts[connection.health] ?? 0) + 1;
  return counts;
}

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
