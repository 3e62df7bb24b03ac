import { formatDuration, minutesBetween } from '../../time/formatDuration';

/**
 * The terminal's own words and layout: relative times, one-line truncation, colour and an aligned
 * table. Durations and counts are views/vocabulary's, as on every surface. Everything is pure;
 * times are measured against the `now` the caller passes.
 */

export interface TextOptions {
  now: Date;
  /** ANSI colour, for a terminal (the CLI sets it when stdout is a TTY). */
  color?: boolean;
}

const parse = (iso: string | null | undefined): number | null => {
  if (iso === null || iso === undefined || iso === '') return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** "just now", "12 min ago", "3 h 5 min ago", "in 5 min"; `whenMissing` for no or an unreadable time. */
export function formatRelative(iso: string | null | undefined, now: Date, whenMissing = '—'): string {
  const ms = parse(iso);
  if (ms === null) return whenMissing;
  const minutes = minutesBetween(new Date(ms), now);
  if (Math.abs(minutes) < 1) return 'just now';
  return minutes > 0 ? `${formatDuration(minutes)} ago` : `in ${formatDuration(-minutes)}`;
}

/** "2026-06-15 11:48 UTC": the absolute time, for when it matters exactly. */
export function formatInstant(iso: string | null | undefined, whenMissing = '—'): string {
  const ms = parse(iso);
  if (ms === null) return whenMissing;
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/**
 * A time of day with its day when that is not `now`'s day (UTC, as every terminal time):
 * "11:48 UTC" today, "2026-06-14 20:41 UTC" otherwise.
 */
export function formatClock(iso: string | null | undefined, now: Date, whenMissing = '—'): string {
  const ms = parse(iso);
  if (ms === null) return whenMissing;
  const full = formatInstant(iso);
  return full.slice(0, 10) === now.toISOString().slice(0, 10) ? full.slice(11) : full;
}

/** "12 min ago (2026-06-15 11:48 UTC)". */
export function formatWhen(iso: string | null | undefined, now: Date, whenMissing = '—'): string {
  if (parse(iso) === null) return whenMissing;
  return `${formatRelative(iso, now)} (${formatInstant(iso)})`;
}

/** "+12.5 %", "-3 %", "new" (nothing before), "—" (nothing either time). */
export function formatChange(changePercent: number | null, rows: number): string {
  if (changePercent === null) return rows > 0 ? 'new' : '—';
  const rounded = Math.abs(changePercent) >= 10 ? Math.round(changePercent) : Math.round(changePercent * 10) / 10;
  if (rounded === 0) return '0 %';
  return `${rounded > 0 ? '+' : ''}${rounded} %`;
}

/** Data text on one line: newlines and runs of spaces folded, cut to `max` characters with an ellipsis. */
export function oneLine(text: string | null | undefined, max: number): string {
  const folded = (text ?? '').replace(/\s+/g, ' ').trim();
  if (folded.length <= max) return folded;
  if (max <= 1) return folded.slice(0, Math.max(0, max));
  let cut = folded.slice(0, max - 1);
  // Never leave half of a surrogate pair (an emoji) before the ellipsis.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Longer data text folded to lines of at most `width`, cut to `max` characters in all. */
export function wrap(text: string | null | undefined, width: number, max: number): string[] {
  const words = oneLine(text, max).split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    for (let rest = word; rest.length > 0; ) {
      const room = line === '' ? width : width - line.length - 1;
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'inverse';
const CODES: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], inverse: [7, 27] };

export type Paint = Record<Style, (text: string) => string>;

/** ANSI styles when colour is on, the text unchanged when it is off. */
export function palette(color: boolean | undefined): Paint {
  const style = (name: Style) => (text: string) => (color && text !== '' ? `\u001b[${CODES[name][0]}m${text}\u001b[${CODES[name][1]}m` : text);
  return { red: style('red'), yellow: style('yellow'), green: style('green'), dim: style('dim'), bold: style('bold'), inverse: style('inverse') };
}

// eslint-disable-next-line no-control-regex -- ESC (\u001b) opens every ANSI colour code
const ANSI = /\u001b\[[0-9;]*m/g;

/** What a terminal shows: the text without its colour codes. */
export const stripAnsi = (text: string) => text.replace(ANSI, '');

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cells longer than this are cut with an ellipsis. */
  max?: number;
}

/** A cell: plain text, or text with a style applied after it is cut and padded. */
export type Cell = string | { text: string; paint?: (text: string) => string };

/**
 * An aligned table: a header, a rule, one line per row; columns two spaces apart, the last
 * column not padded. Widths are measured on what is shown, so colour never breaks alignment.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: { indent?: number; paint?: Paint } = {}): string {
  const indent = ' '.repeat(options.indent ?? 0);
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const cell = row[i] ?? '';
      const raw = typeof cell === 'string' ? cell : cell.text;
      // Leading spaces are kept: they indent a row under its group.
      const lead = /^ */.exec(raw)?.[0] ?? '';
      const text = lead + oneLine(raw, Math.max(1, (column.max ?? 200) - lead.length));
      return { text, paint: typeof cell === 'string' ? undefined : cell.paint };
    }),
  );
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => (row[i] as { text: string }).text.length)));
  const pad = (text: string, i: number) => {
    const column = columns[i] as Column;
    if (i === columns.length - 1 && column.align !== 'right') return text;
    const fill = ' '.repeat(Math.max(0, (widths[i] as number) - text.length));
    return column.align === 'right' ? fill + text : text + fill;
  };
  const bold = options.paint?.bold ?? ((t: string) => t);
  const lines = [
    indent + bold(columns.map((c, i) => pad(c.header, i)).join('  ').trimEnd()),
    indent + widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row) => indent + row.map((cell, i) => (cell.paint ? cell.paint(pad(cell.text, i)) : pad(cell.text, i))).join('  ').trimEnd()),
  ];
  return lines.join('\n');
}

/** Label/value lines with the values aligned; a long value wraps under itself. */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>, options: { indent?: number; valueWidth?: number } = {}): string {
  const indent = ' '.repeat(options.indent ?? 2);
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  const valueWidth = options.valueWidth ?? 100;
  return fields
    .flatMap(([label, value]) => {
      const lines = stripAnsi(value).length > valueWidth ? wrap(value, valueWidth, 2000) : [value];
      return lines.map((line, i) => `${indent}${(i === 0 ? label : '').padEnd(width)}  ${line}`);
    })
    .join('\n');
}
