import type { AlertRule, Health, Severity } from '../../health/types';
import { escapeLine, link } from './mrkdwn';
import { formatDuration } from '../../time/formatDuration';
import { ruleName } from '../vocabulary/ruleNames';

/** How a health reads everywhere: an emoji for the eye and a word for everyone else. */
export const HEALTH_LABELS: Record<Health, { emoji: string; word: string }> = {
  broken: { emoji: ':red_circle:', word: 'Broken' },
  incomplete: { emoji: ':white_circle:', word: 'Incomplete' },
  paused: { emoji: ':double_vertical_bar:', word: 'Paused' },
  initial_sync: { emoji: ':hourglass_flowing_sand:', word: 'Initial sync' },
  priority_first_sync: { emoji: ':fast_forward:', word: 'Priority first sync' },
  connected: { emoji: ':large_green_circle:', word: 'Connected' },
};

export function healthLabel(health: Health): string {
  const label = HEALTH_LABELS[health] ?? { emoji: ':grey_question:', word: String(health) };
  return `${label.emoji} ${label.word}`;
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

export function fivetranConnectionUrl(connectionId: string): string {
  return `https://fivetran.com/dashboard/connections/${encodeURIComponent(connectionId)}/status`;
}

/** A connection's name, linked to its page in Fivetran's dashboard. */
export function connectionLink(connectionId: string, connectionName: string | null, maxLabel = 80): string {
  return link(fivetranConnectionUrl(connectionId), connectionName || connectionId, maxLabel);
}

/** 45 min, 2 h 5 min, 3 d 4 h; "unknown" when there is nothing to say. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return 'unknown';
  return formatDuration(minutes);
}

export function minutesBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms / 60_000 : null;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '0';
  return Math.round(value).toLocaleString('en-US');
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
