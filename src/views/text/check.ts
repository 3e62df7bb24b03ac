import type { PendingSummary } from '../../alerts/pendingSummary';
import type { CheckReport } from '../../health/types';
import { describePendingDeliveries } from '../vocabulary/pendingDeliveries';
import { describeTenantsTable } from '../vocabulary/tenantsTable';
import { formatMinutes } from '../vocabulary/durations';
import { healthWord } from '../vocabulary/health';
import { formatInstant, formatRelative, formatWhen, palette, renderFields, type TextOptions } from './format';

function platformLine(report: CheckReport, now: Date): string {
  const p = report.platformConnection;
  if (p === null) return 'not found: without it, how often monitoring data should arrive is unknown';
  const parts = [
    `${p.connectionName} (${p.connectionId})`,
    p.paused ? 'PAUSED' : healthWord(p.health).toLowerCase(),
    p.syncFrequencyMinutes === null ? 'frequency unknown' : `every ${formatMinutes(p.syncFrequencyMinutes)}`,
    `last success ${formatRelative(p.lastSuccessfulSyncAt, now, 'none in 30 d')}`,
  ];
  return parts.join(', ');
}

function quickstartLine(report: CheckReport, options: TextOptions): string {
  const q = report.quickstart;
  if (!q.deployed) return 'not deployed (optional: Pulse reads the Platform Connector tables directly)';
  const models = q.models.length > 0 ? `${q.models.length} model${q.models.length === 1 ? '' : 's'}` : 'models';
  const freshest = q.freshestAt ? `, newest data ${formatWhen(q.freshestAt, options.now, '—', options.timeZone)}` : '';
  return `deployed in ${q.schema ?? 'an unnamed schema'} (${models}${freshest})`;
}

/**
 * `check`: the monitoring data's own health. Problems first in mind, all in plain words. With
 * `deliveries` (read from the alert state; null when it could not be), it also says what Slack has
 * not confirmed yet.
 */
export function renderCheck(report: CheckReport, options: TextOptions, deliveries?: PendingSummary | null): string {
  const { now, timeZone: zone } = options;
  const paint = palette(options.color);
  const verdict = report.stale
    ? paint.bold(paint.red('STALE: the monitoring data is out of date; nothing it shows is current'))
    : report.problems.length > 0
      ? paint.bold(paint.yellow(`FRESH, with ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`))
      : paint.bold(paint.green('OK: the monitoring data is fresh'));
  const fields: Array<readonly [string, string]> = [
    ['Data loaded', report.observedAt === null ? 'never: the Fivetran LOG has no rows in the last 30 days' : formatWhen(report.observedAt, now, '—', zone)],
    ['Age', report.ageMinutes === null ? 'unknown' : `${formatMinutes(report.ageMinutes)} (stale after ${formatMinutes(report.staleAfterMinutes)})`],
    ['Evaluated', formatInstant(report.evaluatedAt, '—', zone)],
    ['Platform connection', platformLine(report, now)],
    ['Quickstart model', quickstartLine(report, options)],
    ['Tenants', describeTenantsTable(report.tenants)],
    ...(deliveries === undefined ? [] : [['Alert deliveries', describePendingDeliveries(deliveries)] as const]),
  ];
  const problems =
    report.problems.length > 0
      ? `${paint.bold('Problems')} (worst first)\n${report.problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}`
      : report.stale
        ? `${paint.bold('Problems')}\n  1. The monitoring data is stale.`
        : 'No problems found.';
  return `${paint.bold('Monitoring data check')}\n${verdict}\n\n${renderFields(fields, { width: options.width })}\n\n${problems}\n`;
}
