import type { LogMessage, SchemaChange, SyncOutcome } from '../../fivetran/types';
import type { Assessment, ConnectionAssessment } from '../../health/types';
import { context, finishAnswer, header, paginate, section } from './components';
import { errorSection, listSections, staleBanner, syncLine, syncStatusLabel } from './connectionParts';
import { plural } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { connectionLink, SLACK_DURATION } from './format';
import { escapeLine, slackDate } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

/** `/fivetran errors`, `/fivetran syncs`, `/fivetran schema`: recent activity, across connections or for one. */

export interface ActivityOptions extends AnswerOptions {
  /** Narrow to one connection (already resolved from what the user typed). */
  connection?: ConnectionAssessment | null;
}

export const ERRORS_PAGE_SIZE = 8;
export const SYNCS_PAGE_SIZE = 20;
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
      ...(syncs.length ? listSections(page.items.map(syncLine)) : [section('No completed sync in the monitored window.')]),
    );
    return finishAnswer({ text: escapeLine(`${plural(syncs.length, 'recent sync')} of ${options.connection.connectionName}`, 300), blocks, ref: { command: 'syncs', args: args(options) }, paging: page }, options);
  }
  const timed = [...assessment.connections].sort(
    (a, b) => (b.medianDurationMinutes ?? -1) - (a.medianDurationMinutes ?? -1) || (b.p95DurationMinutes ?? -1) - (a.p95DurationMinutes ?? -1) || a.connectionId.localeCompare(b.connectionId),
  );
  const page = paginate(timed, options.page, SYNCS_PAGE_SIZE);
  blocks.push(context('Slowest first: median / p95 of recent sync durations, then the latest sync'));
  const lines = page.items.map((c) => {
    const last = c.lastSync ? `${syncStatusLabel(String(c.lastSync.status))} ${slackDate(c.lastSync.endedAt)}` : 'no completed sync';
    return `${connectionLink(c.connectionId, c.connectionName, 60)} · *${formatMinutes(c.medianDurationMinutes, SLACK_DURATION)}* / ${formatMinutes(c.p95DurationMinutes, SLACK_DURATION)} · ${last}`;
  });
  blocks.push(...(lines.length ? listSections(lines) : [section('No connections.')]));
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
