import { formatDuration } from '../../time/formatDuration';

/**
 * Durations for people, on every surface. The surfaces differ in two ways, which they say at each
 * call: what a missing duration reads as, and whether less than a minute is counted in seconds (the
 * terminal: sub-minute syncs are common there) or rounded ("under a minute", in Slack).
 */
export interface DurationOptions {
  /** What a missing or unreadable duration reads as ("—" unless given). */
  whenMissing?: string;
  /** Under a minute: "45 s" (seconds, unless given) or rounded to minutes ("under a minute", "1 min"). */
  subMinute?: 'seconds' | 'rounded';
}

/** "45 s", "12 min", "1 h 5 min": sub-minute syncs are common and "0 min" would say nothing. */
export function formatSeconds(seconds: number | null | undefined, whenMissing = '—'): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return whenMissing;
  if (Math.abs(seconds) < 59.5) return `${Math.max(0, Math.round(seconds))} s`;
  return formatDuration(seconds / 60);
}

/** Minutes as a duration: "45 min", "2 h 5 min", "3 d 4 h". */
export function formatMinutes(minutes: number | null | undefined, options: DurationOptions = {}): string {
  const whenMissing = options.whenMissing ?? '—';
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return whenMissing;
  if (minutes < 1 && (options.subMinute ?? 'seconds') === 'seconds') return formatSeconds(minutes * 60);
  return formatDuration(minutes);
}

/** How long something took that started and ended; `whenMissing` when either end is unknown or they are out of order. */
export function formatSpan(startIso: string | null | undefined, endIso: string | null | undefined, whenMissing = '—'): string {
  const start = startIso ? Date.parse(startIso) : Number.NaN;
  const end = endIso ? Date.parse(endIso) : Number.NaN;
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return whenMissing;
  return formatSeconds((end - start) / 1000);
}
