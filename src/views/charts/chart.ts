import type { TopLevelSpec } from 'vega-lite';

/**
 * A chart as Pulse posts it: what to draw, and the words a person gets without the picture (a
 * screen reader, a notification, a client that does not load images).
 */
export interface Chart {
  spec: TopLevelSpec;
  /** Names the chart and says what it shows, with units and days, in one or two sentences. */
  altText: string;
  /** The file's title in Slack. */
  title: string;
  /** `mar-by-day-acme.png`: letters, digits and dashes only. */
  filename: string;
}

/** Drawn on white whatever the reader's theme: a transparent chart vanishes in dark mode. */
export const CHART_BACKGROUND = '#ffffff';
const INK = '#1d1c1d';
const MUTED = '#616061';
export const CHART_COLORS = { bar: '#1264a3', success: '#1264a3', failure: '#e01e5a', other: '#8d8d8d', median: '#2bac76' } as const;
/**
 * Small in layout units with large type: Slack shows a picture about 360 px wide on a phone and
 * rarely more than 600 on a laptop, so text must stay readable once the picture is scaled down.
 */
export const CHART_SIZE = { width: 480, height: 240 } as const;

/** Fonts, sizes and colours every chart shares. */
export const CHART_CONFIG = {
  font: 'DejaVu Sans',
  background: CHART_BACKGROUND,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 20, color: INK, subtitleFontSize: 14, subtitleColor: MUTED, subtitlePadding: 4, offset: 14 },
  axis: { labelFontSize: 14, titleFontSize: 14, labelColor: INK, titleColor: INK, gridColor: '#e8e8e8', domainColor: MUTED, tickColor: MUTED, titlePadding: 10, labelPadding: 4 },
  // No limits on legend text: headless layout overestimates widths and would cut labels short.
  legend: { labelFontSize: 14, titleFontSize: 14, labelColor: INK, titleColor: INK, orient: 'top', labelLimit: 0, titleLimit: 0 },
} as const;

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 3, 2026" (UTC) for a `YYYY-MM-DD` day or an instant. */
export function chartDay(dayOrIso: string): string {
  const date = new Date(dayOrIso.length === 10 ? `${dayOrIso}T00:00:00.000Z` : dayOrIso);
  if (Number.isNaN(date.getTime())) return dayOrIso;
  return `${SHORT_MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Nov 1 to Nov 30, 2026", one year said once when both ends share it. */
export function chartDayRange(first: string, last: string): string {
  const from = chartDay(first);
  const to = chartDay(last);
  const year = from.slice(-4);
  return year === to.slice(-4) ? `${from.slice(0, -6)} to ${to}` : `${from} to ${to}`;
}

/** A file name Slack and every file system accept. */
export function chartFilename(...parts: string[]): string {
  const name = parts.join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${name || 'chart'}.png`;
}
