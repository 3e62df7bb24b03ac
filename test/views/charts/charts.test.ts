import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { TimedSync } from '../../../src/fivetran/analysis/dailySeries';
import { CHART_COLORS } from '../../../src/views/charts/chart';
import { marByDayChart } from '../../../src/views/charts/marByDay';
import { renderChartPng } from '../../../src/views/charts/renderChart';
import { syncDurationsChart } from '../../../src/views/charts/syncDurations';
import { countPixels, readPng } from '../../support/png';

const days = (first: string, rows: number[]) =>
  rows.map((value, i) => ({ day: new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), rows: value }));

function sync(startedAt: string, minutes: number, status = 'SUCCESSFUL'): TimedSync {
  const start = Date.parse(startedAt);
  return { syncId: startedAt, startedAt, endedAt: new Date(start + minutes * 60_000).toISOString(), status, durationSeconds: minutes * 60 };
}

/** The spec laid out as Vega would draw it: the marks it makes, and the size of the picture. */
async function layOut(spec: TopLevelSpec) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await view.runAsync();
  const svg = await view.toSVG();
  // The data's marks only, not the axes' and legends' own.
  const marks: Array<{ marktype: string; items: unknown[] }> = [];
  const walk = (node: { marktype?: string; role?: string; items?: unknown[] }) => {
    if (node.marktype && node.role === 'mark') marks.push({ marktype: node.marktype, items: node.items ?? [] });
    for (const item of node.items ?? []) walk(item as { items?: unknown[] });
  };
  walk((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
  const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]* height="([\d.]+)"/.exec(svg)?.[1]);
  view.finalize();
  return { marks, width, height, svg };
}

describe('the MAR by day chart', () => {
  const input = { subject: { kind: 'tenant' as const, tenantId: 'acme', name: 'Acme Corp' }, days: days('2026-10-30', [1200, 0, 45_000, 300]) };

  it('draws one bar per UTC day, with axes that say what and in which unit', async () => {
    const chart = marByDayChart(input);
    const spec = chart.spec as unknown as { mark: { type: string }; encoding: { x: Record<string, unknown>; y: Record<string, unknown> }; background?: string; config: { background: string } };
    expect(spec.mark.type).toBe('bar');
    expect(spec.encoding.x).toMatchObject({ field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Day (UTC)' });
    expect(spec.encoding.y).toMatchObject({ field: 'rows', type: 'quantitative', title: 'Rows per day' });
    expect(spec.config.background).toBe('#ffffff');

    const { marks, svg } = await layOut(chart.spec);
    const bars = marks.filter((m) => m.marktype === 'rect');
    expect(bars.map((m) => m.items.length)).toEqual([4]);
    expect(svg).toContain('MAR by day · Acme Corp');
    expect(svg).toContain('Oct 30 to Nov 2, 2026: 46,500 in total');
  });

  it('says what it shows in words for those who cannot see it', () => {
    const chart = marByDayChart(input);
    expect(chart.altText).toBe(
      'Bar chart of monthly active rows by day for Acme Corp, Oct 30 to Nov 2, 2026 (UTC): 46,500 incremental rows in total. The busiest day was Nov 1, 2026 with 45,000 rows.',
    );
    expect(chart.filename).toBe('mar-by-day-acme-2026-11-02.png');
    expect(chart.title).toBe('MAR by day, Acme Corp, Oct 30 to Nov 2, 2026');
  });

  it('names the account when no tenant is asked for, and says when nothing was counted', () => {
    const chart = marByDayChart({ subject: { kind: 'account' }, days: days('2026-12-30', [0, 0, 0]), demo: true });
    expect(chart.altText).toBe('Bar chart of monthly active rows by day for the whole account, Dec 30, 2026 to Jan 1, 2027 (UTC): 0 incremental rows in total. No rows were counted.');
    expect(JSON.stringify(chart.spec)).toContain('demo data');
  });
});

describe('the sync durations chart', () => {
  const syncs = [
    sync('2026-11-01T00:00:00.000Z', 10),
    sync('2026-11-01T06:00:00.000Z', 14),
    sync('2026-11-01T12:00:00.000Z', 3, 'FAILURE_WITH_TASK'),
    sync('2026-11-01T18:00:00.000Z', 12),
    sync('2026-11-02T00:00:00.000Z', 1, 'CANCELED'),
  ];
  const input = { connectionId: 'c1', connectionName: 'acme_salesforce', syncs, firstDay: '2026-10-31', lastDay: '2026-11-02' };

  it('draws each sync where it started and as long as it ran, failures in their own colour, the median as a rule', async () => {
    const chart = syncDurationsChart(input);
    const json = JSON.stringify(chart.spec);
    expect(json).toContain('"title":"Duration (minutes)"');
    expect(json).toContain('"title":"Sync started (UTC)"');
    expect(json).toContain(`"range":["${CHART_COLORS.success}","${CHART_COLORS.failure}","${CHART_COLORS.other}"]`);

    const { marks, svg } = await layOut(chart.spec);
    expect(marks.filter((m) => m.marktype === 'symbol').map((m) => m.items.length)).toEqual([5]);
    expect(marks.filter((m) => m.marktype === 'rule').map((m) => m.items.length)).toEqual([1]);
    expect(svg).toContain('median 12 min');
    expect(svg).toContain('Canceled or rescheduled');
  });

  it('draws long syncs in hours', () => {
    const chart = syncDurationsChart({ ...input, syncs: [sync('2026-11-01T00:00:00.000Z', 300), sync('2026-11-02T00:00:00.000Z', 240)] });
    expect(JSON.stringify(chart.spec)).toContain('"title":"Duration (hours)"');
    expect(JSON.stringify(chart.spec)).toContain('"duration":5');
  });

  it('says what it shows in words, and says so when there is nothing', () => {
    expect(syncDurationsChart(input).altText).toBe(
      'Chart of sync durations over time. 5 completed syncs of acme_salesforce from Oct 31 to Nov 2, 2026 (UTC), 1 failed sync among them. Successful syncs took 12 min at the median; the longest took 14 min.',
    );
    expect(syncDurationsChart({ ...input, syncs: [] }).altText).toBe('Chart of sync durations over time. No completed sync of acme_salesforce from Oct 31 to Nov 2, 2026 (UTC).');
    expect(syncDurationsChart(input).filename).toBe('sync-durations-acme-salesforce-2026-11-02.png');
  });
});

describe('drawing a chart as a PNG', () => {
  it('writes a PNG twice the laid-out size, on white, with the bars drawn', async () => {
    const chart = marByDayChart({ subject: { kind: 'account' }, days: days('2026-11-01', [10, 20, 30, 40, 50, 60, 70]) });
    const png = await renderChartPng(chart.spec);
    const image = readPng(png);
    const { width, height } = await layOut(chart.spec);
    expect(width).toBeGreaterThan(480);
    expect(image.width).toBe(Math.round(width * 2));
    expect(image.height).toBe(Math.round(height * 2));

    const pixels = image.width * image.height;
    expect(countPixels(image, [255, 255, 255])).toBeGreaterThan(pixels / 2);
    // The bars' blue covers a good part of the picture: it is not blank.
    expect(countPixels(image, [0x12, 0x64, 0xa3])).toBeGreaterThan(pixels / 50);
    // Text was drawn with a real font: dark pixels of the titles and labels.
    expect(countPixels(image, [0x1d, 0x1c, 0x1d], 40)).toBeGreaterThan(500);
  });
});
