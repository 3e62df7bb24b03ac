import type { Row } from '../../../src/warehouse/types';
import { countedBetween, fullReadCountsFrom, isLoadCount, loadCountsOf, minuteOf, UNCOUNTED } from '../../../src/fivetran/readModel/loadCounts';

describe('the rows loaded per minute', () => {
  it('are told by the start of their minute, as DATE_TRUNC gives it', () => {
    expect(minuteOf('2026-06-15T10:55:42.123Z')).toBe('2026-06-15T10:55:00.000Z');
    expect(minuteOf('2026-06-15T10:55:00.000Z')).toBe('2026-06-15T10:55:00.000Z');
    expect(minuteOf('1969-12-31T23:59:30.500Z')).toBe('1969-12-31T23:59:00.000Z');
  });

  it('are counted by a full read from whole minutes before the newest load\'s, so they cover the next cycle\'s overlap', () => {
    expect(fullReadCountsFrom('2026-06-15T10:56:30.123Z', 15)).toBe('2026-06-15T10:41:00.000Z');
    // A part of a minute counts as a whole one: the overlap's first minute is never left out.
    expect(fullReadCountsFrom('2026-06-15T10:56:30.123Z', 14.5)).toBe('2026-06-15T10:41:00.000Z');
    expect(minuteOf(new Date(Date.parse('2026-06-15T10:56:30.123Z') - 14.5 * 60_000).toISOString()) >= '2026-06-15T10:41:00.000Z').toBe(true);
    expect(fullReadCountsFrom('2026-06-15T10:56:30.123Z', 0)).toBe('2026-06-15T10:56:00.000Z');
  });

  it('are read from the counting rows of a read only, whatever number type the engine returned', () => {
    const rows: Row[] = [
      { cid: 'pg', time_stamp: '2026-06-15T10:50:00.000Z', loaded_rows: null },
      { cid: null, time_stamp: null, observed_at: '2026-06-15T10:55:01.000Z', loaded_rows: null },
      { cid: null, time_stamp: '2026-06-15T10:50:00.000Z', loaded_rows: 3 },
      { cid: null, time_stamp: '2026-06-15T10:55:00.000Z', loaded_rows: '40' },
    ];
    expect(rows.map(isLoadCount)).toEqual([false, false, true, true]);
    const counts = loadCountsOf(rows, '2026-06-15T10:40:00.000Z');
    expect(counts.from).toBe('2026-06-15T10:40:00.000Z');
    expect([...counts.byMinute]).toEqual([
      ['2026-06-15T10:50:00.000Z', 3],
      ['2026-06-15T10:55:00.000Z', 40],
    ]);
  });

  it('add up over whole minutes from the first asked to the one the newest load falls in, or are unknown', () => {
    const counts = { from: '2026-06-15T10:40:00.000Z', byMinute: new Map([['2026-06-15T10:40:00.000Z', 1], ['2026-06-15T10:50:00.000Z', 3], ['2026-06-15T10:55:00.000Z', 40], ['2026-06-15T10:56:00.000Z', 5]]) };
    expect(countedBetween(counts, '2026-06-15T10:45:00.000Z', '2026-06-15T10:55:30.000Z')).toBe(43);
    expect(countedBetween(counts, '2026-06-15T10:40:00.000Z', '2026-06-15T10:49:59.999Z')).toBe(1);
    expect(countedBetween(counts, '2026-06-15T10:57:00.000Z', '2026-06-15T10:58:00.000Z')).toBe(0);
    // Minutes before the first counted were never counted.
    expect(countedBetween(counts, '2026-06-15T10:39:00.000Z', '2026-06-15T10:55:30.000Z')).toBe(UNCOUNTED);
    expect(countedBetween(null, '2026-06-15T10:45:00.000Z', '2026-06-15T10:55:30.000Z')).toBe(UNCOUNTED);
  });
});
