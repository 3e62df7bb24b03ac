import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { tsToMicros } from '../../src/preview/standin/messageTs';
import { freePort, getJson, newUserEnv, postJson, startServer, waitFor, type ServerProcess } from '../support/pulseProcess';

/**
 * The try-it path, twice: `npm start` as a new user, alerts run, the server stopped, and started
 * again on the same data folder. Pulse's alert state lives in the DuckDB file; the preview's
 * workspace lives beside it, so the second start shows the same Slack: the alerts are still there,
 * their buttons still work, and "Run alerts now" has nothing new to post. Reset demo starts over.
 */

const STARTUP_MS = 120_000;
/** How long an answer or a log line may take before the test gives up: generous, since it only bounds a failure. */
const EVENT_MS = 60_000;

interface Entry {
  type: string;
  ts: string;
  text?: string;
  ephemeralTo?: string;
  blocks?: unknown[];
  edited?: { ts: string };
  replies?: Entry[];
}

interface Channel {
  id: string;
  name: string;
}

const hasAction = (entry: Entry, actionId: string) => JSON.stringify(entry.blocks ?? []).includes(`"action_id":"${actionId}"`);
const micros = (ts: string) => tsToMicros(ts) as number;

describe('npm start, stopped and started again on the same data folder', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess | undefined;
  let previewUrl: string;
  let channels: Channel[];
  let before: Map<string, Entry[]>;

  const printed = () => server?.printed() ?? '';
  const entries = async (channel: Channel) => (await getJson(`${previewUrl}/preview/channels/${channel.id}`)).body.entries as Entry[];
  const channelNamed = (name: string) => channels.find((channel) => channel.name === name) as Channel;
  /** What every channel shows, top-level messages and command echoes with their thread replies. */
  async function everything(): Promise<Map<string, Entry[]>> {
    const seen = new Map<string, Entry[]>();
    for (const channel of channels) seen.set(channel.name, await entries(channel));
    return seen;
  }
  const alertsIn = (seen: Map<string, Entry[]>) =>
    [...seen.values()].flat().filter((entry) => entry.type === 'message' && entry.ephemeralTo === undefined && (hasAction(entry, 'acknowledgeAlert') || hasAction(entry, 'acknowledgeGroup')));

  async function start(): Promise<void> {
    server = startServer(env, { cwd: dir });
    previewUrl = await server.previewUrl(STARTUP_MS);
    channels = (await getJson(`${previewUrl}/preview/state`)).body.channels as Channel[];
  }

  async function stop(): Promise<void> {
    const exit = await server!.stop(EVENT_MS);
    expect(exit).toEqual({ code: 0, signal: null });
    server = undefined;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pulse-restart-'));
    const port = await freePort();
    let previewPort = await freePort();
    while (previewPort === port) previewPort = await freePort();
    // Nothing configured, in a folder of its own: the default ./data/pulse.duckdb, as a new user gets it.
    env = newUserEnv({
      PORT: String(port),
      PREVIEW_PORT: String(previewPort),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    await server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('first start: runs the alerts and answers a command, then stops', async () => {
    await start();
    const ran = await postJson(`${previewUrl}/preview/jobs/runAlerts`, {});
    expect(ran).toEqual({ status: 200, body: { ok: true } });
    const ops = channelNamed('fivetran-ops');
    await postJson(`${previewUrl}/preview/command`, { channelId: ops.id, text: '/fivetran status' });
    await waitFor(async () => ((await entries(ops)).some((entry) => entry.ephemeralTo !== undefined) ? true : undefined), 'the answer to /fivetran status', EVENT_MS, printed);
    before = await everything();
    expect(alertsIn(before).length).toBeGreaterThan(1);
    expect(before.get('acme-data')?.some((entry) => hasAction(entry, 'acknowledgeAlert'))).toBe(true);
    await stop();
    expect(existsSync(path.join(dir, 'data', 'preview-workspace.json'))).toBe(true);
  }, STARTUP_MS + 3 * EVENT_MS);

  it('second start: the same channels show the same messages, and running the alerts again posts nothing new', async () => {
    await start();
    expect(channels.map((channel) => channel.name)).toEqual([...before.keys()]);
    expect(await everything()).toEqual(before);
    const ran = await postJson(`${previewUrl}/preview/jobs/runAlerts`, {});
    expect(ran).toEqual({ status: 200, body: { ok: true } });
    expect(alertsIn(await everything())).toHaveLength(alertsIn(before).length);
  }, STARTUP_MS + 2 * EVENT_MS);

  it('acknowledges an alert posted before the restart: the message changes in place', async () => {
    const acme = channelNamed('acme-data');
    const alert = (before.get('acme-data') ?? []).find((entry) => hasAction(entry, 'acknowledgeAlert')) as Entry;
    const clicked = await postJson(`${previewUrl}/preview/actions`, { channelId: acme.id, messageTs: alert.ts, actionId: 'acknowledgeAlert' });
    expect(clicked).toEqual({ status: 200, body: expect.objectContaining({ ok: true, status: 200 }) });
    const acknowledged = await waitFor(
      async () => (await entries(acme)).find((entry) => entry.ts === alert.ts && JSON.stringify(entry).includes('Acknowledged by')),
      'the acknowledged alert',
      EVENT_MS,
      printed,
    );
    expect(hasAction(acknowledged, 'acknowledgeAlert')).toBe(false);
    // The edit's timestamp comes after everything the first run handed out.
    const newest = Math.max(...[...before.values()].flat().flatMap((entry) => [entry.ts, ...(entry.replies ?? []).map((reply) => reply.ts)]).map(micros));
    expect(micros(acknowledged.edited?.ts ?? '0.000000')).toBeGreaterThan(newest);
  }, 2 * EVENT_MS);

  it('Reset demo starts over: every channel empty, and the alerts are posted anew', async () => {
    const reset = await postJson(`${previewUrl}/preview/jobs/resetDemo`, {});
    expect(reset).toEqual({ status: 200, body: { ok: true } });
    expect([...(await everything()).values()].flat()).toEqual([]);
    const saved = JSON.parse(readFileSync(path.join(dir, 'data', 'preview-workspace.json'), 'utf8')) as { channels: Array<{ timeline: unknown[] }> };
    expect(saved.channels.flatMap((channel) => channel.timeline)).toEqual([]);

    const ran = await postJson(`${previewUrl}/preview/jobs/runAlerts`, {});
    expect(ran).toEqual({ status: 200, body: { ok: true } });
    const after = await everything();
    expect(alertsIn(after)).toHaveLength(alertsIn(before).length);
    // Nothing is acknowledged any more: Pulse forgot the acknowledgement with the rest of its state.
    expect(JSON.stringify([...after.values()])).not.toContain('Acknowledged by');
    await stop();
  }, 4 * EVENT_MS);

  it('a new demo warehouse starts with an empty preview: the old messages speak of alerts it never had', async () => {
    rmSync(path.join(dir, 'data', 'pulse.duckdb'));
    rmSync(path.join(dir, 'data', 'pulse.duckdb.wal'), { force: true });
    await start();
    expect(server!.output.json.some((line) => /the warehouse is new, so the local Slack preview starts with empty channels/.test(line.msg ?? ''))).toBe(true);
    expect([...(await everything()).values()].flat()).toEqual([]);
    await stop();
  }, STARTUP_MS + 2 * EVENT_MS);
});
