import type { Assessment, ConnectionAssessment } from '../../health/types';
import { renderAlertList } from './alerts';
import { formatCount } from '../vocabulary/counts';
import { formatMinutes, formatSpan } from '../vocabulary/durations';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { healthWord } from '../vocabulary/health';
import { alertsOf, paintHealth } from './connections';
import { formatClock, formatRelative, formatWhen, oneLine, renderFields, renderTable, type Paint, type TextOptions } from './format';
import { paintStatus } from './syncOutcome';
import { describeSyncOutcome } from '../vocabulary/syncStatus';
import { isErrorLevel, logLevelWords } from '../vocabulary/logLevel';
import { disagreementSentences, factSourcesLine, liveStateLine, sourcesLine, type SourceFormat } from '../vocabulary/liveSources';

const REASON_IN_TABLE = 70;
const MESSAGE_IN_TABLE = 90;
const REASON_IN_FIELDS = 400;

function lastSyncText(c: ConnectionAssessment, now: Date): string {
  if (c.lastSync === null) return 'none in the last 30 days';
  return `${describeSyncOutcome(c.lastSync)}, ended ${formatRelative(c.lastSync.endedAt, now)}`;
}

/** Everything known about one connection. */
export function renderConnectionDetail(assessment: Assessment, c: ConnectionAssessment, options: TextOptions, paint: Paint): string {
  const { now, timeZone: zone, width } = options;
  const when = (iso: string | null, whenMissing: string) => formatWhen(iso, now, whenMissing, zone);
  const alerts = alertsOf(assessment, c.connectionId);
  const title = `${paint.bold(c.connectionName)} (${c.connectionId}): ${paintHealth(c.health, paint)(healthWord(c.health).toUpperCase())}`;
  const last = c.lastSync;
  const fields: Array<readonly [string, string]> = [
    ['Tenant', c.tenantId ?? 'none matched'],
    ['Connector type', c.connectorTypeName ? `${c.connectorTypeName} (${c.connectorType})` : c.connectorType],
    ['Destination', c.destinationName ? `${c.destinationName} (${c.destinationId})` : c.destinationId || '—'],
    ['Paused', c.paused ? 'yes' : 'no'],
    ['Set up', when(c.signedUpAt, 'unknown')],
    ['Sync frequency', c.syncFrequencyMinutes === null ? 'unknown' : `every ${formatMinutes(c.syncFrequencyMinutes)}`],
    ['Last sync', lastSyncText(c, now)],
    ...(last?.reason ? [['Reason', oneLine(last.reason, REASON_IN_FIELDS)] as const] : []),
    ['Last sync started', when(c.lastSyncStartedAt, 'none in the last 30 days')],
    ['Last sync ended', when(c.lastSyncCompletedAt, 'none in the last 30 days')],
    ['Last success', when(c.lastSuccessfulSyncAt, 'none in the last 30 days')],
    ['Running since', c.runningSince ? when(c.runningSince, '—') : 'not running'],
    ['Durations', c.medianDurationMinutes === null ? 'no timed sync' : `median ${formatMinutes(c.medianDurationMinutes)}, p95 ${formatMinutes(c.p95DurationMinutes)} (recent syncs)`],
    ['Errors', `${c.severeSinceLastSync} since the last sync, ${c.severe24h} in 24 h`],
    ['Warnings', `${c.warningsSinceLastSync} since the last sync, ${c.warnings24h} in 24 h`],
    ['Rows last sync', formatCount(c.rowsModifiedLastSync)],
    ['MAR this month', formatCount(c.marThisMonth)],
    ['Dashboard', fivetranConnectionUrl(c.connectionId)],
  ];
  const live = c.live;
  const format: SourceFormat = { instant: (iso) => formatClock(iso, now, '—', zone), text: (raw) => oneLine(raw, REASON_IN_TABLE) };
  if (live) {
    const fivetranNow = liveStateLine(live, format);
    if (fivetranNow) fields.push(['Fivetran now', fivetranNow]);
    fields.push(['Sources', sourcesLine(live, format)], ['From', factSourcesLine(live, format)]);
  }
  const sections = [title, renderFields(fields, { width })];
  const disagreements = live ? disagreementSentences(live, format) : [];
  if (disagreements.length > 0) sections.push(`${paint.bold('The warehouse and live state disagree')}\n${disagreements.map((d) => `  ${d}`).join('\n')}`);

  sections.push(alerts.length > 0 ? `${paint.bold('Alerts')}\n${renderAlertList(alerts, options, paint, { showTenant: false })}` : `${paint.bold('Alerts')}\n  none`);

  if (c.recentSyncs.length > 0) {
    const rows = c.recentSyncs.map((s) => [
      formatRelative(s.endedAt, now),
      { text: describeSyncOutcome(s), paint: paintStatus(s.status, paint) },
      formatSpan(s.startedAt, s.endedAt),
      s.reason ?? '',
    ]);
    sections.push(
      `${paint.bold('Recent syncs')} (newest first)\n${renderTable(
        [{ header: 'ENDED' }, { header: 'STATUS', max: 34 }, { header: 'DURATION', align: 'right' }, { header: 'REASON', max: REASON_IN_TABLE, importance: 0 }],
        rows,
        { indent: 2, paint, width },
      )}`,
    );
  } else {
    sections.push(`${paint.bold('Recent syncs')}\n  none in the last 30 days`);
  }

  if (c.latestErrors.length > 0) {
    const rows = c.latestErrors.map((e) => [
      formatRelative(e.at, now),
      { text: logLevelWords(e.event), paint: isErrorLevel(e.event) ? paint.red : paint.yellow },
      e.type ?? '',
      e.message,
    ]);
    sections.push(
      `${paint.bold('Latest errors and warnings')} (newest first, repeats once)\n${renderTable(
        [{ header: 'WHEN', importance: 4 }, { header: 'LEVEL', importance: 2 }, { header: 'TYPE', max: 28, importance: 1 }, { header: 'MESSAGE', max: MESSAGE_IN_TABLE, importance: 3, min: 20 }],
        rows,
        { indent: 2, paint, width },
      )}`,
    );
  } else {
    sections.push(`${paint.bold('Latest errors and warnings')}\n  none in the last 30 days`);
  }

  if (c.schemaChanges30d.length > 0) {
    const rows = c.schemaChanges30d.map((s) => [formatRelative(s.at, now), s.summary]);
    sections.push(`${paint.bold('Schema changes')} (30 d, newest first)\n${renderTable([{ header: 'WHEN' }, { header: 'CHANGE', max: 100 }], rows, { indent: 2, paint, width })}`);
  } else {
    sections.push(`${paint.bold('Schema changes')}\n  none in the last 30 days`);
  }
  return sections.join('\n\n');
}
