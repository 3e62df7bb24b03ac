import type { KnownBlock } from '@slack/types';
import { table } from '../../../src/views/blocks/components';
import { fitMessage, MESSAGE_BUDGET, packLines, SLACK_LIMITS } from '../../../src/views/blocks/limits';
import { codeBlock, cutAtWord, escapeMrkdwn, escapeWords, escapeText, link, slackDate, truncateMrkdwn, truncatePlain, userMention } from '../../../src/views/blocks/mrkdwn';
import { HOSTILE } from '../../support/fixtures/assessment';
import { assertWithinSlackLimits, mrkdwnProblems, slackLimitProblems } from '../../support/slackLimits';

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const sectionOf = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
const buttonOf = (id: string, text = 'Go', value = 'v') => ({ type: 'button' as const, action_id: id, text: { type: 'plain_text' as const, text }, value });

describe('mrkdwn helpers', () => {
  it('escapes exactly Slack\'s three control characters', () => {
    expect(escapeMrkdwn('a & b < c > d *e*')).toBe('a &amp; b &lt; c &gt; d *e*');
  });

  it('cuts without leaving half a link, date token or entity', () => {
    const withLink = `see ${link('https://fivetran.com/dashboard/connections/x/status', 'a very long connection name')} now`;
    for (let max = 5; max < withLink.length; max += 1) {
      const cut = truncateMrkdwn(withLink, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(mrkdwnProblems(cut)).toEqual([]);
    }
    const date = `at ${slackDate('2026-11-26T08:00:00.000Z')} ok`;
    for (let max = 4; max < date.length; max += 1) expect(mrkdwnProblems(truncateMrkdwn(date, max))).toEqual([]);
    const entities = escapeMrkdwn('<<<&&&>>>'.repeat(10));
    for (let max = 2; max < entities.length; max += 1) expect(mrkdwnProblems(truncateMrkdwn(entities, max))).toEqual([]);
  });

  it('closes a code block it cuts open', () => {
    const block = codeBlock('x'.repeat(5000), 300);
    expect(block.length).toBeLessThanOrEqual(300);
    expect(mrkdwnProblems(block)).toEqual([]);
    const fenced = truncateMrkdwn('```' + 'y'.repeat(500) + '```', 100);
    expect(fenced.length).toBeLessThanOrEqual(100);
    expect(fenced.endsWith('```')).toBe(true);
  });

  it('keeps code blocks closed even when the data holds backticks', () => {
    const block = codeBlock('before ``` inside ``` after `', 200);
    expect(mrkdwnProblems(block)).toEqual([]);
    expect(block.match(/```/g)).toHaveLength(2);
  });

  it('never cuts an emoji in half', () => {
    const text = '😀'.repeat(10);
    for (let max = 1; max < 20; max += 1) {
      expect(truncatePlain(text, max)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(truncateMrkdwn(text, max)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it('escapes hostile text and keeps it within the length asked for, after escaping', () => {
    const escaped = escapeText(HOSTILE.repeat(50), 500);
    expect(escaped.length).toBeLessThanOrEqual(500);
    expect(mrkdwnProblems(escaped)).toEqual([]);
    expect(escaped).not.toContain('<script>');
    expect(escaped).toContain('&lt;script&gt;');
  });

  it('renders times as a Slack date token with a UTC fallback, and says so when a time is missing', () => {
    expect(slackDate('2026-11-26T08:00:00.000Z')).toBe('<!date^1795680000^{date_short_pretty} {time}|2026-11-26 08:00 UTC>');
    expect(slackDate('2026-11-26T08:00:00.000Z', 'date')).toBe('<!date^1795680000^{date_short_pretty}|2026-11-26>');
    expect(slackDate(null, 'datetime', 'never')).toBe('never');
    expect(slackDate('not a time')).toBe('unknown');
  });

  it('mentions only real user ids; anything else is shown as text', () => {
    expect(userMention('U0ABC123')).toBe('<@U0ABC123>');
    expect(userMention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(userMention(null)).toBe('someone');
  });

  it('escapes a link label and keeps the URL from closing the link early', () => {
    expect(link('https://x.example/a|b>c', '<b>name</b>')).toBe('<https://x.example/a%7Cb%3Ec|&lt;b&gt;name&lt;/b&gt;>');
  });
});

describe('cutting at a word', () => {
  it('never leaves half a word: "(SQLState 28000) …" is cut before the word, not inside it', () => {
    const summary = 'Sync failed: Incorrect username or password was specified (SQLState 28000) while connecting to the warehouse';
    for (let max = 20; max < summary.length; max += 1) {
      const cut = cutAtWord(summary, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      const kept = cut.replace(/…$/, '');
      const next = summary.charAt(kept.length);
      // What is kept ends a word: the next character of the whole text is a space or a sign.
      expect({ max, cut, next }).toEqual({ max, cut, next: expect.stringMatching(/^[\s,;:()]$/) });
    }
    expect(cutAtWord('short', 10)).toBe('short');
    expect(escapeWords('a <b> & c d e f g h', 12)).toBe('a &lt;b&gt; &amp; c d…');
  });
});

describe('tables', () => {
  it('are kept within 100 rows (the last saying how many more) of 20 cells, and one per message', () => {
    const long = table([{ title: 'name' }, { title: 'count' }], Array.from({ length: 150 }, (_, r) => [`row ${r}`, r === 0 ? '' : String(r)]));
    const fitted = fitMessage({ text: 'tables', blocks: [long, sectionOf('between'), table([{ title: 'second' }], [['x']])] });
    const tables = fitted.blocks.filter((block) => block.type === 'table') as Array<{ rows: Array<Array<{ type: string; text: string }>> }>;
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.rows;
    expect(rows).toHaveLength(100);
    expect(rows[99]![0]!.text).toBe('…and 52 more');
    expect(rows[1]![1]!.text).toBe('—');
    assertWithinSlackLimits(fitted);
  });

  it('too wide or too big for one message lose cells and rows, never the whole table', () => {
    const columns = Array.from({ length: 25 }, (_, i) => ({ title: `c${i}` }));
    const big = table(columns, Array.from({ length: 150 }, (_, r) => columns.map((_, c) => `${r}:${c}`)));
    const fitted = fitMessage({ text: 'big', blocks: [sectionOf('before'), big, sectionOf('after')] });
    const [kept] = fitted.blocks.filter((block) => block.type === 'table') as Array<{ rows: Array<Array<{ text: string }>> }>;
    expect(kept).toBeDefined();
    const rows = kept!.rows;
    expect(rows.every((row) => row.length === 20)).toBe(true);
    const hidden = Number(/^…and (\d+) more$/.exec(rows[rows.length - 1]![0]!.text)?.[1]);
    expect(rows.length - 2 + hidden).toBe(150);
    expect(JSON.stringify(fitted.blocks)).toContain('after');
    assertWithinSlackLimits(fitted);
  });
});

describe('packLines', () => {
  it('keeps whole lines and counts the rest', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line number ${i}`);
    const packed = packLines(lines, 200);
    expect(packed.text.length).toBeLessThanOrEqual(200);
    expect(packed.text.endsWith(`…and ${100 - packed.shown} more`)).toBe(true);
    expect(packed.text.split('\n')).toHaveLength(packed.shown + 1);
  });

  it('counts items beyond the lines given and beyond maxLines', () => {
    expect(packLines(['a', 'b', 'c'], 1000, { maxLines: 2 }).text).toBe('a\nb\n…and 1 more');
    expect(packLines(['a'], 1000, { total: 40, moreLabel: (n) => `+${n}` }).text).toBe('a\n+39');
  });

  it('shows a first line that alone is too long, cut', () => {
    const packed = packLines(['x'.repeat(500), 'y'], 100);
    expect(packed.text.length).toBeLessThanOrEqual(100);
    expect(packed.text).toMatch(/…and 1 more$/);
  });
});

describe('fitMessage', () => {
  it('cuts a message with too many blocks to fifty, keeping the closing buttons and saying how many were cut', () => {
    const blocks: KnownBlock[] = [...Array.from({ length: 80 }, (_, i) => sectionOf(`row ${i}`)), { type: 'actions', elements: [buttonOf('shareInChannel')] }];
    const fitted = fitMessage({ text: 'many', blocks });
    expect(fitted.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(fitted.blocks[fitted.blocks.length - 1]).toMatchObject({ type: 'actions' });
    expect(JSON.stringify(fitted.blocks[fitted.blocks.length - 2])).toMatch(/32 more blocks not shown/);
    assertWithinSlackLimits(fitted);
  });

  it('keeps the whole message under the size budget', () => {
    const blocks = Array.from({ length: 30 }, () => sectionOf('z'.repeat(2900)));
    const fitted = fitMessage({ text: 'big', blocks });
    expect(JSON.stringify(fitted.blocks).length).toBeLessThanOrEqual(MESSAGE_BUDGET);
    expect(fitted.blocks.length).toBeGreaterThan(1);
    assertWithinSlackLimits(fitted);
  });

  it('enforces every per-block limit', () => {
    const fitted = fitMessage({
      text: '',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(400) } },
        sectionOf('s'.repeat(5000)),
        { type: 'section', fields: [mrkdwn('f'.repeat(2500)), ...Array.from({ length: 13 }, (_, i) => mrkdwn(`field ${i}`))] },
        { type: 'context', elements: Array.from({ length: 13 }, (_, i) => mrkdwn(`c${i}`)) },
        { type: 'section', block_id: 'b'.repeat(300), text: mrkdwn('long id') },
        { type: 'section', block_id: 'b'.repeat(300), text: mrkdwn('same id') },
        { type: 'section', text: mrkdwn('   ') },
        {
          type: 'actions',
          elements: [
            buttonOf('long', 't'.repeat(100), 'v'.repeat(2500)),
            ...Array.from({ length: 30 }, (_, i) => buttonOf(`a${i}`)),
            buttonOf('a0'),
          ],
        },
      ],
    });
    const json = JSON.parse(JSON.stringify(fitted.blocks));
    expect(json[0].text.text).toHaveLength(SLACK_LIMITS.headerText);
    expect(json[1].text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(json[2].fields).toHaveLength(10);
    expect(json[2].fields[0].text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    expect(json[2].fields[9].text).toBe('…and 5 more');
    expect(json[3].elements).toHaveLength(10);
    expect(json[3].elements[9].text).toBe('…and 4 more');
    expect(json[4].block_id).toHaveLength(255);
    expect(json[5].block_id).toBeUndefined();
    expect(json[6].text.text).toBe('—');
    expect(fitted.text).toBe('h'.repeat(149) + '…');
    const elements = json[json.length - 1].elements;
    expect(elements).toHaveLength(SLACK_LIMITS.actionsElements);
    expect(elements[0].text.text).toHaveLength(SLACK_LIMITS.buttonText);
    expect(elements[0].value).toHaveLength(SLACK_LIMITS.buttonValue);
    expect(new Set(elements.map((e: { action_id: string }) => e.action_id)).size).toBe(elements.length);
    assertWithinSlackLimits(fitted);
  });
});

describe('assertWithinSlackLimits', () => {
  it('catches what Slack would refuse and what would let data inject markup', () => {
    expect(slackLimitProblems({ text: '', blocks: [] })).toEqual(expect.arrayContaining(['text: no text fallback', 'blocks: none']));
    expect(slackLimitProblems({ text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toEqual([
      'blocks: 51 blocks > 50',
    ]);
    expect(slackLimitProblems({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })[0]).toMatch(/151 characters > 150/);
    expect(slackLimitProblems({ text: 'x', blocks: [{ type: 'actions', elements: [buttonOf('a'), buttonOf('a')] }] })[0]).toMatch(/duplicate action_id/);
    expect(slackLimitProblems({ text: '<!channel> hi', blocks: [{ type: 'divider' }] }).join()).toMatch(/broadcast|unescaped/);
    expect(slackLimitProblems({ text: 'x', blocks: [sectionOf('<https://evil.example|click>')] })).toEqual([]);
    expect(slackLimitProblems({ text: 'x', blocks: [sectionOf('<http://evil.example|click>')] }).join()).toMatch(/unescaped/);
    expect(slackLimitProblems({ text: 'x', blocks: [sectionOf('AT&T')] }).join()).toMatch(/bare &/);
    expect(slackLimitProblems({ text: 'x', blocks: [sectionOf('```open')] }).join()).toMatch(/unclosed code block/);
    expect(() => assertWithinSlackLimits({ text: 'x', blocks: Array.from({ length: 20 }, () => sectionOf('q'.repeat(2900))) })).toThrow(/characters of blocks/);
  });
});
