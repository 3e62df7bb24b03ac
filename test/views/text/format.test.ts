import { formatCount } from '../../../src/views/vocabulary/counts';
import { formatSeconds, formatSpan } from '../../../src/views/vocabulary/durations';
import { timeZoneNamed, UTC, zoneAbbreviation, type TimeZone } from '../../../src/time/timeZone';
import {
  fitColumns,
  fitLines,
  formatChange,
  formatClock,
  formatInstant,
  formatRelative,
  oneLine,
  palette,
  renderFields,
  renderTable,
  stripAnsi,
  wrap,
} from '../../../src/views/text/format';

const now = new Date('2026-06-15T12:00:00.000Z');

describe('formatRelative', () => {
  it.each([
    ['2026-06-15T11:59:40.000Z', 'just now'],
    ['2026-06-15T12:00:20.000Z', 'just now'],
    ['2026-06-15T11:48:00.000Z', '12 min ago'],
    ['2026-06-15T09:00:00.000Z', '3 h ago'],
    ['2026-06-15T08:55:00.000Z', '3 h 5 min ago'],
    ['2026-06-13T08:00:00.000Z', '2 d 4 h ago'],
    ['2026-06-15T12:05:00.000Z', 'in 5 min'],
  ])('%s reads "%s"', (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it('says what is missing instead of inventing a time', () => {
    expect(formatRelative(null, now)).toBe('—');
    expect(formatRelative('not a time', now, 'never')).toBe('never');
    expect(formatInstant('2026-06-15T11:48:30.000Z')).toBe('2026-06-15 11:48 UTC');
  });
});

describe('formatClock', () => {
  it("gives a time its day unless it is the reference time's day", () => {
    expect(formatClock('2026-06-15T08:41:00.000Z', now)).toBe('08:41 UTC');
    expect(formatClock('2026-06-14T20:41:00.000Z', now)).toBe('2026-06-14 20:41 UTC');
    expect(formatClock('2026-06-16T00:05:00.000Z', now)).toBe('2026-06-16 00:05 UTC');
    expect(formatClock(null, now, 'never')).toBe('never');
  });
});

describe('numbers and durations', () => {
  it('formats seconds, spans, counts and changes for a terminal', () => {
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(2310)).toBe('39 min');
    expect(formatSeconds(3900)).toBe('1 h 5 min');
    expect(formatSpan('2026-06-15T10:00:00Z', '2026-06-15T10:07:00Z')).toBe('7 min');
    expect(formatSpan(null, '2026-06-15T10:07:00Z')).toBe('—');
    expect(formatSpan('2026-06-15T10:08:00Z', '2026-06-15T10:07:00Z')).toBe('—');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234.4)).toBe('-1,234');
    expect(formatChange(50, 150)).toBe('+50 %');
    expect(formatChange(-3.24, 1)).toBe('-3.2 %');
    expect(formatChange(null, 10)).toBe('new');
    expect(formatChange(null, 0)).toBe('—');
  });
});

