import type { TopLevelSpec } from 'vega-lite';
import { truncatePlain } from '../blocks/mrkdwn';
import { formatCount } from '../vocabulary/counts';
import { CHART_COLORS, CHART_CONFIG, CHART_SIZE, chartDay, chartDayRange, chartFilename, type Chart } from './chart';

export interface MarByDayInput {
  /** Whose MAR: a tenant's name, or the account. */
  subject: { kind: 'tenant'; tenantId: string; name: string } | { kind: 'account' };
  /** Every day of the range, oldest first, zeros included. */
  days: ReadonlyArray<{ day: string; rows: number }>;
  /** The data is the generated demo. */
  demo?: boolean;
}

const subjectName = (subject: MarByDayInput['subject']) => (subject.kind === 'tenant' ? subject.name : 'the whole account');

/** Pure: MAR day by day as bars, one per UTC day, with the total and the busiest day in words. */
export function marByDayChart(input: MarByDayInput): Chart {
  const { days, subject } = input;
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  const total = days.reduce((sum, d) => sum + d.rows, 0);
  const busiest = days.reduce<{ day: string; rows: number } | null>((best, d) => (best === null || d.rows > best.rows ? d : best), null);
  const range = days.length > 0 ? chartDayRange(first, last) : 'no days';
  const who = subjectName(subject);
  const title = `MAR by day · ${subject.kind === 'tenant' ? truncatePlain(subject.name, 40) : 'all tenants'}`;
  // Lines kept short: headless layout can only estimate text widths, and overestimates long ones.
  const subtitle = ['Incremental rows counted each day (UTC)', `${range}: ${formatCount(total)} in total${input.demo ? ' · demo data' : ''}`];

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...CHART_SIZE,
    padding: 16,
    config: CHART_CONFIG,
    title: { text: title, subtitle },
    data: { values: days.map((d) => ({ day: d.day, rows: d.rows })) },
    mark: { type: 'bar', color: CHART_COLORS.bar },
    encoding: {
      x: {
        field: 'day',
        type: 'temporal',
        timeUnit: 'utcyearmonthdate',
        title: 'Day (UTC)',
        axis: { format: '%b %-d', labelAngle: 0, labelOverlap: true, grid: false },
      },
      y: { field: 'rows', type: 'quantitative', title: 'Rows per day', axis: { format: '~s', tickCount: 5 } },
    },
  };

  const peak = busiest && busiest.rows > 0 ? ` The busiest day was ${chartDay(busiest.day)} with ${formatCount(busiest.rows)} rows.` : ' No rows were counted.';
  return {
    spec,
    altText: `Bar chart of monthly active rows by day for ${who}, ${range} (UTC): ${formatCount(total)} incremental rows in total.${peak}`,
    title: `MAR by day, ${subject.kind === 'tenant' ? subject.name : 'all tenants'}, ${range}`,
    filename: chartFilename('mar-by-day', subject.kind === 'tenant' ? subject.tenantId : 'account', last),
  };
}
