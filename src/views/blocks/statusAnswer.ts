import type { Alert, Assessment, ConnectionAssessment } from '../../health/types';
import { connectionDetailBlocks, SLACK_SOURCE_FORMAT } from './alertDetails';
import { disagreementSentences } from '../vocabulary/liveSources';
import { openInFivetranButton } from './alertMessage';
import { cellPart, context, fields, finishAnswer, header, paginate, richCell, section, table, type TableCell, type TableColumn } from './components';
import { alertsByConnection, worstFirst } from '../connectionOrder';
import { alertBadge, connectionLine, healthCountFields, isAllHealthy, staleBanner } from './connectionParts';
import { shortAlertSummary } from '../alertSummary';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { healthWord } from '../vocabulary/health';
import { plural } from '../vocabulary/counts';
import { healthEmoji, problemOf, ruleLabel, SEVERITY_EMOJI, severityLabel } from './format';
import { packLines } from './limits';
import { escapeLine, escapeWords, slackDate } from './mrkdwn';
import { liveActionButtons } from './liveActions';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

/** Rows of a page: a table of connections with links and dates stays within the message's size. */
export const STATUS_PAGE_SIZE = 10;

/** One connection in a list: its health, name and tenant, the alerts firing on it, its last success. */
export function statusLine(connection: ConnectionAssessment, alerts: readonly Alert[], now: string): string {
  const badge = alertBadge(alerts, now);
  const success = `last success ${slackDate(connection.lastSuccessfulSyncAt, 'datetime', 'never')}`;
  const running = connection.runningSince ? ` · :arrows_counterclockwise: syncing since ${slackDate(connection.runningSince)}` : '';
  return `${connectionLine(connection)}${badge ? ` · ${badge}` : ''} · ${success}${running}`;
}

/** The lines of connections already in order, each with its alerts. */
export function statusLines(connections: readonly ConnectionAssessment[], assessment: Pick<Assessment, 'alerts' | 'evaluatedAt'>): string[] {
  const fired = alertsByConnection(assessment.alerts);
  return connections.map((c) => statusLine(c, fired.get(c.connectionId) ?? [], assessment.evaluatedAt));
}

const STATUS_COLUMNS: readonly TableColumn[] = [{ title: 'Health' }, { title: 'Connection', wrap: true }, { title: 'Tenant' }, { title: 'Alerts', wrap: true }, { title: 'Last success', wrap: true }];

/** One connection as a table row: what {@link statusLine} says, cell by cell. */
export function statusRow(connection: ConnectionAssessment, alerts: readonly Alert[], now: string): TableCell[] {
  const badge = shortAlertSummary(alerts, now);
  const success = [cellPart.date(connection.lastSuccessfulSyncAt, 'never')];
  if (connection.runningSince) success.push(cellPart.text(' · '), cellPart.emoji('arrows_counterclockwise'), cellPart.text(' syncing since '), cellPart.date(connection.runningSince));
  return [
    richCell(cellPart.emoji(healthEmoji(connection.health)), cellPart.text(` ${healthWord(connection.health)}`)),
    richCell(cellPart.link(fivetranConnectionUrl(connection.connectionId), connection.connectionName || connection.connectionId)),
    connection.tenantId ?? 'no tenant',
    badge ? richCell(cellPart.emoji(SEVERITY_EMOJI[badge.severity]), cellPart.text(` ${badge.text}`)) : '—',
    richCell(...success),
  ];
}

/** A list of connections, paged, worst first, as a table; shared by `status` and `tenant`. */
export function connectionListBlocks(
  connections: readonly ConnectionAssessment[],
  assessment: Pick<Assessment, 'alerts' | 'evaluatedAt'>,
  page: number | undefined,
): { blocks: KnownBlock[]; page: number; pages: number } {
  const current = paginate(worstFirst(connections, assessment.alerts), page, STATUS_PAGE_SIZE);
  const fired = alertsByConnection(assessment.alerts);
  const blocks =
    current.items.length > 0
      ? [table(STATUS_COLUMNS, current.items.map((c) => statusRow(c, fired.get(c.connectionId) ?? [], assessment.evaluatedAt)))]
      : [section('No connections.')];
  return { blocks, page: current.page, pages: current.pages };
}

/** `/fivetran status`: every connection's health, worst first, paged. */
export function buildStatusAnswer(assessment: Assessment, options: AnswerOptions = {}): SlashAnswer {
  const blocks: KnownBlock[] = [header('Connection status')];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);
  const total = assessment.connections.length;
  blocks.push(
    section(isAllHealthy(assessment) ? `:large_green_circle: All ${plural(total, 'connection')} healthy.` : `*${plural(total, 'connection')}* · *${plural(assessment.alerts.length, 'alert')}* firing`),
    fields(healthCountFields(assessment.connections)),
  );
  const list = connectionListBlocks(assessment.connections, assessment, options.page);
  blocks.push(...list.blocks, context(`Monitoring data as of ${slackDate(assessment.observedAt, 'datetime', 'never')}`));
  const broken = assessment.connections.filter((c) => c.health === 'broken').length;
  const stale = assessment.observedAt === null ? 'No monitoring data yet. ' : assessment.stale ? 'Monitoring data is stale. ' : '';
  return finishAnswer(
    { text: `${stale}${plural(total, 'connection')}, ${broken} broken, ${plural(assessment.alerts.length, 'alert')}`, blocks, ref: { command: 'status', args: [] }, paging: list },
    options,
  );
}

function alertLines(alerts: readonly Alert[]): string[] {
  return alerts.map((alert) => `${severityLabel(alert.severity)} · *${ruleLabel(alert.rule)}*: ${escapeWords(problemOf(alert), 300)}`);
}

/** `/fivetran status <connection>`: one connection in full. */
export function buildConnectionStatusAnswer(connection: ConnectionAssessment, assessment: Pick<Assessment, 'alerts' | 'stale' | 'observedAt' | 'evaluatedAt'>, options: AnswerOptions = {}): SlashAnswer {
  const blocks: KnownBlock[] = [header(connection.connectionName || connection.connectionId)];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);
  const alerts = assessment.alerts.filter((alert) => alert.connectionId === connection.connectionId);
  if (alerts.length > 0) blocks.push(section(`*Alerts firing*\n${packLines(alertLines(alerts), 1500).text}`));
  const disagreements = connection.live ? disagreementSentences(connection.live, SLACK_SOURCE_FORMAT) : [];
  if (disagreements.length > 0) blocks.push(section(`:left_right_arrow: *The warehouse and Fivetran's live state disagree*\n${packLines(disagreements.map((d) => `• ${d}`), 1500).text}`));
  blocks.push(...connectionDetailBlocks(connection));
  blocks.push(context(`\`${escapeLine(connection.connectionId, 100)}\``, `Monitoring data as of ${slackDate(assessment.observedAt, 'datetime', 'never')}`));
  return finishAnswer(
    {
      text: escapeLine(`${connection.connectionName}: ${connection.health}${alerts.length ? `, ${alerts.length} alert(s)` : ''}`, 300),
      blocks,
      ref: { command: 'status', args: [connection.connectionId] },
      buttons: [
        openInFivetranButton(connection.connectionId),
        ...(options.liveActions ? liveActionButtons({ kind: 'connection', connectionId: connection.connectionId }, connection.connectionName || connection.connectionId, connection.paused) : []),
      ],
    },
    options,
  );
}
