import type { AlertRule, Health, Severity } from '../../health/types';
import type { DurationOptions } from '../vocabulary/durations';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { healthWord } from '../vocabulary/health';
import { ruleName } from '../vocabulary/ruleNames';
import { escapeLine, link } from './mrkdwn';

/** How Slack writes a duration: "unknown" when there is none, and less than a minute rounded. */
export const SLACK_DURATION: DurationOptions = { whenMissing: 'unknown', subMinute: 'rounded' };

/** A health's emoji in Slack, beside its word (views/vocabulary/health). */
export const HEALTH_EMOJI: Record<Health, string> = {
  broken: ':red_circle:',
  incomplete: ':white_circle:',
  paused: ':double_vertical_bar:',
  initial_sync: ':hourglass_flowing_sand:',
  priority_first_sync: ':fast_forward:',
  connected: ':large_green_circle:',
};

export function healthEmoji(health: Health): string {
  return HEALTH_EMOJI[health] ?? ':grey_question:';
}

/** ":red_circle: Broken": an emoji for the eye and a word for everyone else. */
export function healthLabel(health: Health): string {
  return `${healthEmoji(health)} ${healthWord(health)}`;
}

export const SEVERITY_EMOJI: Record<Severity, string> = { critical: ':rotating_light:', warning: ':warning:' };

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: `${SEVERITY_EMOJI.critical} Critical`,
  warning: `${SEVERITY_EMOJI.warning} Warning`,
};

export function severityLabel(severity: Severity): string {
  return SEVERITY_LABELS[severity] ?? ':warning: Warning';
}

export function ruleLabel(rule: AlertRule): string {
  return escapeLine(ruleName(rule), 60);
}

/**
 * An alert's summary as a line under its subject: the summary starts with the connection's name
 * (so it stands alone in the CLI and notifications), which the subject beside it already shows.
 */
export function problemOf(alert: { summary: string; connectionName: string | null }): string {
  const prefix = alert.connectionName ? `${alert.connectionName}: ` : null;
  return prefix && alert.summary.startsWith(prefix) ? alert.summary.slice(prefix.length) : alert.summary;
}

/** A connection's name, linked to its page in Fivetran's dashboard. */
export function connectionLink(connectionId: string, connectionName: string | null, maxLabel = 80): string {
  return link(fivetranConnectionUrl(connectionId), connectionName || connectionId, maxLabel);
}
