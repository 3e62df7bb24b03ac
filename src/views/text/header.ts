import type { Assessment } from '../../health/types';
import { formatWhen, type Paint, type TextOptions } from './format';

const BANNER_WIDTH = 78;

/** "Monitoring data loaded 12 min ago (2026-06-15 11:48 UTC)". */
export function observedLine(observedAt: string | null, options: TextOptions): string {
  if (observedAt === null) return 'No monitoring data loaded: the Fivetran LOG has no rows in the last 30 days.';
  return `Monitoring data loaded ${formatWhen(observedAt, options.now, '—', options.timeZone)}.`;
}

/**
 * The loud warning stale data gets on every report: whatever follows describes the past, and an
 * absence of alerts means nothing.
 */
export function staleBanner(assessment: Assessment, options: TextOptions, paint: Paint): string {
  const stale = assessment.alerts.find((a) => a.rule === 'metadata_stale');
  const loaded = assessment.observedAt === null ? 'no monitoring data has been loaded' : `last loaded ${formatWhen(assessment.observedAt, options.now, '—', options.timeZone)}`;
  const rule = '!'.repeat(Math.min(BANNER_WIDTH, options.width ?? BANNER_WIDTH));
  const lines = [
    `!! STALE MONITORING DATA: ${loaded}.`,
    ...(stale ? [`!! ${stale.summary}.`] : []),
    '!! Everything below is as of that load, not now: no alert does NOT mean healthy.',
  ];
  return [rule, ...lines, rule].map((line) => paint.bold(paint.red(line))).join('\n');
}

/** A report's first lines: title, when the data was loaded, and the stale banner when it is stale. */
export function renderHeader(title: string, assessment: Assessment, options: TextOptions, paint: Paint): string {
  const lines = [paint.bold(title), observedLine(assessment.observedAt, options)];
  if (assessment.stale) lines.push('', staleBanner(assessment, options, paint));
  return lines.join('\n');
}
