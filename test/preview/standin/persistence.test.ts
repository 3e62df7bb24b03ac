import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { LogLevel, WebClient } from '@slack/web-api';

import { startSlackStandIn, type PersistenceProblem, type SlackStandIn, type SlackStandInOptions } from '../../../src/preview/standin';
import { tsToMicros } from '../../../src/preview/standin/messageTs';
import { eventually } from '../../support/eventually';

const TOKEN = 'xoxb-persistence-test';
const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };
const ACME = { id: 'C0ACME0001', name: 'acme-data' };
const GLOBEX = { id: 'C0GLOBEX01', name: 'globex-data' };
const ALICE = { id: 'U0ALICE001', name: 'alice' };

/**
 * The preview keeps its workspace in a file, so a restart shows the same Slack: the app's alert
 * state (in the warehouse) points at messages that must still be there. Without the option the
 * stand-in keeps nothing, as the tests want.
 */
describe('Slack stand-in: a workspace kept in a file', () => {
  let dir: string;
  let file: string;
  let clock: { now: number };
  let problems: PersistenceProblem[];
  const open: SlackStandIn[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pulse-workspace-'));
    file = path.join(dir, 'data', 'preview-workspace.json');
    clock = { now: Date.UTC(2026, 10, 20, 9, 0, 0) };
    problems = [];
  });

  afterEach(async () => {
    for (const standIn of open.splice(0)) await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(overrides: Partial<SlackStandInOptions> = {}): Promise<{ standIn: SlackStandIn; client: WebClient }> {
    const standIn = await startSlackStandIn({
      signingSecret: 'secret-secret',
      botToken: TOKEN,
      channels: [OPS, ACME],
      users: [ALICE],
      now: () => clock.now,
      persistence: { file, onProblem: (problem) => problems.push(problem) },
      ...overrides,
    });
    open.push(standIn);
    return { standIn, client: new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR }) };
  }

  async function stop(standIn: SlackStandIn): Promise<void> {
    open.splice(open.indexOf(standIn), 1);
    await standIn.close();
  }

  /** Everything a person sees in the preview: each channel's timeline with its threads. */
  function seen(standIn: SlackStandIn) {
    return standIn.channels().map((channel) => ({
      channel,
      timeline: standIn.timeline(channel.id),
      threads: standIn.messages(channel.id).map((message) => standIn.replies(channel.id, message.ts)),
    }));
  }

  function allTs(standIn: SlackStandIn): string[] {
    return seen(standIn).flatMap(({ timeline, threads }) => [
      ...timeline.map((entry) => entry.ts),
      ...timeline.flatMap((entry) => (entry.type === 'message' && entry.edited ? [entry.edited.ts] : [])),
      ...threads.flat().map((reply) => reply.ts),
    ]);
  }

  const micros = (ts: string) => tsToMicros(ts) as number;

  it('starts the next run with the same channels, messages, threads and edits', async () => {
    const first = await start();
    const alert = await first.client.chat.postMessage({ channel: ACME.id, text: 'hubspot_acme: no success for 10 h' });
    await first.client.chat.postMessage({ channel: ACME.id, thread_ts: alert.ts as string, text: 'Reminder: still firing' });
    clock.now += 60_000;
    await first.client.chat.update({ channel: ACME.id, ts: alert.ts as string, text: 'hubspot_acme: acknowledged by @alice' });
    await first.client.chat.postEphemeral({ channel: OPS.id, user: ALICE.id, text: 'Only you see this' });
    // A channel the app named in its configuration, created by its first post, keeps its id.
    const created = await first.client.chat.postMessage({ channel: 'initech-data', text: 'Posted to a new channel' });
    const before = seen(first.standIn);
    const beforeTs = allTs(first.standIn);
    await stop(first.standIn);
    expect(existsSync(file)).toBe(true);
    // Written under a temporary name and renamed: nothing else is left in the folder.
    expect(readdirSync(path.dirname(file))).toEqual(['preview-workspace.json']);

    // The machine's clock went back: new timestamps still come after every old one.
    clock.now -= 3_600_000;
    const second = await start({ channels: [OPS, ACME, GLOBEX] });
    expect(seen(second.standIn).slice(0, before.length)).toEqual(before);
    expect(second.standIn.findChannel('initech-data')?.id).toBe(created.channel);
    expect(second.standIn.channels().map((channel) => channel.name)).toEqual(['fivetran-ops', 'acme-data', 'initech-data', 'globex-data']);
    expect(second.standIn.message(ACME.id, alert.ts as string)).toMatchObject({ text: 'hubspot_acme: acknowledged by @alice', reply_count: 1, edited: { user: 'U0PULSEBOT' } });

    const newest = Math.max(...beforeTs.map(micros));
    const next = await second.client.chat.postMessage({ channel: ACME.id, text: 'A new alert' });
    const reply = await second.client.chat.postMessage({ channel: ACME.id, thread_ts: alert.ts as string, text: 'Another reminder' });
    const edit = await second.client.chat.update({ channel: ACME.id, ts: next.ts as string, text: 'A new alert, edited' });
    for (const ts of [next.ts, reply.ts, edit.ts] as string[]) expect(micros(ts)).toBeGreaterThan(newest);
    expect(micros(reply.ts as string)).toBeGreaterThan(micros(next.ts as string));
    const after = allTs(second.standIn);
    expect(new Set(after).size).toBe(after.length);
    // The old message still takes edits: the app acknowledges alerts it posted before the restart.
    await second.client.chat.update({ channel: ACME.id, ts: alert.ts as string, text: 'hubspot_acme: resolved' });
    expect(problems).toEqual([]);
  });

  it('saves a moment after a change, and at once on flush, without being closed', async () => {
    const { standIn, client } = await start({ persistence: { file, debounceMs: 60_000 } });
    await client.chat.postMessage({ channel: OPS.id, text: 'Saved by flush' });
    await standIn.flush();
    expect(readFileSync(file, 'utf8')).toContain('Saved by flush');

    const quick = await start({ persistence: { file: path.join(dir, 'quick.json'), debounceMs: 0 } });
    await quick.client.chat.postMessage({ channel: OPS.id, text: 'Saved after the debounce' });
    const quickFile = path.join(dir, 'quick.json');
    const saved = await eventually(
      () => {
        const text = existsSync(quickFile) ? readFileSync(quickFile, 'utf8') : '';
        return text.includes('Saved after the debounce') ? text : undefined;
      },
      undefined,
      'the debounced write',
    );
    expect(JSON.parse(saved)).toMatchObject({ version: 1 });
  });

  it.each([
    ['is not JSON', '{"version": 1, "channels": ['],
    ['is JSON of another shape', '{"version": 7, "messages": []}'],
    ['has a message without its timestamp', JSON.stringify({ version: 1, channels: [{ id: 'C1', name: 'x', created: 1, autoCreated: false, timeline: [{ type: 'message', text: 'hi' }], threads: {} }] })],
  ])('reports a file that %s, keeps it aside and starts empty', async (_what, content) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    const { standIn, client } = await start();
    expect(problems).toEqual([{ kind: 'unreadable', file, reason: expect.any(String), movedTo: expect.stringMatching(/preview-workspace\.json\.unreadable-/) }]);
    const movedTo = (problems[0] as { movedTo: string }).movedTo;
    expect(readFileSync(movedTo, 'utf8')).toBe(content);
    expect(standIn.channels().map((channel) => channel.id)).toEqual([OPS.id, ACME.id]);
    expect(standIn.messages(OPS.id)).toEqual([]);

    await client.chat.postMessage({ channel: OPS.id, text: 'A fresh start' });
    await stop(standIn);
    const again = await start();
    expect(again.standIn.messages(OPS.id).map((message) => message.text)).toEqual(['A fresh start']);
    expect(problems).toHaveLength(1);
  });

  it('reports a file it cannot write, once, and keeps working', async () => {
    // A folder where the temporary file goes: every write fails.
    mkdirSync(`${file}.${process.pid}.tmp`, { recursive: true });
    const { standIn, client } = await start();
    await client.chat.postMessage({ channel: OPS.id, text: 'Still posted' });
    await standIn.flush();
    await client.chat.postMessage({ channel: OPS.id, text: 'Posted again' });
    await standIn.flush();
    expect(standIn.messages(OPS.id).map((message) => message.text)).toEqual(['Still posted', 'Posted again']);
    expect(problems).toEqual([{ kind: 'write_failed', file, reason: expect.stringMatching(/EISDIR/) }]);
    expect(existsSync(file)).toBe(false);
  });

  it('starts over on reset: the configured channels, empty, saved at once; timestamps keep increasing', async () => {
    const { standIn, client } = await start({ persistence: { file, debounceMs: 60_000 } });
    const old = await client.chat.postMessage({ channel: OPS.id, text: 'Before the reset' });
    await client.chat.postMessage({ channel: 'initech-data', text: 'In a channel the app created' });
    const changes: string[] = [];
    standIn.on('change', (change) => changes.push(change.kind));
    await standIn.resetWorkspace();

    expect(changes).toEqual(['workspace_reset']);
    expect(standIn.channels().map((channel) => channel.id)).toEqual([OPS.id, ACME.id]);
    expect(standIn.timeline(OPS.id)).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      channels: [expect.objectContaining({ ...OPS, timeline: [], threads: {} }), expect.objectContaining({ ...ACME, timeline: [], threads: {} })],
    });
    const next = await client.chat.postMessage({ channel: OPS.id, text: 'After the reset' });
    expect(micros(next.ts as string)).toBeGreaterThan(micros(old.ts as string));
  });

  it('keeps nothing without the option', async () => {
    const { standIn, client } = await start({ persistence: undefined });
    await client.chat.postMessage({ channel: OPS.id, text: 'Forgotten' });
    await stop(standIn);
    const again = await start({ persistence: undefined });
    expect(again.standIn.messages(OPS.id)).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});
