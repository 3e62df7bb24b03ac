import type { AlertLifecycle, FiringAlert } from '../../alerts/firingAlerts';
import { alertSince } from '../../alerts/lifecycle';
import type { FiringNow } from '../../alerts/readFiringAlerts';
import type { Alert, Assessment, Severity } from '../../health/types';
import { alertFacts, type FactFormat } from '../vocabulary/alertFacts';
import { ruleName } from '../vocabulary/ruleNames';
import { formatClock, formatRelative, oneLine, palette, type Paint, type TextOptions } from './format';
import { renderHeader } from './header';

const SEVERITIES: Severity[] = ['critical', 'warning'];
const SUMMARY_WIDTH = 160;
const DETAIL_INDENT = '      ';

export function alertCounts(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'none';
  const parts = SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.join(', ');
}

/** "since 20:41 UTC (12 h ago)", with the day when it is not today's. */
function sinceText(alert: Pick<Alert, 'since'>, text: TextOptions): string | null {
  const since = alertSince(alert);
  return since === null ? null : `since ${formatClock(since, text.now, '—', text.timeZone)} (${formatRelative(since, text.now)})`;
}

/** A channel as routed: a name reads with its #, an id as it is. */
function channelName(channel: string): string {
  return /^[CGD][A-Z0-9]{2,}$/.test(channel) ? channel : `#${channel.replace(/^#/, '')}`;
}

/** Who took the alert on and where it was posted, in one line. */
export function lifecycleText(lifecycle: AlertLifecycle | null, text: TextOptions): string {
  if (lifecycle === null || lifecycle.postings.length === 0) {
    const state = lifecycle?.status === 'acknowledged' || lifecycle?.status === 'snoozed' ? `${stateText(lifecycle, text)}; ` : '';
    return `${state}not posted to Slack yet: the next alert run posts it`;
  }
  const channels = [...new Set(lifecycle.postings.map((p) => channelName(p.channel)))];
  return `${stateText(lifecycle, text)} · posted ${formatClock(lifecycle.firstPostedAt, text.now, 'at an unknown time', text.timeZone)} in ${channels.join(', ')}`;
}

function stateText(lifecycle: AlertLifecycle, text: TextOptions): string {
  switch (lifecycle.status) {
    case 'acknowledged':
      return `acknowledged by Slack user ${lifecycle.acknowledgedBy ?? 'unknown'} at ${formatClock(lifecycle.acknowledgedAt, text.now, 'an unknown time', text.timeZone)}`;
    case 'snoozed':
      return `snoozed by Slack user ${lifecycle.snoozedBy ?? 'unknown'} until ${formatClock(lifecycle.snoozedUntil, text.now, 'an unknown time', text.timeZone)}`;
    case 'open':
      return 'not acknowledged';
  }
}

/** How an alert's facts read in a terminal: times with their day when not today. */
function textFacts(alert: Alert, text: TextOptions): string {
  const format: FactFormat = { instant: (iso) => formatClock(iso, text.now, '—', text.timeZone), text: (raw) => oneLine(raw, 120) };
  return alertFacts(alert, format)
    .map((fact) => `${fact.label}: ${fact.value}`)
    .join(' · ');
}

interface ListOptions {
  showTenant?: boolean;
  /** Each alert's facts and lifecycle under it (the `alerts` report). */
  detailed?: { lifecycleKnown: boolean };
}

function alertLines(alert: Alert | FiringAlert, text: TextOptions, paint: Paint, options: ListOptions): string[] {
  const facts = [
    (options.showTenant ?? true) && alert.connectionId !== null ? `tenant ${alert.tenantId ?? 'none'}` : null,
    sinceText(alert, text),
  ].filter((f): f is string => f !== null);
  const tail = facts.length > 0 ? paint.dim(` — ${facts.join(', ')}`) : '';
  const lines = [`  - ${paint.bold(ruleName(alert.rule).padEnd(22))} ${oneLine(alert.summary, SUMMARY_WIDTH)}${tail}`];
  if (options.detailed) {
    const details = textFacts(alert, text);
    if (details) lines.push(`${DETAIL_INDENT}${details}`);
    if (options.detailed.lifecycleKnown) lines.push(`${DETAIL_INDENT}${lifecycleText('lifecycle' in alert ? alert.lifecycle : null, text)}`);
  }
  return lines;
}

/** Alerts under a heading per severity, critical first, in the order given within each. */
export function renderAlertList(alerts: readonly (Alert | FiringAlert)[], text: TextOptions, paint: Paint, options: ListOptions = {}): string {
  const sections: string[] = [];
  for (const severity of SEVERITIES) {
    const group = alerts.filter((a) => a.severity === severity);
    if (group.length === 0) continue;
    const heading = severity === 'critical' ? paint.red(`CRITICAL (${group.length})`) : paint.yellow(`WARNING (${group.length})`);
    sections.push([paint.bold(heading), ...group.flatMap((a) => alertLines(a, text, paint, options))].join('\n'));
  }
  return sections.join('\n\n');
}

/** What to say when no alert fires: "no alerts" only when the data is fresh enough to mean it. */
export function noAlertsLine(stale: boolean): string {
  return stale
    ? 'No connection alerts fired, but the monitoring data is stale: this is NOT "all healthy".'
    : 'No alerts: every connection is within its thresholds.';
}

/**
 * `alerts`: what fires now, grouped by severity, each with its facts and, from the alert store,
 * who acknowledged or snoozed it and where it was posted.
 */
export function renderAlerts(assessment: Assessment, firing: FiringNow, options: TextOptions): string {
  const paint = palette(options.color);
  const { alerts } = firing;
  const title = alerts.length === 0 ? 'Alerts' : `Alerts: ${alerts.length} firing (${alertCounts(alerts)})`;
  const lifecycleKnown = firing.lifecycleProblem === null;
  const body = alerts.length === 0 ? noAlertsLine(assessment.stale) : renderAlertList(alerts, options, paint, { detailed: { lifecycleKnown } });
  const problem = firing.lifecycleProblem ? `\n\n${paint.yellow(firing.lifecycleProblem)}` : '';
  return `${renderHeader(title, assessment, options, paint)}\n\n${body}${problem}\n`;
}
