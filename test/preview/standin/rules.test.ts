import { validateBlocks } from '../../../src/preview/standin/blockValidation';
import { readMessageContent } from '../../../src/preview/standin/messageContent';
import { createTsClock } from '../../../src/preview/standin/messageTs';
import { RESPONSE_URL_LIFETIME_MS, ResponseUrls } from '../../../src/preview/standin/responseUrls';
import { signSlackRequest } from '../../../src/preview/standin/signing';
import { TriggerRegistry } from '../../../src/preview/standin/triggers';
import { Workspace } from '../../../src/preview/standin/workspace';

const identity = { teamId: 'T1', teamName: 'Team', botUserId: 'UBOT', botId: 'BBOT', botName: 'pulse' };

function workspaceAt(clock: { now: number }) {
  return new Workspace(identity, [{ id: 'C0OPS00001', name: 'ops' }], [{ id: 'U1', name: 'alice' }], createTsClock(() => clock.now), () => clock.now);
}

describe('message timestamps', () => {
  it('are Slack-shaped and strictly increasing even when the clock stands still or goes back', () => {
    const clock = { now: 1_700_000_000_000 };
    const next = createTsClock(() => clock.now);
    const first = next();
    const second = next();
    clock.now -= 5000;
    const third = next();
    expect(first).toBe('1700000000.000000');
    expect(second).toBe('1700000000.000001');
    expect(third).toBe('1700000000.000002');
  });
});

describe('request signing', () => {
  it("matches Slack's documented example", () => {
    // The worked example from Slack's "Verifying requests from Slack" page.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

/** A table of `rows` rows of `cells` raw_text cells. */
function table(rows: number, cells: number) {
  return { type: 'table', rows: Array.from({ length: rows }, (_, r) => Array.from({ length: cells }, (_, c) => ({ type: 'raw_text', text: `${r}:${c}` }))) };
}

describe('block checks', () => {
  it('accepts a table at its limits: 100 rows of 20 cells, raw_text and rich_text', () => {
    const full = table(100, 20);
    full.rows[1]![0] = { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'x' }] }] } as never;
    expect(validateBlocks([{ ...full, column_settings: Array.from({ length: 20 }, () => ({ align: 'right', is_wrapped: true })) }]).ok).toBe(true);
  });

  it('accepts the blocks Pulse uses', () => {
    const result = validateBlocks([
      { type: 'header', text: { type: 'plain_text', text: 'Morning dashboard' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*ok*' }, fields: [{ type: 'mrkdwn', text: 'a' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'c' }, { type: 'image', image_url: 'https://x/y.png', alt_text: 'y' }] },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Ack' }, action_id: 'a', style: 'danger' },
          {
            type: 'button', text: { type: 'plain_text', text: 'Pause' }, action_id: 'p',
            confirm: { title: { type: 'plain_text', text: 'Pause?' }, text: { type: 'mrkdwn', text: '*x*' }, confirm: { type: 'plain_text', text: 'Pause' }, deny: { type: 'plain_text', text: 'Cancel' }, style: 'danger' },
          },
          { type: 'overflow', action_id: 'b', options: [{ text: { type: 'plain_text', text: 'x' }, value: 'x' }] },
        ],
      },
    ]);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a header in mrkdwn', [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }], '/blocks/0/text/type'],
    ['eleven fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }], '/blocks/0/fields'],
    ['a field over 2000 characters', [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }], '/blocks/0/fields/0/text'],
    ['a section with neither text nor fields', [{ type: 'section' }], '/blocks/0'],
    ['an empty text', [{ type: 'section', text: { type: 'mrkdwn', text: '' } }], '/blocks/0/text/text'],
    ['a button text over 75', [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }], '/blocks/0/elements/0/text/text'],
    ['a wrong button style', [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, style: 'green' }] }], '/blocks/0/elements/0/style'],
    ['an overflow with six options', [{ type: 'actions', elements: [{ type: 'overflow', options: Array.from({ length: 6 }, (_, i) => ({ text: { type: 'plain_text', text: `${i}` }, value: `${i}` })) }] }], '/blocks/0/elements/0/options'],
    ['a duplicate block_id', [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }], '/blocks/1/block_id'],
    ['two buttons with one action_id', [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: '1' } }, { type: 'button', action_id: 'a', text: { type: 'plain_text', text: '2' } }] }], '/blocks/0/elements/1/action_id'],
    ['an unknown block type', [{ type: 'banner' }], '/blocks/0/type'],
    ['a confirmation without a deny button', [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, confirm: { title: { type: 'plain_text', text: 't' }, text: { type: 'mrkdwn', text: 'x' }, confirm: { type: 'plain_text', text: 'Yes' } } }] }], '/blocks/0/elements/0/confirm/deny'],
    ['a confirmation text over 300', [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, confirm: { title: { type: 'plain_text', text: 't' }, text: { type: 'mrkdwn', text: 'x'.repeat(301) }, confirm: { type: 'plain_text', text: 'Yes' }, deny: { type: 'plain_text', text: 'No' } } }] }], '/blocks/0/elements/0/confirm/text/text'],
    ['an image without alt text', [{ type: 'image', image_url: 'https://x/y.png' }], '/blocks/0/alt_text'],
    ['a table of 101 rows', [table(101, 2)], '/blocks/0/rows'],
    ['a table row of 21 cells', [table(2, 21)], '/blocks/0/rows/0'],
    ['a second table in one message', [table(2, 2), table(2, 2)], '/blocks/1'],
    ['a table cell in mrkdwn', [{ type: 'table', rows: [[{ type: 'mrkdwn', text: 'x' }]] }], '/blocks/0/rows/0/0/type'],
    ['an empty raw_text cell', [{ type: 'table', rows: [[{ type: 'raw_text', text: '' }]] }], '/blocks/0/rows/0/0/text'],
    ['a table without rows', [{ type: 'table', rows: [] }], '/blocks/0/rows'],
    ['21 column settings', [{ ...table(1, 1), column_settings: Array.from({ length: 21 }, () => ({ align: 'left' })) }], '/blocks/0/column_settings'],
    ['a column aligned nowhere', [{ ...table(1, 1), column_settings: [{ align: 'middle' }] }], '/blocks/0/column_settings/0/align'],
    ['a markdown block over 12,000 characters', [{ type: 'markdown', text: 'm'.repeat(12_001) }], '/blocks/0/text'],
  ])('refuses %s', (_name, blocks, pointer) => {
    const result = validateBlocks(blocks);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.messages.join('\n')).toContain(`[json-pointer:${pointer}]`);
  });

  it('gives every block a block_id and every element an action_id, as Slack does', () => {
    const content = readMessageContent({
      blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' } }] }],
    });
    expect(content.ok && content.content.blocks?.[0]).toMatchObject({
      block_id: expect.any(String),
      elements: [{ action_id: expect.any(String) }],
    });
  });
});