describe('text that does not fit', () => {
  it('folds data text to one line and cuts it with an ellipsis, never inside an emoji', () => {
    expect(oneLine('a\n  b\tc', 10)).toBe('a b c');
    expect(oneLine('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(oneLine('abcdefgh😀z', 10)).toBe('abcdefgh…');
  });

  it('wraps long text on words, breaking words longer than a line', () => {
    expect(wrap('one two three four', 9, 100)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghijkl', 5, 100)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('aligns label and value lines, wrapping a long value under itself', () => {
    const text = renderFields([['Short', 'a'], ['A longer label', 'word '.repeat(5).trim()]], { valueWidth: 12 });
    expect(text.split('\n')).toEqual(['  Short           a', '  A longer label  word word', '                  word word', '                  word']);
  });
});

describe('renderTable', () => {
  const columns = [{ header: 'NAME' }, { header: 'ROWS', align: 'right' as const }, { header: 'NOTE', max: 8 }];
  const rows = [
    ['alpha', '5', 'short'],
    ['b', '12,345', 'a note that is far too long'],
  ];

  it('aligns columns, right-aligns numbers and cuts long cells', () => {
    expect(renderTable(columns, rows).split('\n')).toEqual([
      'NAME     ROWS  NOTE',
      '-----  ------  -------',
      'alpha       5  short',
      'b      12,345  a note…',
    ]);
  });

  it('keeps the same alignment with colour on, and colour off adds no escape codes', () => {
    const painted = (color: boolean) => {
      const paint = palette(color);
      return renderTable(columns, rows.map((r) => [{ text: r[0] as string, paint: paint.red }, r[1] as string, r[2] as string]), { paint });
    };
    expect(painted(true)).toContain('\u001b[31m');
    expect(stripAnsi(painted(true))).toBe(renderTable(columns, rows));
    expect(painted(false)).toBe(renderTable(columns, rows));
  });

  it('keeps the leading spaces that indent a row under its group', () => {
    expect(renderTable([{ header: 'X' }, { header: 'Y' }], [['group', '1'], ['  member', '2']]).split('\n')[3]).toBe('  member  2');
  });
});

describe('renderTable within a width', () => {
  const columns = [
    { header: 'CONNECTION', max: 30, importance: 3, min: 8 },
    { header: 'ID', importance: 0 },
    { header: 'HEALTH', importance: 2 },
    { header: 'NOTE', max: 40, importance: 1, min: 6 },
  ];
  const rows = [
    ['hubspot_acme', 'spry_kestrel', 'broken', 'sync failed 2 h ago, +2 more'],
    ['globex_postgres', 'cobalt_delta', 'connected', ''],
  ];

  it('is unchanged when it fits', () => {
    expect(renderTable(columns, rows, { width: 200 })).toBe(renderTable(columns, rows));
  });

  it('drops the least important column first, then cuts free text with an ellipsis, and says what it left out', () => {
    const lines = renderTable(columns, rows, { width: 44 }).split('\n');
    expect(lines).toEqual([
      'CONNECTION       HEALTH     NOTE',
      '---------------  ---------  ----------------',
      'hubspot_acme     broken     sync failed 2 h…',
      'globex_postgres  connected',
      '(not shown for the width: id; a wider terminal or --json has them)',
    ]);
    expect(Math.max(...lines.slice(0, 4).map((line) => line.length))).toBeLessThanOrEqual(44);
  });

  it('drops a free-text column that would be cut below its minimum, and cuts the last column standing', () => {
    expect(renderTable(columns, rows, { width: 28 }).split('\n').slice(0, 3)).toEqual(['CONNECTION       HEALTH', '---------------  ---------', 'hubspot_acme     broken']);
    expect(renderTable(columns, rows, { width: 7 }).split('\n').slice(0, 4)).toEqual(['CONNEC…', '-------', 'hubspo…', 'globex…']);
  });

  it('orders columns by importance when none is given: the first matters most', () => {
    expect(fitColumns([{ header: 'A' }, { header: 'B' }, { header: 'C' }], [10, 10, 10], 22).shown).toEqual([0, 1]);
  });
});

describe('fitLines', () => {
  it('wraps a long line at spaces under a hanging indent, cuts a word longer than the width, and keeps colour codes', () => {
    expect(fitLines('  one two three four five', 12).split('\n')).toEqual(['  one two', '    three', '    four', '    five']);
    expect(fitLines('abcdefghijklmnop', 8)).toBe('abcdefg…');
    const red = palette(true).red('alpha beta gamma');
    expect(fitLines(red, 11).split('\n').map(stripAnsi)).toEqual(['alpha beta', '  gamma']);
    expect(fitLines('short\nlines', undefined)).toBe('short\nlines');
  });
});

describe('times in a zone', () => {
  const berlin = timeZoneNamed('Europe/Berlin') as TimeZone;

  it('knows IANA zones, and nothing else', () => {
    expect(timeZoneNamed('europe/berlin')).toBe('Europe/Berlin');
    expect(timeZoneNamed('Mars/Base')).toBeNull();
    expect(timeZoneNamed(' ')).toBeNull();
  });

  it("names the zone as its people do, summer and winter, or by its offset", () => {
    expect(formatInstant('2026-01-15T11:48:00Z', '—', berlin)).toBe('2026-01-15 12:48 CET');
    expect(formatInstant('2026-07-15T11:48:00Z', '—', berlin)).toBe('2026-07-15 13:48 CEST');
    expect(formatInstant('2026-07-15T11:48:00Z', '—', timeZoneNamed('America/Los_Angeles') as TimeZone)).toBe('2026-07-15 04:48 PDT');
    expect(formatInstant('2026-07-15T11:48:00Z', '—', timeZoneNamed('Asia/Kolkata') as TimeZone)).toBe('2026-07-15 17:18 IST');
    expect(formatInstant('2026-07-15T11:48:00Z', '—', timeZoneNamed('Asia/Tokyo') as TimeZone)).toBe('2026-07-15 20:48 UTC+9');
    expect(zoneAbbreviation(Date.parse('2026-07-15T11:48:00Z'), UTC)).toBe('UTC');
  });

  it("gives a time its day when that is not today's day in the zone", () => {
    // 23:30 UTC on the 14th is already the 15th in Berlin, today there at noon UTC on the 15th.
    expect(formatClock('2026-06-14T23:30:00.000Z', now, '—', berlin)).toBe('01:30 CEST');
    expect(formatClock('2026-06-14T23:30:00.000Z', now)).toBe('2026-06-14 23:30 UTC');
    expect(formatClock('2026-06-14T21:30:00.000Z', now, '—', berlin)).toBe('2026-06-14 23:30 CEST');
  });
});

describe('fitLines under a label', () => {
  it('wraps a label and its text under the text', () => {
    expect(fitLines('  --tz <zone>  times in that IANA zone, e.g. Europe/Berlin', 40).split('\n')).toEqual([
      '  --tz <zone>  times in that IANA zone,',
      '               e.g. Europe/Berlin',
    ]);
  });
});
