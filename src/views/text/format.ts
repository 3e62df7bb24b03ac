import { formatDuration, minutesBetween } from '../../time/formatDuration';
import { UTC, zoneAbbreviation, zonedParts, type TimeZone } from '../../time/timeZone';

/**
 * The terminal's own words and layout: relative times, one-line truncation, colour and an aligned
 * table. Durations and counts are views/vocabulary's, as on every surface. Everything is pure;
 * times are measured against the `now` the caller passes.
 */

export interface TextOptions {
  now: Date;
  /** ANSI colour, for a terminal (the CLI sets it when stdout is a TTY). */
  color?: boolean;
  /** The zone times are shown in, with its abbreviation; UTC when not given. */
  timeZone?: TimeZone;
  /** Columns every line must fit in (tables drop and cut their least important columns); no limit when not given. */
  width?: number;
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

/** "2026-06-15 11:48 UTC", "2026-01-15 12:48 CET": the absolute time in a zone, for when it matters exactly. */
export function formatInstant(iso: string | null | undefined, whenMissing = '—', zone: TimeZone = UTC): string {
  const ms = parse(iso);
  if (ms === null) return whenMissing;
  const { day, time } = zonedParts(ms, zone);
  return `${day} ${time} ${zoneAbbreviation(ms, zone)}`;
}

/**
 * A time of day with its day when that is not `now`'s day in the same zone: "11:48 UTC" today,
 * "2026-06-14 20:41 UTC" otherwise.
 */
export function formatClock(iso: string | null | undefined, now: Date, whenMissing = '—', zone: TimeZone = UTC): string {
  const ms = parse(iso);
  if (ms === null) return whenMissing;
  const full = formatInstant(iso, whenMissing, zone);
  return zonedParts(ms, zone).day === zonedParts(now.getTime(), zone).day ? full.slice(11) : full;
}

/** "12 min ago (2026-06-15 11:48 UTC)". */
export function formatWhen(iso: string | null | undefined, now: Date, whenMissing = '—', zone: TimeZone = UTC): string {
  if (parse(iso) === null) return whenMissing;
  return `${formatRelative(iso, now)} (${formatInstant(iso, whenMissing, zone)})`;
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
  /** Cells longer than this are cut with an ellipsis; a column with a `max` is free text, which may be cut further to fit the width. */
  max?: number;
  /**
   * How much the column matters when the table is too wide: the least important is cut (free text,
   * down to `min`) or dropped first. By default the first column matters most, the last least.
   */
  importance?: number;
  /** The narrowest a free-text column is cut to before it is dropped instead (default 10). */
  min?: number;
}

/** A cell: plain text, or text with a style applied after it is cut and padded. */
export type Cell = string | { text: string; paint?: (text: string) => string };

const GAP = 2;
const DEFAULT_MIN = 10;

/**
 * Which columns a table keeps and how wide each is, to fit `width` (with the indent): the least
 * important column goes first, cut down to its `min` when that is enough (free text only), dropped
 * otherwise; the most important is never dropped, only cut.
 */
export function fitColumns(columns: readonly Column[], natural: readonly number[], width: number, indent = 0): { shown: number[]; widths: number[] } {
  const widths = [...natural];
  const shown = columns.map((_, i) => i);
  const total = () => indent + shown.reduce((sum, i) => sum + (widths[i] as number), 0) + GAP * Math.max(0, shown.length - 1);
  const byImportance = columns
    .map((column, i) => ({ i, importance: column.importance ?? columns.length - i }))
    .sort((a, b) => a.importance - b.importance || b.i - a.i)
    .map(({ i }) => i);
  for (const i of byImportance) {
    const excess = total() - width;
    if (excess <= 0) break;
    const column = columns[i] as Column;
    const room = column.max !== undefined ? (widths[i] as number) - Math.min(widths[i] as number, column.min ?? DEFAULT_MIN) : 0;
    if (room >= excess) widths[i] = (widths[i] as number) - excess;
    else if (shown.length > 1) shown.splice(shown.indexOf(i), 1);
  }
  // One column left and still too wide: it is cut to whatever room there is.
  const excess = total() - width;
  if (excess > 0 && shown.length === 1) widths[shown[0] as number] = Math.max(1, (widths[shown[0] as number] as number) - excess);
  return { shown, widths };
}

/** Text cut to `width` with an ellipsis, keeping its leading spaces (they indent a row under its group). */
function cutCell(raw: string, width: number): string {
  const lead = /^ */.exec(raw)?.[0] ?? '';
  if (lead.length >= width) return oneLine(raw, width);
  return lead + oneLine(raw, width - lead.length);
}

/**
 * An aligned table: a header, a rule, one line per row; columns two spaces apart, the last
 * column not padded. Widths are measured on what is shown, so colour never breaks alignment.
 * With a `width`, it fits: the least important columns are cut or dropped, and a last line says
 * which were left out.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: { indent?: number; paint?: Paint; width?: number } = {}): string {
  const indent = ' '.repeat(options.indent ?? 0);
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const cell = row[i] ?? '';
      const raw = typeof cell === 'string' ? cell : cell.text;
      return { text: cutCell(raw, Math.max(1, column.max ?? 200)), paint: typeof cell === 'string' ? undefined : cell.paint };
    }),
  );
  const natural = columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => (row[i] as { text: string }).text.length)));
  const { shown, widths } = options.width === undefined ? { shown: columns.map((_, i) => i), widths: natural } : fitColumns(columns, natural, options.width, indent.length);
  const last = shown[shown.length - 1];
  const pad = (text: string, i: number) => {
    const column = columns[i] as Column;
    const fitted = text.length > (widths[i] as number) ? cutCell(text, widths[i] as number) : text;
    if (i === last && column.align !== 'right') return fitted;
    const fill = ' '.repeat(Math.max(0, (widths[i] as number) - fitted.length));
    return column.align === 'right' ? fill + fitted : fitted + fill;
  };
  const bold = options.paint?.bold ?? ((t: string) => t);
  const lines = [
    indent + bold(shown.map((i) => pad((columns[i] as Column).header, i)).join('  ').trimEnd()),
    indent + shown.map((i) => '-'.repeat(widths[i] as number)).join('  '),
    ...cells.map((row) =>
      (indent + shown.map((i) => {
        const cell = row[i] as { text: string; paint?: (text: string) => string };
        return cell.paint ? cell.paint(pad(cell.text, i)) : pad(cell.text, i);
      }).join('  ')).trimEnd(),
    ),
  ];
  const dropped = columns.filter((_, i) => !shown.includes(i)).map((column) => column.header.toLowerCase());
  if (dropped.length > 0) lines.push(`${indent}(not shown for the width: ${dropped.join(', ')}; a wider terminal or --json has them)`);
  return lines.join('\n');
}

/**
 * Every line fitted to `width`: a longer line wraps at spaces, its continuation indented under it,
 * and a word longer than the width is cut with an ellipsis. Colour codes are kept and not counted.
 */
export function fitLines(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .flatMap((line) => (stripAnsi(line).length <= width ? [line] : wrapLine(line, width)))
    .join('\n');
}

function wrapLine(line: string, width: number): string[] {
  const lead = /^ */.exec(line)?.[0] ?? '';
  // Under the second column of a label and its text ("  --tz <zone>  times in…"), else a little in.
  const column = /^ *\S.*?\S {2,}(?=\S)/.exec(stripAnsi(line))?.[0].length;
  const hangAt = column !== undefined && column <= width / 2 ? column : lead.length + 2 < width / 2 ? lead.length + 2 : lead.length < width / 2 ? lead.length : 0;
  const hanging = ' '.repeat(hangAt);
  const words = line.slice(lead.length).split(' ');
  const lines: string[] = [];
  let current = lead;
  let visible = lead.length;
  const startLine = () => {
    current = lines.length === 0 ? lead : hanging;
    visible = current.length;
  };
  for (const word of words) {
    const size = stripAnsi(word).length;
    const fresh = current.trim() === '';
    if (!fresh && visible + 1 + size > width) {
      lines.push(current);
      startLine();
    }
    const room = width - visible - (current.trim() === '' ? 0 : 1);
    const piece = size <= room ? word : cutVisible(word, Math.max(1, room));
    current = current.trim() === '' ? current + piece : `${current} ${piece}`;
    visible = stripAnsi(current).length;
  }
  lines.push(current);
  return lines.map((l) => l.trimEnd());
}

/** The first `width` visible characters, the last an ellipsis; colour codes kept, and reset after the cut. */
function cutVisible(text: string, width: number): string {
  let out = '';
  let visible = 0;
  for (let i = 0; i < text.length; ) {
    // eslint-disable-next-line no-control-regex -- ESC (\u001b) opens every ANSI colour code
    const escape = /^\u001b\[[0-9;]*m/.exec(text.slice(i));
    if (escape) {
      out += escape[0];
      i += escape[0].length;
      continue;
    }
    if (visible === width - 1) {
      out += '…';
      break;
    }
    // A whole code point, never half of an emoji's surrogate pair.
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    out += char;
    visible += char.length;
    i += char.length;
  }
  return out.includes('\u001b[') ? `${out}\u001b[0m` : out;
}

/** Label/value lines with the values aligned; a long value wraps under itself. */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>, options: { indent?: number; valueWidth?: number; width?: number } = {}): string {
  const indent = ' '.repeat(options.indent ?? 2);
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  // Within the terminal's width when there is one; values never narrower than 20 columns.
  const room = options.width === undefined ? Infinity : Math.max(20, options.width - indent.length - width - 2);
  const valueWidth = Math.min(options.valueWidth ?? 100, room);
  return fields
    .flatMap(([label, value]) => {
      const lines = stripAnsi(value).length > valueWidth ? wrap(value, valueWidth, 2000) : [value];
      return lines.map((line, i) => `${indent}${(i === 0 ? label : '').padEnd(width)}  ${line}`);
    })
    .join('\n');
}