describe('response_url', () => {
  const answer = { text: 'done' };

  it('takes five answers, then says used_url', () => {
    const clock = { now: 1_700_000_000_000 };
    const workspace = workspaceAt(clock);
    const urls = new ResponseUrls(() => clock.now);
    const id = urls.issue({ channel: 'C0OPS00001', user: 'U1' });
    const outcomes = Array.from({ length: 6 }, () => urls.apply(id, answer, workspace));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 200, 200, 200, 404]);
    expect(outcomes[5]).toMatchObject({ error: 'used_url' });
    expect(urls.apply('unknown', answer, workspace)).toMatchObject({ status: 404, error: 'no_service' });
  });

  it('expires after thirty minutes', () => {
    const clock = { now: 1_700_000_000_000 };
    const workspace = workspaceAt(clock);
    const urls = new ResponseUrls(() => clock.now);
    const id = urls.issue({ channel: 'C0OPS00001', user: 'U1' });
    clock.now += RESPONSE_URL_LIFETIME_MS + 1;
    expect(urls.apply(id, answer, workspace)).toMatchObject({ status: 404, error: 'expired_url' });
  });

  it('deletes the original, and refuses invalid blocks without using up the url', () => {
    const clock = { now: 1_700_000_000_000 };
    const workspace = workspaceAt(clock);
    const posted = workspace.post({ channel: 'C0OPS00001', content: { text: 'alert' }, user: 'UBOT', via: 'web_api' });
    if (!posted.ok) throw new Error('post failed');
    const urls = new ResponseUrls(() => clock.now);
    const id = urls.issue({ channel: 'C0OPS00001', user: 'U1', originalTs: posted.message.ts });
    expect(urls.apply(id, { blocks: 'nonsense' }, workspace)).toMatchObject({ status: 400, error: 'invalid_blocks_format' });
    expect(urls.apply(id, { delete_original: true }, workspace)).toMatchObject({ status: 200, ok: true });
    expect(workspace.history('C0OPS00001')).toEqual([]);
  });
});

describe('trigger ids', () => {
  it('work once, within three seconds', () => {
    const clock = { now: 0 };
    const triggers = new TriggerRegistry(() => clock.now);
    const fresh = triggers.issue();
    expect(triggers.use(fresh)).toBe('ok');
    expect(triggers.use(fresh)).toBe('exchanged_trigger_id');
    const late = triggers.issue();
    clock.now += 3001;
    expect(triggers.use(late)).toBe('expired_trigger_id');
    expect(triggers.use(42)).toBe('invalid_trigger_id');
  });
});
