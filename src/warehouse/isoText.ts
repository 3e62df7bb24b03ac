/**
 * `Date.prototype.toISOString` for the many instants of a large result, with the same text.
 * Formatting a Date costs about half a microsecond, and a snapshot converts hundreds of thousands
 * of timestamps; their days repeat, so each day is formatted by a Date once and the time of day is
 * written from tables.
 */

const DAY_MS = 86_400_000;
/** The largest distance from 1970 that a Date holds (its TimeClip). */
const MAX_DATE_MS = 8.64e15;
/** Enough for years of days; cleared rather than grown past it. */
const MAX_CACHED_DAYS = 4096;

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** What toISOString writes before the `T` at midnight of each day seen. */
const dayTexts = new Map<number, string>();

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size >= MAX_CACHED_DAYS) dayTexts.clear();
    const iso = new Date(day * DAY_MS).toISOString();
    text = iso.slice(0, iso.indexOf('T'));
    dayTexts.set(day, text);
  }
  return text;
}

/**
 * `new Date(millis).toISOString()`, or null where that Date would be invalid (beyond its range, or
 * not a number).
 */
export function isoOfMillis(millis: number): string | null {
  if (!(Math.abs(millis) <= MAX_DATE_MS)) return null;
  const whole = Math.trunc(millis); // as a Date keeps it
  const day = Math.floor(whole / DAY_MS);
  let rest = whole - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milliseconds = rest - seconds * 1000;
  return `${dayText(day)}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[milliseconds]}Z`;
}

/** `new Date(day * 86400000).toISOString().slice(0, 10)`, or null where that Date would be invalid. */
export function isoOfDay(day: number): string | null {
  const millis = day * DAY_MS;
  if (!(Math.abs(millis) <= MAX_DATE_MS)) return null;
  // The day's text is at least ten characters: the slice keeps what the Date's text began with.
  return dayText(day).slice(0, 10);
}
