import type { AlertLifecycle, FiringAlert } from '../../alerts/firingAlerts';
import type { FiringNow } from '../../alerts/readFiringAlerts';
import type { Assessment } from '../../health/types';
import { incidentSubject, sinceText } from './alertMessage';
import { context, finishAnswer, header, paginate, section } from './components';
import { listSections, staleBanner } from './connectionParts';
import { plural } from '../vocabulary/counts';
import { problemOf, ruleLabel, severityLabel } from './format';
import { channelMention, escapeLine, slackDate, userMention } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

export const ALERTS_PAGE_SIZE = 10;

/** Who took the alert on, in words. */
function stateText(lifecycle: AlertLifecycle): string {
  switch (lifecycle.status) {
    case 'acknowledged':
      return `:eyes: Acknowledged by ${userMention(lifecycle.acknowledgedBy)}, ${slackDate(lifecycle.acknowledgedAt)}`;
    case 'snoozed':
      return `:zzz: Snoozed by ${userMention(lifecycle.snoozedBy)} until ${slackDate(lifecycle.snoozedUntil)}`;
    case 'open':
      return ':bell: Not acknowledged';
  }
}

/** Where it was posted: the channels, and when it first reached Slack. */
function postingsText(lifecycle: AlertLifecycle | null): string {
  const postings = lifecycle?.postings ?? [];
  if (postings.length === 0) return 'Not posted yet: the next alert run posts it';
  const channels = [...new Set(postings.map((p) => channelMention(p.channelId ?? p.channel)))];
  return `Posted ${slackDate(lifecycle?.firstPostedAt)} in ${channels.join(', ')}`;
}

function alertLine(alert: FiringAlert, lifecycleKnown: boolean): string {
  const lifecycle = lifecycleKnown ? [alert.lifecycle ? stateText(alert.lifecycle) : null, postingsText(alert.lifecycle)].filter((part): part is string => part !== null) : [];
  return [
    `${severityLabel(alert.severity)} · *${ruleLabel(alert.rule)}* · ${incidentSubject(alert, 60)}`,
    escapeLine(problemOf(alert), 200),
    [sinceText(alert), ...lifecycle].join(' · '),
  ].join('\n');
}

function countsText(alerts: readonly FiringAlert[], lifecycleKnown: boolean): string {
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  const severities = [critical > 0 ? `${critical} critical` : null, alerts.length > critical ? `${alerts.length - critical} warning` : null];
  const states = lifecycleKnown
    ? [
        ['not acknowledged', alerts.filter((a) => (a.lifecycle?.status ?? 'open') === 'open').length],
        ['acknowledged', alerts.filter((a) => a.lifecycle?.status === 'acknowledged').length],
        ['snoozed', alerts.filter((a) => a.lifecycle?.status === 'snoozed').length],
        ['not posted yet', alerts.filter((a) => (a.lifecycle?.postings.length ?? 0) === 0).length],
      ]
        .filter(([, n]) => (n as number) > 0)
        .map(([label, n]) => `${n} ${label}`)
    : [];
  return `*${plural(alerts.length, 'alert')}* firing now: ${severities.filter(Boolean).join(', ')}${states.length > 0 ? ` · ${states.join(', ')}` : ''}`;
}

/**
 * `/fivetran alerts`: what fires now (a fresh evaluation, never only what earlier runs stored), each
 * with who acknowledged or snoozed it and where it was posted; stale monitoring data said first.
 */
export function buildAlertsAnswer(
  firing: FiringNow,
  data: Pick<Assessment, 'stale' | 'observedAt' | 'evaluatedAt'>,
  options: AnswerOptions = {},
): SlashAnswer {
  const { alerts, lifecycleProblem } = firing;
  const lifecycleKnown = lifecycleProblem === null;
  const blocks: KnownBlock[] = [header('Alerts')];
  const banner = staleBanner(data);
  if (banner) blocks.push(banner);
  const unsure = data.stale || data.observedAt === null;
  if (alerts.length === 0) {
    blocks.push(section(unsure ? ':warning: No connection alert fires, but the monitoring data is out of date: this is *not* "all healthy".' : ':large_green_circle: No alert is firing.'));
  } else {
    blocks.push(section(countsText(alerts, lifecycleKnown)));
  }
  const page = paginate(alerts, options.page, ALERTS_PAGE_SIZE);
  if (page.items.length > 0) blocks.push(...listSections(page.items.map((alert) => alertLine(alert, lifecycleKnown)), 2800));
  blocks.push(context(`Judged now from monitoring data loaded ${slackDate(data.observedAt, 'datetime', 'never')}`, ...(lifecycleProblem ? [escapeLine(lifecycleProblem, 300)] : [])));
  const staleWords = data.observedAt === null ? 'No monitoring data yet. ' : data.stale ? 'Monitoring data is stale. ' : '';
  const text = alerts.length === 0 ? `${staleWords}No alert is firing` : `${staleWords}${plural(alerts.length, 'alert')} firing`;
  return finishAnswer({ text, blocks, ref: { command: 'alerts', args: [] }, paging: page }, options);
}
