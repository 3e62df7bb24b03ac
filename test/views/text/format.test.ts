import { formatCount } from '../../../src/views/vocabulary/counts';
import { formatSeconds, formatSpan } from '../../../src/views/vocabulary/durations';
import {
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
