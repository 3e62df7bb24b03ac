/**
 * `Date.prototype.toISOString` for the many instants of a large result, with the same text.
 * Formatting a Date costs about half a microsecond, and a snapshot converts hundreds of thousands
 * of timestamps; their days repeat, so each day is formatted by a Date once and the time of day is
 * written from its digits. The text is built in one piece: joining parts would leave each value a
 * tree of joined strings, several times its size, for as long as the row is kept.
 */

const DAY_MS = 86_400_000;
/** The largest distance from 1970 that a Date holds (its TimeClip). */
const MAX_DATE_MS = 8.64e15;
/** Enough for years of days; cleared rather than grown past it. */
const MAX_CACHED_DAYS = 4096;

const ZERO = 48;
const [T, COLON, DOT, Z] = ['T', ':', '.', 'Z'].map((char) => char.charCodeAt(0)) as [number, number, number, number];

type TenCodes = readonly [number, number, number, number, number, number, number, number, number, number];

interface DayText {
  /** What toISOString writes before the `T`: `2026-06-15`, or `+010000-01-01` past the year 9999. */
  text: string;
  /** The character codes of a ten-character text, or null for the longer spellings. */
  codes: TenCodes | null;
}

const dayTexts = new Map<number, DayText>();

function dayText(day: number): DayText {
  let known = dayTexts.get(day);
  if (known === undefined) {
    if (dayTexts.size >= MAX_CACHED_DAYS) dayTexts.clear();
    const iso = new Date(day * DAY_MS).toISOString();
    const text = iso.slice(0, iso.indexOf('T'));
    known = { text, codes: text.length === 10 ? (Array.from(text, (char) => char.charCodeAt(0)) as unknown as TenCodes) : null };
    dayTexts.set(day, known);
  }
  return known;
}

/**
 * `new Date(millis).toISOString()`, or null where that Date would be invalid (beyond its range, or
 * not a number).
 */
export function isoOfMillis(millis: number): string | null {
  if (!(Math.abs(millis) <= MAX_DATE_MS)) return null;
  const whole = Math.trunc(millis); // as a Date keeps it
  const day = Math.floor(whole / DAY_MS);
  const { codes: d } = dayText(day);
  if (d === null) return new Date(whole).toISOString();
  let rest = whole - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const ms = rest - seconds * 1000;
  return String.fromCharCode(
    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9],
    T, ZERO + Math.floor(hours / 10), ZERO + (hours % 10),
    COLON, ZERO + Math.floor(minutes / 10), ZERO + (minutes % 10),
    COLON, ZERO + Math.floor(seconds / 10), ZERO + (seconds % 10),
    DOT, ZERO + Math.floor(ms / 100), ZERO + (Math.floor(ms / 10) % 10), ZERO + (ms % 10),
    Z,
  );
}

/** `new Date(day * 86400000).toISOString().slice(0, 10)`, or null where that Date would be invalid. */
export function isoOfDay(day: number): string | null {
  const millis = day * DAY_MS;
  if (!(Math.abs(millis) <= MAX_DATE_MS)) return null;
  // The day's text is at least ten characters: the slice keeps what the Date's text began with.
  return dayText(day).text.slice(0, 10);
}
