import type { PendingSummary } from '../../alerts/pendingSummary';
import type { CheckReport } from '../../health/types';
import { describePendingDeliveries } from '../vocabulary/pendingDeliveries';
import { describeTenantsTable } from '../vocabulary/tenantsTable';
import { context, fields, finishAnswer, header, section } from './components';
import { formatMinutes } from '../vocabulary/durations';
import { healthLabel, SLACK_DURATION } from './format';
import { packLines } from './limits';
import { escapeLine, slackDate } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

function verdict(report: CheckReport): string {
  if (report.observedAt === null) return ":red_circle: *No monitoring data.* Fivetran's LOG table is empty, so Pulse cannot judge anything yet.";
  if (report.stale) {
    return `:red_circle: *Monitoring data is stale:* last loaded ${slackDate(report.observedAt)}, ${formatMinutes(report.ageMinutes, SLACK_DURATION)} ago (stale after ${formatMinutes(report.staleAfterMinutes, SLACK_DURATION)}). Alerts and health may be out of date.`;
  }
  return `:large_green_circle: *Monitoring data is fresh:* last loaded ${slackDate(report.observedAt)}, ${formatMinutes(report.ageMinutes, SLACK_DURATION)} ago.`;
}

/** `/fivetran check`: how fresh and complete Pulse's own view of Fivetran is, and what Slack has not confirmed yet. */
export function buildCheckAnswer(report: CheckReport, options: AnswerOptions = {}, deliveries?: PendingSummary | null): SlashAnswer {
  const blocks: KnownBlock[] = [header('Monitoring check'), section(verdict(report))];
  const platform = report.platformConnection;
  blocks.push(
    fields([
      `*Platform connection*\n${platform ? escapeLine(platform.connectionName, 80) : 'not found'}`,
      `*Its health*\n${platform ? `${healthLabel(platform.health)}${platform.paused ? ' (paused)' : ''}` : 'unknown'}`,
      `*Its sync frequency*\n${platform?.syncFrequencyMinutes ? `every ${formatMinutes(platform.syncFrequencyMinutes, SLACK_DURATION)}` : 'unknown'}`,
      `*Its last successful sync*\n${slackDate(platform?.lastSuccessfulSyncAt, 'datetime', 'never')}`,
      `*Stale after*\n${formatMinutes(report.staleAfterMinutes, SLACK_DURATION)}`,
      `*Quickstart data model*\n${report.quickstart.deployed ? `deployed in \`${escapeLine(report.quickstart.schema ?? '?', 80)}\` (${report.quickstart.models.length} models, newest ${slackDate(report.quickstart.freshestAt, 'datetime', 'unknown')})` : 'not deployed'}`,
      `*Tenants*\n${escapeLine(describeTenantsTable(report.tenants), 300)}`,
      ...(deliveries === undefined ? [] : [`*Alert deliveries*\n${escapeLine(describePendingDeliveries(deliveries, SLACK_DURATION), 300)}`]),
    ]),
  );
  if (report.problems.length > 0) {
    blocks.push(section(`*Problems*\n${packLines(report.problems.map((problem) => `• ${escapeLine(problem, 400)}`), 2500).text}`));
  } else if (!report.stale && report.observedAt !== null) {
    blocks.push(section('No problems found.'));
  }
  blocks.push(context(`Checked ${slackDate(report.evaluatedAt)}`));
  const text = report.observedAt === null ? 'No monitoring data' : report.stale ? `Monitoring data is stale (${formatMinutes(report.ageMinutes, SLACK_DURATION)} old)` : 'Monitoring data is fresh';
  return finishAnswer({ text: `${text}; ${report.problems.length} problem(s)`, blocks, ref: { command: 'check', args: [] } }, options);
}
