import type { DayRange, Period } from './types';

const DAY_MS = 86_400_000;

export interface PeriodInput {
  from: Date;
  to: Date;
}

/** A period a person asked for, checked: both ends real instants, the end after the start. */
export function checkPeriod({ from, to }: PeriodInput): Period {
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw new RangeError('the period needs a valid start time');
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) throw new RangeError('the period needs a valid end time');
  if (to.getTime() <= from.getTime()) {
    throw new RangeError(`the period must end after it starts (from ${from.toISOString()} to ${to.toISOString()})`);
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The period of equal length that ends where this one starts. */
export function previousPeriod(period: Period): Period {
  const from = Date.parse(period.from);
  const length = Date.parse(period.to) - from;
  return { from: new Date(from - length).toISOString(), to: period.from };
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC days a half-open period touches. */
export function dayRange(period: Period): DayRange {
  const first = Date.parse(`${period.from.slice(0, 10)}T00:00:00.000Z`);
  const last = Date.parse(`${dayOf(Date.parse(period.to) - 1)}T00:00:00.000Z`);
  return { firstDay: dayOf(first), lastDay: dayOf(last), days: Math.round((last - first) / DAY_MS) + 1 };
}

/** As many whole days, just before the range: MAR is daily, so its trend compares whole days. */
export function previousDayRange(range: DayRange): DayRange {
  const first = Date.parse(`${range.firstDay}T00:00:00.000Z`);
  return { firstDay: dayOf(first - range.days * DAY_MS), lastDay: dayOf(first - DAY_MS), days: range.days };
}

/** Every day of the range, oldest first. */
export function daysOf(range: DayRange): string[] {
  const first = Date.parse(`${range.firstDay}T00:00:00.000Z`);
  return Array.from({ length: range.days }, (_, i) => dayOf(first + i * DAY_MS));
}
