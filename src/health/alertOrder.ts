import type { Alert, AlertRule, Severity } from './types';

/**
 * How bad an alert is, in one order every surface and the alert lifecycle share: critical before
 * warning, then by what it means for the data.
 */

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1 };

/** Within a severity, data that stopped moving comes before data that is merely slow or noisy. */
const RULE_RANK: Record<AlertRule, number> = { sync_failed: 0, setup_broken: 1, metadata_stale: 2, sync_delayed: 3, action_required: 4, sync_running_long: 5, frequent_errors: 6 };

/** Lower is worse. */
export function alertRank(alert: Pick<Alert, 'severity' | 'rule'>): number {
  return (SEVERITY_RANK[alert.severity] ?? 9) * 10 + (RULE_RANK[alert.rule] ?? 9);
}

export function compareAlerts(a: Pick<Alert, 'severity' | 'rule' | 'fingerprint'>, b: Pick<Alert, 'severity' | 'rule' | 'fingerprint'>): number {
  return alertRank(a) - alertRank(b) || a.fingerprint.localeCompare(b.fingerprint);
}

export function alertsWorstFirst<T extends Pick<Alert, 'severity' | 'rule' | 'fingerprint'>>(alerts: readonly T[]): T[] {
  return [...alerts].sort(compareAlerts);
}

/** The worse of two severities. */
export function worseSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}
