import type { TopLevelSpec } from 'vega-lite';
import type { TimedSync } from '../../fivetran/analysis/dailySeries';
import { truncatePlain } from '../blocks/mrkdwn';
import { plural } from '../vocabulary/counts';
import { formatSeconds } from '../vocabulary/durations';
import { CHART_COLORS, CHART_CONFIG, CHART_SIZE, chartDayRange, chartFilename, type Chart } from './chart';

export interface SyncDurationsInput {
  connectionId: string;
  connectionName: string;
  /** Oldest first. */
  syncs: readonly TimedSync[];
  /** The days the read covered, `YYYY-MM-DD` (UTC). */
  firstDay: string;
  lastDay: string;
  demo?: boolean;
}

const OUTCOMES = ['Succeeded', 'Failed', 'Canceled or rescheduled'] as const;

function outcomeOf(status: string): (typeof OUTCOMES)[number] {
  if (status === 'SUCCESSFUL') return 'Succeeded';
  if (status === 'FAILURE' || status === 'FAILURE_WITH_TASK') return 'Failed';
  return 'Canceled or rescheduled';
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Minutes read best up to a few hours; longer syncs are drawn in hours. */
function unitFor(maxSeconds: number): { name: 'minutes' | 'hours'; seconds: number } {
  return maxSeconds >= 3 * 3600 ? { name: 'hours', seconds: 3600 } : { name: 'minutes', seconds: 60 };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** More syncs than this are drawn as small points without a line. */
const DENSE_SYNCS = 80;

/**
 * Pure: each sync of one connection as a point (when it started, how long it ran), coloured by how
 * it ended, on a line through time, with the median of the successful ones as a rule.
 */
export function syncDurationsChart(input: SyncDurationsInput): Chart {
  const { syncs } = input;
  const unit = unitFor(Math.max(0, ...syncs.map((s) => s.durationSeconds)));
  const successful = syncs.filter((s) => s.status === 'SUCCESSFUL').map((s) => s.durationSeconds);
  const typical = median(successful);
  const failed = syncs.filter((s) => outcomeOf(String(s.status)) === 'Failed').length;
  const longest = syncs.reduce<TimedSync | null>((best, s) => (best === null || s.durationSeconds > best.durationSeconds ? s : best), null);
  const range = chartDayRange(input.firstDay, input.lastDay);
  const name = input.connectionName || input.connectionId;

  const values = syncs.map((s) => ({
    startedAt: s.startedAt,
    duration: round2(s.durationSeconds / unit.seconds),
    outcome: outcomeOf(String(s.status)),
  }));
  // Lines kept short: headless layout can only estimate text widths, and overestimates long ones.
  const subtitle = [
    `${plural(syncs.length, 'completed sync')}, ${range} (UTC)`,
    [typical === null ? 'no successful sync' : `median of successful syncs ${formatSeconds(typical)}`, ...(input.demo ? ['demo data'] : [])].join(' · '),
  ];

  const dense = syncs.length > DENSE_SYNCS;
  // The whole period, even where there was no sync: the subtitle's days and the axis agree.
  const x = {
    field: 'startedAt',
    type: 'temporal' as const,
    scale: { type: 'utc' as const, domain: [Date.parse(`${input.firstDay}T00:00:00.000Z`), Date.parse(`${input.lastDay}T00:00:00.000Z`) + 86_400_000] },
    title: 'Sync started (UTC)',
    axis: { format: '%b %-d', labelAngle: 0, labelOverlap: true, grid: false },
  };
  const y = { field: 'duration', type: 'quantitative' as const, title: `Duration (${unit.name})`, axis: { tickCount: 5 } };

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...CHART_SIZE,
    padding: 16,
    config: CHART_CONFIG,
    title: { text: `Sync durations · ${truncatePlain(name, 40)}`, subtitle },
    data: { values },
    layer: [
      // A line through a few syncs shows their order; through hundreds it is only noise.
      ...(dense ? [] : [{ mark: { type: 'line' as const, color: '#c9c9c9', strokeWidth: 1.5 }, encoding: { x, y } }]),
      {
        mark: { type: 'point', filled: true, size: dense ? 28 : 80, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: {
            field: 'outcome',
            type: 'nominal',
            title: 'How it ended',
            scale: { domain: [...OUTCOMES], range: [CHART_COLORS.success, CHART_COLORS.failure, CHART_COLORS.other] },
          },
          shape: { field: 'outcome', type: 'nominal', title: 'How it ended', scale: { domain: [...OUTCOMES], range: ['circle', 'diamond', 'square'] } },
        },
      },
      ...(typical === null
        ? []
        : [
            {
              data: { values: [{ median: round2(typical / unit.seconds), label: `median ${formatSeconds(typical)}` }] },
              layer: [
                { mark: { type: 'rule' as const, color: CHART_COLORS.median, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: 'median', type: 'quantitative' as const } } },
                {
                  mark: { type: 'text' as const, color: CHART_COLORS.median, align: 'right' as const, baseline: 'bottom' as const, dy: -4, fontSize: 14, x: 'width' as const },
                  encoding: { y: { field: 'median', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
                },
              ],
            },
          ]),
    ],
  };

  const words = syncs.length === 0
    ? `No completed sync of ${name} from ${range} (UTC).`
    : `${plural(syncs.length, 'completed sync')} of ${name} from ${range} (UTC)${failed > 0 ? `, ${plural(failed, 'failed sync', 'failed syncs')} among them` : ''}.` +
      `${typical === null ? ' None succeeded.' : ` Successful syncs took ${formatSeconds(typical)} at the median;`}` +
      `${longest ? ` the longest took ${formatSeconds(longest.durationSeconds)}.` : ''}`;
  return {
    spec,
    altText: `Chart of sync durations over time. ${words}`.replace(/;$/, '.'),
    title: `Sync durations, ${name}, ${range}`,
    filename: chartFilename('sync-durations', name, input.lastDay),
  };
}
