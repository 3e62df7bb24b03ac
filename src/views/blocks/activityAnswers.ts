import type { LogMessage, SchemaChange, SyncOutcome } from '../../fivetran/types';
import type { Assessment, ConnectionAssessment } from '../../health/types';
import { cellPart, context, finishAnswer, header, paginate, richCell, section, table, type TableCell, type TableColumn } from './components';
import { errorSection, listSections, staleBanner, syncEmoji } from './connectionParts';
import { minutesBetween } from '../../time/formatDuration';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { describeSyncOutcome, syncStatusWords } from '../vocabulary/syncStatus';
import { plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { connectionLink, SLACK_DURATION } from './format';
import { cutAtWord, escapeLine, slackDate } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

/** `/fivetran errors`, `/fivetran syncs`, `/fivetran schema`: recent activity, across connections or for one. */

export interface ActivityOptions extends AnswerOptions {
  /** Narrow to one connection (already resolved from what the user typed). */
  connection?: ConnectionAssessment | null;
}

export const ERRORS_PAGE_SIZE = 8;
/** Rows of a page: a table with links and dates stays within the message's size. */
export const SYNCS_PAGE_SIZE = 15;

const SYNC_COLUMNS: readonly TableColumn[] = [{ title: 'Outcome', wrap: true }, { title: 'Ended', wrap: true }, { title: 'Took', align: 'right' }, { title: 'Reason', wrap: true }];

/** One sync as a table row: what {@link syncLine} says, cell by cell. */
function syncRow(sync: SyncOutcome): TableCell[] {
  return [
    richCell(cellPart.emoji(syncEmoji(sync.status)), cellPart.text(` ${capitalize(describeSyncOutcome(sync))}`)),
    richCell(cellPart.date(sync.endedAt)),
    formatMinutes(minutesBetween(sync.startedAt, sync.endedAt), SLACK_DURATION),
    sync.reason ? cutAtWord(sync.reason.replace(/\s+/g, ' ').trim(), 300) : '—',
  ];
}

const capitalize = (text: string) => text.replace(/^./, (c) => c.toUpperCase());
export const SCHEMA_PAGE_SIZE = 15;

function scope(assessment: Assessment, options: ActivityOptions): ConnectionAssessment[] {
  return options.connection ? [options.connection] : assessment.connections;
}

function newestFirst<T extends { at: string }>(items: T[]): T[] {
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function opening(title: string, assessment: Assessment, options: ActivityOptions): KnownBlock[] {
  const name = options.connection ? `${title}: ${options.connection.connectionName || options.connection.connectionId}` : title;
  const blocks: KnownBlock[] = [header(name)];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);
  return blocks;
}

function args(options: ActivityOptions): string[] {
  return options.connection ? [options.connection.connectionId] : [];
}

export function buildErrorsAnswer(assessment: Assessment, options: ActivityOptions = {}): SlashAnswer {
  const errors = newestFirst(scope(assessment, options).flatMap((c) => c.latestErrors.map((error): LogMessage & { connection: ConnectionAssessment } => ({ ...error, connection: c }))));
  const page = paginate(errors, options.page, ERRORS_PAGE_SIZE);
  const blocks = opening('Recent errors', assessment, options);
  if (errors.length === 0) blocks.push(section(':large_green_circle: No errors since the last completed syncs.'));
  else {
    blocks.push(context(`${plural(errors.length, 'error')} (identical messages once per connection), newest first`));
    for (const error of page.items) blocks.push(errorSection(error, options.connection ? null : error.connection, 700));
  }
  return finishAnswer({ text: `${plural(errors.length, 'recent error')}`, blocks, ref: { command: 'errors', args: args(options) }, paging: page }, options);
}

export function buildSyncsAnswer(assessment: Assessment, options: ActivityOptions = {}): SlashAnswer {
  const blocks = opening('Recent syncs', assessment, options);
  if (options.connection) {
    const syncs: SyncOutcome[] = options.connection.recentSyncs;
    const page = paginate(syncs, options.page, SYNCS_PAGE_SIZE);
    blocks.push(
      section(`Median *${formatMinutes(options.connection.medianDurationMinutes, SLACK_DURATION)}* · p95 *${formatMinutes(options.connection.p95DurationMinutes, SLACK_DURATION)}*`),
      ...(syncs.length ? [table(SYNC_COLUMNS, page.items.map(syncRow))] : [section('No completed sync in the monitored window.')]),
    );
    return finishAnswer({ text: escapeLine(`${plural(syncs.length, 'recent sync')} of ${options.connection.connectionName}`, 300), blocks, ref: { command: 'syncs', args: args(options) }, paging: page }, options);
  }
  const timed = [...assessment.connections].sort(
    (a, b) => (b.medianDurationMinutes ?? -1) - (a.medianDurationMinutes ?? -1) || (b.p95DurationMinutes ?? -1) - (a.p95DurationMinutes ?? -1) || a.connectionId.localeCompare(b.connectionId),
  );
  const page = paginate(timed, options.page, SYNCS_PAGE_SIZE);
  blocks.push(context('Slowest first: median and p95 of recent sync durations, then the latest sync'));
  const rows = page.items.map((c): TableCell[] => [
    richCell(cellPart.link(fivetranConnectionUrl(c.connectionId), c.connectionName || c.connectionId)),
    formatMinutes(c.medianDurationMinutes, SLACK_DURATION),
    formatMinutes(c.p95DurationMinutes, SLACK_DURATION),
    c.lastSync
      ? richCell(cellPart.emoji(syncEmoji(String(c.lastSync.status))), cellPart.text(` ${capitalize(syncStatusWords(String(c.lastSync.status)))} `), cellPart.date(c.lastSync.endedAt))
      : 'no completed sync',
  ]);
  blocks.push(
    rows.length
      ? table([{ title: 'Connection', wrap: true }, { title: 'Median', align: 'right' }, { title: 'p95', align: 'right' }, { title: 'Latest sync', wrap: true }], rows)
      : section('No connections.'),
  );
  return finishAnswer({ text: `Sync durations of ${plural(timed.length, 'connection')}`, blocks, ref: { command: 'syncs', args: [] }, paging: page }, options);
}

export function buildSchemaAnswer(assessment: Assessment, options: ActivityOptions = {}): SlashAnswer {
  const changes = newestFirst(scope(assessment, options).flatMap((c) => c.schemaChanges30d.map((change): SchemaChange & { connection: ConnectionAssessment } => ({ ...change, connection: c }))));
  const page = paginate(changes, options.page, SCHEMA_PAGE_SIZE);
  const blocks = opening('Schema changes (30 days)', assessment, options);
  if (changes.length === 0) blocks.push(section('No schema changes in the last 30 days.'));
  else {
    const lines = page.items.map((change) => {
      const where = options.connection ? '' : ` · ${connectionLink(change.connection.connectionId, change.connection.connectionName, 50)}`;
      return `${slackDate(change.at)}${where} · \`${escapeLine(change.messageEvent, 40).replace(/`/g, 'ˋ')}\` ${escapeLine(change.summary, 200)}`;
    });
    blocks.push(...listSections(lines));
  }
  return finishAnswer({ text: `${plural(changes.length, 'schema change')} in 30 days`, blocks, ref: { command: 'schema', args: args(options) }, paging: page }, options);
}
