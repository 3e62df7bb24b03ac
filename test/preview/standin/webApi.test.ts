import { LogLevel, WebClient } from '@slack/web-api';

import { eventually } from '../../support/eventually';
import { startSlackStandIn, StandInOptionsError, type SlackStandIn, type StandInChange } from '../../../src/preview/standin';

const TOKEN = 'xoxb-web-api-test';
const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };
const ACME = { id: 'C0ACME0001', name: 'acme-data' };
const ALICE = { id: 'U0ALICE001', name: 'alice' };

type Answer = Record<string, unknown> & { ok: boolean; error?: string };

describe('Slack stand-in Web API', () => {
  let standIn: SlackStandIn;
  let client: WebClient;

  const callJson = async (method: string, body: unknown, token: string | null = TOKEN): Promise<Answer> => {
    const response = await fetch(`${standIn.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Answer;
  };
  const callForm = async (method: string, fields: Record<string, string>): Promise<Answer> => {
    const response = await fetch(`${standIn.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return (await response.json()) as Answer;
  };

  beforeEach(async () => {
    standIn = await startSlackStandIn({ signingSecret: 'secret-secret', botToken: TOKEN, channels: [OPS, ACME], users: [ALICE], usergroups: { S0OPSTEAM: [ALICE.id] } });
    client = new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  });

  afterEach(async () => {
    await standIn.close();
  });

  it('checks the token like Slack: missing, wrong, in the header or in a form field', async () => {
    expect(await callJson('auth.test', {}, null)).toEqual({ ok: false, error: 'not_authed' });
    expect(await callJson('auth.test', {}, 'xoxb-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await callForm('auth.test', { token: TOKEN })).toMatchObject({
      ok: true,
      team_id: standIn.teamId,
      user_id: standIn.botUserId,
      bot_id: standIn.botId,
    });
    expect(await callJson('chat.nonexistent', {})).toEqual({ ok: false, error: 'unknown_method' });
    expect(standIn.calls.map((call) => [call.method, call.error ?? 'ok'])).toEqual([
      ['auth.test', 'not_authed'],
      ['auth.test', 'invalid_auth'],
      ['auth.test', 'ok'],
      ['chat.nonexistent', 'unknown_method'],
    ]);
    expect(standIn.calls[2]?.args).toEqual({});
  });

  it('posts through WebClient (form bodies) and JSON alike, with increasing Slack timestamps', async () => {
    const first = await client.chat.postMessage({ channel: OPS.id, text: 'hello', blocks: [{ type: 'divider' }] });
    const second = await callJson('chat.postMessage', { channel: '#fivetran-ops', text: 'again' });
    const third = await client.chat.postMessage({ channel: 'fivetran-ops', text: 'third' });
    const stamps = [first.ts, second.ts, third.ts] as string[];
    for (const ts of stamps) expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    expect([...stamps].sort((a, b) => Number(a) - Number(b))).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
    expect(first.channel).toBe(OPS.id);
    expect(second.channel).toBe(OPS.id);
    expect(standIn.messages(OPS.id).map((message) => message.text)).toEqual(['hello', 'again', 'third']);
    // Recorded arguments read naturally: blocks decoded from the form's JSON text.
    expect(standIn.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: OPS.id, blocks: [{ type: 'divider' }] });
  });

  it('creates a channel named on first post but keeps channel_not_found for unknown ids', async () => {
    const created = await client.chat.postMessage({ channel: '#globex-alerts', text: 'first' });
    expect(created.channel).toMatch(/^C0AUTO/);
    expect(standIn.findChannel('globex-alerts')).toMatchObject({ id: created.channel, autoCreated: true });
    expect(await callJson('chat.postMessage', { channel: 'CNOTEXIST', text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await callJson('chat.postMessage', { channel: 'Has Spaces', text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await callJson('conversations.info', { channel: 'never-posted' })).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await callJson('conversations.info', { channel: ACME.name })).toMatchObject({ ok: true, channel: { id: ACME.id, name: ACME.name } });
    const list = await client.conversations.list({ limit: 2 });
    expect(list.channels?.map((channel) => channel.id)).toEqual([OPS.id, ACME.id]);
    const rest = await client.conversations.list({ cursor: list.response_metadata?.next_cursor ?? '' });
    expect(rest.channels?.map((channel) => channel.name)).toEqual(['globex-alerts']);
    expect(rest.response_metadata?.next_cursor).toBe('');
  });

  it('refuses what Slack refuses: no text, invalid blocks, too many blocks, long text', async () => {
    expect(await callJson('chat.postMessage', { channel: OPS.id })).toEqual({ ok: false, error: 'no_text' });
    expect(await callJson('chat.postMessage', { channel: OPS.id, blocks: { type: 'divider' } })).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
    });
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await callJson('chat.postMessage', { channel: OPS.id, blocks: tooMany })).toMatchObject({ error: 'invalid_blocks' });
    const longSection = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    expect(await callJson('chat.postMessage', { channel: OPS.id, blocks: longSection })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
    });
    const longHeader = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    expect(await callJson('chat.postMessage', { channel: OPS.id, blocks: longHeader })).toMatchObject({ error: 'invalid_blocks' });
    expect(await callForm('chat.postMessage', { token: TOKEN, channel: OPS.id, blocks: '[{"type":' })).toMatchObject({
      error: 'invalid_blocks_format',
    });
    expect(await callJson('chat.postMessage', { channel: OPS.id, text: 'x'.repeat(40_001) })).toEqual({ ok: false, error: 'msg_too_long' });
    await expect(client.chat.postMessage({ channel: OPS.id, text: '' })).rejects.toMatchObject({ data: { error: 'no_text' } });
    expect(standIn.messages(OPS.id)).toEqual([]);
  });

  it('keeps threads: replies, reply counts, replies to replies, history and conversations.replies', async () => {
    const parent = await client.chat.postMessage({ channel: OPS.id, text: 'parent' });
    const reply = await client.chat.postMessage({ channel: OPS.id, text: 'reply 1', thread_ts: parent.ts as string });
    await client.chat.postMessage({ channel: OPS.id, text: 'reply 2', thread_ts: reply.ts as string });
    expect(await callJson('chat.postMessage', { channel: OPS.id, text: 'x', thread_ts: '1.000001' })).toEqual({
      ok: false,
      error: 'thread_not_found',
    });

    const history = await client.conversations.history({ channel: OPS.id });
    expect(history.messages).toHaveLength(1);
    expect(history.messages?.[0]).toMatchObject({ text: 'parent', reply_count: 2, thread_ts: parent.ts, latest_reply: expect.any(String) });

    const thread = await client.conversations.replies({ channel: OPS.id, ts: parent.ts as string });
    expect(thread.messages?.map((message) => [message.text, message.thread_ts])).toEqual([
      ['parent', parent.ts],
      ['reply 1', parent.ts],
      ['reply 2', parent.ts],
    ]);
  });

  it('updates and deletes messages, and refuses to touch ephemeral ones', async () => {
    const posted = await client.chat.postMessage({ channel: OPS.id, text: 'v1', blocks: [{ type: 'divider' }] });
    const ts = posted.ts as string;
    const updated = await client.chat.update({ channel: OPS.id, ts, text: 'v2' });
    expect(updated).toMatchObject({ ok: true, channel: OPS.id, ts, text: 'v2' });
    // Blocks left out of chat.update are kept, as Slack keeps them; an empty array removes them.
    expect(standIn.message(OPS.id, ts)).toMatchObject({ text: 'v2', blocks: [{ type: 'divider' }], edited: expect.any(Object) });
    await client.chat.update({ channel: OPS.id, ts, text: 'v3', blocks: [] });
    expect(standIn.message(OPS.id, ts)?.blocks).toBeUndefined();
    expect(await callJson('chat.update', { channel: OPS.id, ts: '1700000000.000001', text: 'x' })).toEqual({
      ok: false,
      error: 'message_not_found',
    });

    const ephemeral = await client.chat.postEphemeral({ channel: OPS.id, user: ALICE.id, text: 'just you' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.message(OPS.id, ephemeral.message_ts as string)).toMatchObject({ ephemeralTo: ALICE.id });
    expect(await callJson('chat.update', { channel: OPS.id, ts: ephemeral.message_ts, text: 'x' })).toMatchObject({ error: 'message_not_found' });
    expect(await callJson('chat.postEphemeral', { channel: OPS.id, user: 'U0NOBODY01', text: 'x' })).toMatchObject({
      error: 'user_not_in_channel',
    });

    const link = await client.chat.getPermalink({ channel: OPS.id, message_ts: ts });
    expect(link.permalink).toBe(`${standIn.url}/archives/${OPS.id}/p${ts.replace('.', '')}`);

    expect(await client.chat.delete({ channel: OPS.id, ts })).toMatchObject({ ok: true, channel: OPS.id, ts });
    expect(standIn.message(OPS.id, ts)).toBeUndefined();
    expect(await callJson('chat.delete', { channel: OPS.id, ts })).toEqual({ ok: false, error: 'message_not_found' });
    expect(await callJson('chat.getPermalink', { channel: OPS.id, message_ts: ts })).toEqual({ ok: false, error: 'message_not_found' });
  });

  it('answers users.info for people and the bot', async () => {
    expect(await client.users.info({ user: ALICE.id })).toMatchObject({ ok: true, user: { id: ALICE.id, name: ALICE.name, is_bot: false } });
    expect(await client.users.info({ user: standIn.botUserId })).toMatchObject({ user: { is_bot: true } });
    expect(await callJson('users.info', { user: 'U0NOBODY01' })).toEqual({ ok: false, error: 'user_not_found' });
  });

  it('answers usergroups.users.list with the members a test defined, and changes them on demand', async () => {
    expect(await client.usergroups.users.list({ usergroup: 'S0OPSTEAM' })).toMatchObject({ ok: true, users: [ALICE.id] });
    standIn.setUsergroup('S0OPSTEAM', [ALICE.id, 'U0BOB00001']);
    expect(await client.usergroups.users.list({ usergroup: 'S0OPSTEAM' })).toMatchObject({ users: [ALICE.id, 'U0BOB00001'] });
    expect(await callJson('usergroups.users.list', { usergroup: 'S0NOBODY' })).toEqual({ ok: false, error: 'no_such_subteam' });
  });

  it('opens a modal only with a fresh trigger_id from an interaction', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Snooze' }, blocks: [{ type: 'divider' }] };
    expect(await callJson('views.open', { trigger_id: 'made.up', view })).toEqual({ ok: false, error: 'invalid_trigger_id' });
    const longTitle = { ...view, title: { type: 'plain_text', text: 'A title far longer than allowed' } };
    expect(await callJson('views.open', { trigger_id: 'made.up', view: longTitle })).toMatchObject({ error: 'invalid_arguments' });
    expect(standIn.views()).toEqual([]);
  });

  it('fails the next calls on demand, then recovers', async () => {
    standIn.failNext('conversations.info', { error: 'ratelimited' }, { times: 2 });
    standIn.failNext('*', { status: 500 });
    expect(await callJson('auth.test', {})).toEqual({ ok: false, error: 'internal_error' });
    expect(await callJson('conversations.info', { channel: OPS.id })).toEqual({ ok: false, error: 'ratelimited' });
    expect(await callJson('conversations.info', { channel: OPS.id })).toEqual({ ok: false, error: 'ratelimited' });
    expect(await callJson('conversations.info', { channel: OPS.id })).toMatchObject({ ok: true });
    const limited = await (async () => {
      standIn.failNext('auth.test', { status: 429, retryAfter: 30 });
      return fetch(`${standIn.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    })();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(standIn.callsTo('auth.test').map((call) => call.status)).toEqual([500, 429]);
    expect(() => standIn.failNext('auth.test', { status: 429, retryAfter: -1 })).toThrow(RangeError);
    expect(() => standIn.failNext('auth.test', { status: 500 }, { times: 0 })).toThrow(RangeError);
  });

  it('keeps message metadata, and returns it from history only when asked, paged newest first since oldest', async () => {
    const first = await client.chat.postMessage({ channel: OPS.id, text: 'one', metadata: { event_type: 'pulse_alert', event_payload: { claim: 'clm_1' } } });
    await client.chat.postMessage({ channel: OPS.id, text: 'two', metadata: { event_type: 'pulse_alert', event_payload: { claim: 'clm_2' } } });
    await client.chat.postMessage({ channel: OPS.id, text: 'three' });
    expect(await callJson('chat.postMessage', { channel: OPS.id, text: 'x', metadata: { event_type: 'pulse_alert' } })).toEqual({ ok: false, error: 'invalid_metadata_format' });

    const plain = await client.conversations.history({ channel: OPS.id });
    expect(plain.messages?.some((message) => 'metadata' in message)).toBe(false);
    const page1 = await client.conversations.history({ channel: OPS.id, include_all_metadata: true, limit: 2, oldest: String(Number(first.ts) - 1) });
    expect(page1.messages?.map((message) => [message.text, message.metadata?.event_payload])).toEqual([['three', undefined], ['two', { claim: 'clm_2' }]]);
    const page2 = await client.conversations.history({ channel: OPS.id, include_all_metadata: true, limit: 2, cursor: page1.response_metadata!.next_cursor! });
    expect(page2.messages?.map((message) => message.metadata)).toEqual([{ event_type: 'pulse_alert', event_payload: { claim: 'clm_1' } }]);
    expect(page2.has_more).toBe(false);
    const since = await client.conversations.history({ channel: OPS.id, include_all_metadata: true, oldest: first.ts! });
    expect(since.messages?.map((message) => message.text)).toEqual(['three', 'two']);
  });

  it('can carry a call out and lose its answer, or hold the answer until it closes, in one channel only', async () => {
    standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: ACME.name });
    await client.chat.postMessage({ channel: OPS.id, text: 'unaffected' });
    await expect(client.chat.postMessage({ channel: ACME.id, text: 'posted, answer lost' })).rejects.toThrow();
    expect(standIn.messages(ACME.id).map((message) => message.text)).toEqual(['posted, answer lost']);
    expect(standIn.callsTo('chat.postMessage').map((call) => [call.status, call.ok])).toEqual([[200, true], [0, true]]);

    standIn.failNext('chat.postMessage', { answer: 'hung', accepted: false }, { channel: ACME.id });
    standIn.failNext('chat.postMessage', { answer: 'hung' }, { channel: ACME.id });
    const neverDone = client.chat.postMessage({ channel: ACME.id, text: 'never carried out' });
    neverDone.catch(() => undefined);
    await eventually(() => standIn.callsTo('chat.postMessage').length === 3, undefined, 'the first hung call');
    const done = client.chat.postMessage({ channel: ACME.id, text: 'carried out, no answer' });
    done.catch(() => undefined);
    await eventually(() => standIn.callsTo('chat.postMessage').length === 4, undefined, 'the second hung call');
    expect(standIn.messages(ACME.id).map((message) => message.text)).toEqual(['posted, answer lost', 'carried out, no answer']);
    await standIn.close();
    await expect(done).rejects.toThrow();
    await expect(neverDone).rejects.toThrow();
  });

  it('answers malformed bodies instead of failing', async () => {
    const response = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{not json',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_json' });
    const unknown = await fetch(`${standIn.url}/nowhere`);
    expect(unknown.status).toBe(404);
  });

  it('tells listeners what changed', async () => {
    const changes: StandInChange[] = [];
    standIn.on('change', (change) => changes.push(change));
    const posted = await client.chat.postMessage({ channel: 'new-tenant', text: 'x' });
    await client.chat.update({ channel: posted.channel as string, ts: posted.ts as string, text: 'y' });
    await client.chat.delete({ channel: posted.channel as string, ts: posted.ts as string });
    expect(changes.map((change) => change.kind)).toEqual(['channel_created', 'message_posted', 'message_updated', 'message_deleted']);
  });

  it('refuses bad options with every problem listed', async () => {
    await expect(startSlackStandIn({ signingSecret: '', botToken: '', appRequestUrl: 'not a url' })).rejects.toThrow(StandInOptionsError);
    await expect(startSlackStandIn({ signingSecret: '', botToken: '' })).rejects.toThrow(/signingSecret is required; botToken is required/);
  });
});
