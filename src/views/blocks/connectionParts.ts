import type { SectionBlock } from '@slack/types';
import type { LogMessage, SyncOutcome } from '../../fivetran/types';
import type { Alert, Assessment, ConnectionAssessment } from '../../health/types';
import { shortAlertSummary } from '../alertSummary';
import { describeSyncOutcome, syncStatusWords } from '../vocabulary/syncStatus';
import { section } from './components';
import { minutesBetween } from '../../time/formatDuration';
import { formatCount } from '../vocabulary/counts';
import { formatMinutes } from '../vocabulary/durations';
import { HEALTH_ORDER, healthCounts, healthWord } from '../vocabulary/health';
import { connectionLink, healthEmoji, healthLabel, SEVERITY_EMOJI, SLACK_DURATION } from './format';
import { SLACK_LIMITS } from './limits';
import { codeBlock, escapeLine, escapeWords, slackDate, truncateMrkdwn } from './mrkdwn';

/** How one connection and its parts look, wherever they are shown. */

const SYNC_EMOJI: Record<string, string> = {
  SUCCESSFUL: ':white_check_mark:',
  FAILURE: ':x:',
  FAILURE_WITH_TASK: ':x:',
  RESCHEDULED: ':arrows_counterclockwise:',
  CANCELED: ':black_square_for_stop:',
};

/** A sync status's emoji: ":x:" for a failure. */
export function syncEmoji(status: string): string {
  return SYNC_EMOJI[status] ?? ':grey_question:';
}

/** An emoji and the status in words: ":x: Failed". */
export function syncStatusLabel(status: string): string {
  return `${SYNC_EMOJI[status] ?? ':grey_question:'} ${escapeLine(capitalize(syncStatusWords(status)), 40)}`;
}

const capitalize = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

export function tenantLabel(tenantId: string | null): string {
  return tenantId ? escapeLine(tenantId, 60) : '_no tenant_';
}

/** `:red_circle: Broken · <link|name> · tenant` */
export function connectionLine(connection: ConnectionAssessment, maxName = 70): string {
  return `${healthLabel(connection.health)} · ${connectionLink(connection.connectionId, connection.connectionName, maxName)} · ${tenantLabel(connection.tenantId)}`;
}

/** A connection's firing alerts in a few words, marked by the worst one: `:warning: no success for 10 h`; '' when none fires. */
export function alertBadge(alerts: readonly Alert[], now: string): string {
  const badge = shortAlertSummary(alerts, now);
  return badge ? `${SEVERITY_EMOJI[badge.severity]} ${escapeWords(badge.text, 80)}` : '';
}

export function syncLine(sync: SyncOutcome): string {
  const duration = formatMinutes(minutesBetween(sync.startedAt, sync.endedAt), SLACK_DURATION);
  const reason = sync.reason ? ` · ${escapeLine(sync.reason, 160)}` : '';
  const outcome = `${SYNC_EMOJI[sync.status] ?? ':grey_question:'} ${escapeLine(capitalize(describeSyncOutcome(sync)), 200)}`;
  return `${outcome} · ended ${slackDate(sync.endedAt)} · ${duration}${reason}`;
}

export function errorSection(error: LogMessage, connection: ConnectionAssessment | null, maxMessage = 500): SectionBlock {
  const where = connection ? ` · ${connectionLink(connection.connectionId, connection.connectionName, 60)}` : '';
  const type = error.type ? ` · \`${escapeLine(error.type, 60).replace(/`/g, 'ˋ')}\`` : '';
  const level = error.event === 'WARNING' ? ':warning:' : ':x:';
  return section(`${level} ${slackDate(error.at)}${where}${type}\n${codeBlock(error.message, maxMessage)}`);
}

/** The facts about one connection, as at most ten fields. */
export function connectionFields(connection: ConnectionAssessment): string[] {
  const type = connection.connectorTypeName ?? connection.connectorType;
  const fields = [
    `*Health*\n${healthLabel(connection.health)}`,
    `*Type*\n${escapeLine(type, 80)}`,
    `*Tenant*\n${tenantLabel(connection.tenantId)}`,
    `*Last sync completed*\n${slackDate(connection.lastSyncCompletedAt, 'datetime', 'never')}`,
    `*Last successful sync*\n${slackDate(connection.lastSuccessfulSyncAt, 'datetime', 'never')}`,
    `*Sync frequency*\n${connection.syncFrequencyMinutes ? `every ${formatMinutes(connection.syncFrequencyMinutes, SLACK_DURATION)}` : 'unknown'}`,
    `*Duration (median / p95)*\n${formatMinutes(connection.medianDurationMinutes, SLACK_DURATION)} / ${formatMinutes(connection.p95DurationMinutes, SLACK_DURATION)}`,
    `*Errors since last sync*\n${formatCount(connection.severeSinceLastSync)} (${formatCount(connection.severe24h)} in 24 h)`,
    `*MAR this month*\n${formatCount(connection.marThisMonth)}`,
  ];
  if (connection.runningSince) fields.push(`*Running since*\n${slackDate(connection.runningSince)}`);
  else if (connection.destinationName) fields.push(`*Destination*\n${escapeLine(connection.destinationName, 80)}`);
  return fields.slice(0, SLACK_LIMITS.sectionFields);
}

/** One field per health, worst first, with how many connections are in it. */
export function healthCountFields(connections: readonly ConnectionAssessment[]): string[] {
  const counts = healthCounts(connections);
  return HEALTH_ORDER.map((health) => `${healthEmoji(health)} *${healthWord(health)}*\n${formatCount(counts[health])}`);
}

/** Lines split over as many sections as they need, none over Slack's section limit. */
export function listSections(lines: readonly string[], maxPerSection = 2900): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of lines) {
    const line = truncateMrkdwn(raw, maxPerSection);
    if (current.length > 0 && length + 1 + line.length > maxPerSection) {
      sections.push(section(current.join('\n')));
      current = [];
      length = 0;
    }
    length += (current.length ? 1 : 0) + line.length;
    current.push(line);
  }
  if (current.length > 0) sections.push(section(current.join('\n')));
  return sections;
}

/**
 * Said loudly when the monitoring data is old or missing, so nobody reads an out-of-date
 * picture as "all healthy".
 */
export function staleBanner(assessment: Pick<Assessment, 'stale' | 'observedAt' | 'evaluatedAt'>): SectionBlock | null {
  if (assessment.observedAt === null) {
    return section(
      ":warning: *No monitoring data yet.* Fivetran's metadata (the LOG table) is empty, so Pulse cannot tell whether data is moving. Check the Platform connection with `/fivetran check`.",
    );
  }
  if (!assessment.stale) return null;
  const age = formatMinutes(minutesBetween(assessment.observedAt, assessment.evaluatedAt), SLACK_DURATION);
  return section(
    `:warning: *Monitoring data is stale.* Fivetran's metadata was last loaded ${slackDate(assessment.observedAt)} (${age} ago). ` +
      'What follows may be out of date and is *not* a sign that all is well. Check the Platform connection with `/fivetran check`.',
  );
}

export function isAllHealthy(assessment: Assessment): boolean {
  return !assessment.stale && assessment.observedAt !== null && assessment.alerts.length === 0 && assessment.connections.every((c) => c.health !== 'broken');
}
