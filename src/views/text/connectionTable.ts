import type { Assessment, ConnectionAssessment } from '../../health/types';
import { shortAlertSummary } from '../alertSummary';
import { describeSyncOutcome } from '../vocabulary/syncStatus';
import { alertsByConnection } from '../connectionOrder';
import { plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { HEALTH_ORDER, healthCounts as countByHealth, healthWord } from '../vocabulary/health';
import { paintHealth } from './connections';
import { formatRelative, renderTable, type Cell, type Column, type Paint, type TextOptions } from './format';

/** "5 connections: 1 broken, 1 initial sync, 3 connected". */
export function healthCounts(connections: readonly ConnectionAssessment[], paint: Paint): string {
  const counts = countByHealth(connections);
  const parts = HEALTH_ORDER.map((h) => [h, counts[h]] as const)
    .filter(([, n]) => n > 0)
    .map(([h, n]) => paintHealth(h, paint)(`${n} ${healthWord(h).toLowerCase()}`));
  return `${plural(connections.length, 'connection')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** The connections table of status and tenant reports, rows in the order given. */
export function connectionTable(
  assessment: Assessment,
  connections: readonly ConnectionAssessment[],
  text: TextOptions,
  paint: Paint,
  options: { showTenant?: boolean } = {},
): string {
  const { now } = text;
  const showTenant = options.showTenant ?? true;
  // Importance, for a narrow terminal: which connection, how it is and what fires stay longest; its id goes first.
  const columns: Column[] = [
    { header: 'CONNECTION', max: 32, importance: 10, min: 16 },
    { header: 'ID', max: 24, importance: 1 },
    ...(showTenant ? [{ header: 'TENANT', max: 18, importance: 6 }] : []),
    { header: 'TYPE', max: 18, importance: 3 },
    { header: 'HEALTH', importance: 9 },
    { header: 'ALERTS', max: 40, importance: 8, min: 14 },
    { header: 'LAST SUCCESS', importance: 7 },
    { header: 'LAST SYNC', max: 28, importance: 5 },
    { header: 'RUNNING SINCE', importance: 4 },
    { header: 'EVERY', importance: 2 },
  ];
  const fired = alertsByConnection(assessment.alerts);
  const rows = connections.map((c): Cell[] => {
    const badge = shortAlertSummary(fired.get(c.connectionId) ?? [], now);
    return [
      c.connectionName,
      c.connectionId,
      ...(showTenant ? [c.tenantId ?? '—'] : []),
      c.connectorType,
      { text: healthWord(c.health).toLowerCase(), paint: paintHealth(c.health, paint) },
      badge ? { text: badge.text, paint: badge.severity === 'critical' ? paint.red : paint.yellow } : '',
      formatRelative(c.lastSuccessfulSyncAt, now, 'none in 30 d'),
      c.lastSync ? describeSyncOutcome(c.lastSync) : '—',
      c.runningSince ? formatRelative(c.runningSince, now) : '',
      formatMinutes(c.syncFrequencyMinutes),
    ];
  });
  return renderTable(columns, rows, { paint, width: text.width });
}
