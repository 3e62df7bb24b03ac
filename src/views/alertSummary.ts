import { alertsWorstFirst } from '../health/alertOrder';
import type { Alert, Severity } from '../health/types';
import { formatDuration, minutesBetween } from '../time/formatDuration';

/**
 * The alerts of one connection in a few words, for the line that lists it: every list (Slack,
 * dashboard, CLI) says the same thing, in words a person reads, from the alerts the assessment
 * fired. Nothing is judged here.
 */

export { alertRank, alertsWorstFirst, compareAlerts } from '../health/alertOrder';

const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const instant = (value: unknown): string | null => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null);

/**
 * One alert as a list badge: "sync failed 2 h ago", "no success for 10 h", "running for 7 h",
 * "12 errors in 24 h". Ages are measured against `now`, like every other age on the same line.
 */
export function shortAlertText(alert: Alert, now: string | Date): string {
  const age = (iso: string) => formatDuration(minutesBetween(iso, now));
  switch (alert.rule) {
    case 'sync_failed': {
      const failedAt = instant(alert.details.failedAt) ?? alert.since;
      return failedAt ? `sync failed ${age(failedAt)} ago` : 'last sync failed';
    }
    case 'sync_delayed':
      if (alert.details.reportedBy === 'api' && !alert.since) return 'delayed, says Fivetran';
      return alert.since ? `no success for ${age(alert.since)}` : 'no successful sync yet';
    case 'sync_running_long':
      return alert.since ? `running for ${age(alert.since)}` : 'sync running long';
    case 'frequent_errors': {
      const errors = count(alert.details.errors24h);
      return errors === null ? 'frequent errors' : `${errors} ${errors === 1 ? 'error' : 'errors'} in 24 h`;
    }
    case 'metadata_stale':
      return 'monitoring data stale';
    case 'setup_broken':
      return 'setup broken';
    case 'action_required':
      return 'action required in Fivetran';
    default:
      return String(alert.rule).replace(/_/g, ' ');
  }
}

export interface AlertBadge {
  /** The worst alert's severity: how the badge is marked. */
  severity: Severity;
  /** "no success for 10 h", or "sync failed 2 h ago, +2 more". */
  text: string;
  /** The alerts, worst first. */
  alerts: Alert[];
}

/** A connection's firing alerts as one badge, the worst first; null when none fires. */
export function shortAlertSummary(alerts: readonly Alert[], now: string | Date): AlertBadge | null {
  const ordered = alertsWorstFirst(alerts);
  const worst = ordered[0];
  if (worst === undefined) return null;
  const more = ordered.length > 1 ? `, +${ordered.length - 1} more` : '';
  return { severity: worst.severity, text: `${shortAlertText(worst, now)}${more}`, alerts: ordered };
}
