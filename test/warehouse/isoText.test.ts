import fc from 'fast-check';
import { isoOfDay, isoOfMillis } from '../../src/warehouse/isoText';

/** What the warehouse wrote before: a Date's own text, or null for an invalid Date. */
function dateText(millis: number): string | null {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const DATE_LIMIT = 8.64e15;

describe('isoOfMillis writes what toISOString writes', () => {
  it('for every instant a Date holds, before and after 1970', () => {
    const yearsZeroTo9999 = fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z') - 1, max: Date.parse('9999-12-31T23:59:59.999Z') + 1 });
    const anyInstant = fc.integer({ min: -DATE_LIMIT, max: DATE_LIMIT });
    fc.assert(
      fc.property(fc.oneof(yearsZeroTo9999, anyInstant), (millis) => isoOfMillis(millis) === dateText(millis)),
      { numRuns: 20_000 },
    );
  });

  it('for any number, giving null where the Date would be invalid', () => {
    fc.assert(
      fc.property(fc.double(), (millis) => isoOfMillis(millis) === dateText(millis)),
      { numRuns: 5_000 },
    );
  });

  it('at the edges: the last millisecond of a day, before 1970, the range and beyond it', () => {
    const edges = [0, -0, -1, 1, 999, -999, -1000, -1001, 86_399_999, -86_400_001, -86_400_000, -0.5, 0.5, -1.5, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001];
    for (const millis of [...edges, DATE_LIMIT, -DATE_LIMIT, DATE_LIMIT + 1, -DATE_LIMIT - 1, Number.NaN, Infinity, -Infinity]) {
      expect(isoOfMillis(millis)).toBe(dateText(millis));
    }
    expect(isoOfMillis(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoOfMillis(DATE_LIMIT + 1)).toBeNull();
  });

  it('stays right across more days than it remembers', () => {
    const wrong: number[] = [];
    for (let day = -6000; day < 6000; day += 1) {
      const millis = day * 86_400_000 + ((day * 7_919_003) % 86_400_000);
      if (isoOfMillis(millis) !== dateText(millis)) wrong.push(millis);
    }
    expect(wrong).toEqual([]);
  });
});

describe('isoOfDay writes what the first ten characters of toISOString at midnight are', () => {
  it('for any day DuckDB can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -200_000, max: 200_000 }), (anyDay, nearDay) =>
        [anyDay, nearDay].every((day) => isoOfDay(day) === (dateText(day * 86_400_000)?.slice(0, 10) ?? null)),
      ),
      { numRuns: 5_000 },
    );
    expect(isoOfDay(-1)).toBe('1969-12-31');
    expect(isoOfDay(100_000_001)).toBeNull();
  });
});
