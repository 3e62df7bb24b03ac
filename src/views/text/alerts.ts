import type { Alert, Assessment, Severity } from '../../health/types';
import { ruleName } from '../vocabulary/ruleNames';
import { formatRelative, oneLine, palette, type Paint, type TextOptions } from './format';
import { renderHeader } from './header';

const SEVERITIES: Severity[] = ['critical', 'warning'];
const SUMMARY_WIDTH = 160;

export function alertCounts(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'none';
  const parts = SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.join(', ');
}

function alertLine(alert: Alert, now: Date, paint: Paint, showTenant: boolean): string {
  const facts = [
    showTenant && alert.connectionId !== null ? `tenant ${alert.tenantId ?? 'none'}` : null,
    alert.since ? `since ${formatRelative(alert.since, now)}` : null,
  ].filter((f): f is string => f !== null);
  const tail = facts.length > 0 ? paint.dim(` — ${facts.join(', ')}`) : '';
  return `  - ${paint.bold(ruleName(alert.rule).padEnd(22))} ${oneLine(alert.summary, SUMMARY_WIDTH)}${tail}`;
}

/** Alerts under a heading per severity, critical first. */
export function renderAlertList(alerts: readonly Alert[], now: Date, paint: Paint, options: { showTenant?: boolean } = {}): string {
  const sections: string[] = [];
  for (const severity of SEVERITIES) {
    const group = alerts.filter((a) => a.severity === severity);
    if (group.length === 0) continue;
    const heading = severity === 'critical' ? paint.red(`CRITICAL (${group.length})`) : paint.yellow(`WARNING (${group.length})`);
    sections.push([paint.bold(heading), ...group.map((a) => alertLine(a, now, paint, options.showTenant ?? true))].join('\n'));
  }
  return sections.join('\n\n');
}

/** What to say when no alert fires: "no alerts" only when the data is fresh enough to mean it. */
export function noAlertsLine(stale: boolean): string {
  return stale
    ? 'No connection alerts fired, but the monitoring data is stale: this is NOT "all healthy".'
    : 'No alerts: every connection is within its thresholds.';
}

/** `alerts`: what fires now, grouped by severity. */
export function renderAlerts(assessment: Assessment, options: TextOptions): string {
  const paint = palette(options.color);
  const { alerts } = assessment;
  const title = alerts.length === 0 ? 'Alerts' : `Alerts: ${alerts.length} firing (${alertCounts(alerts)})`;
  const body = alerts.length === 0 ? noAlertsLine(assessment.stale) : renderAlertList(alerts, options.now, paint);
  return `${renderHeader(title, assessment, options.now, paint)}\n\n${body}\n`;
}
