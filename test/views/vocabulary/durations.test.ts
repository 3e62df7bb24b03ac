import { formatCount, plural } from '../../../src/views/vocabulary/counts';
import { formatMinutes } from '../../../src/views/vocabulary/durations';
import { SLACK_DURATION } from '../../../src/views/blocks/format';
import { monthLabel } from '../../../src/views/vocabulary/months';
import { minutesBetween } from '../../../src/time/formatDuration';

describe('durations, as each surface writes them', () => {
  it('the terminal counts less than a minute in seconds and marks a missing duration with a dash', () => {
    expect(formatMinutes(0.75)).toBe('45 s');
    expect(formatMinutes(125)).toBe('2 h 5 min');
    expect(formatMinutes(null)).toBe('—');
    expect(formatMinutes(undefined, { whenMissing: '? (unknown)' })).toBe('? (unknown)');
  });

  it('Slack rounds less than a minute and says "unknown" for a missing duration', () => {
    expect(formatMinutes(0.75, SLACK_DURATION)).toBe('1 min');
    expect(formatMinutes(0.2, SLACK_DURATION)).toBe('under a minute');
    expect(formatMinutes(125, SLACK_DURATION)).toBe('2 h 5 min');
    expect(formatMinutes(Number.NaN, SLACK_DURATION)).toBe('unknown');
  });

  it('measures between instants only when it has both', () => {
    expect(minutesBetween('2026-06-15T10:00:00Z', '2026-06-15T10:30:00Z')).toBe(30);
    expect(minutesBetween('2026-06-15T10:00:00Z', new Date('2026-06-15T09:00:00Z'))).toBe(-60);
    expect(minutesBetween(null, '2026-06-15T10:30:00Z')).toBeNull();
    expect(minutesBetween('not a time', '2026-06-15T10:30:00Z')).toBeNaN();
  });
});

describe('counts and months', () => {
  it('groups digits whatever the locale, and says what a missing count reads as', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatCount(null)).toBe('0');
    expect(formatCount(undefined, '—')).toBe('—');
    expect(plural(1, 'connection')).toBe('1 connection');
    expect(plural(1200, 'row')).toBe('1,200 rows');
  });

  it('names a month in UTC, or "this month" when the time cannot be read', () => {
    expect(monthLabel('2026-06-30T23:30:00-02:00')).toBe('July 2026');
    expect(monthLabel(null)).toBe('this month');
  });
});
