import path from 'node:path';

import { startSlackStandIn, type SlackStandIn } from '../../../src/preview/standin';
import { resolveWebFolder } from '../../../src/preview/standin/previewRoutes';
import { BOT_TOKEN, SIGNING_SECRET, eventually, startMinimalBoltApp, type MinimalApp } from '../support/minimalBoltApp';

const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };

describe('preview routes of the Slack stand-in', () => {
  let standIn: SlackStandIn;

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${standIn.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    standIn = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: [OPS] });
  });

  afterEach(async () => {
    await standIn.close();
  });

  it('serves the page and its files, and nothing outside its folder', async () => {
    const page = await fetch(`${standIn.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/static/app.js');
    for (const file of ['app.js', 'mrkdwn.js', 'blocks.js', 'styles.css']) {
      expect((await fetch(`${standIn.url}/static/${file}`)).status).toBe(200);
    }
    expect((await fetch(`${standIn.url}/static/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${standIn.url}/static/missing.js`)).status).toBe(404);
  });

  it('finds the page files from the source folder and from a compiled build folder', () => {
    const source = path.resolve(__dirname, '../../../src/preview/web');
    expect(resolveWebFolder(path.resolve(__dirname, '../../../src/preview/standin'))).toBe(source);
    expect(resolveWebFolder(path.resolve(__dirname, '../../../dist/preview/standin'))).toBe(source);
  });

  it('reports the workspace, channels and jobs', async () => {
    standIn.setJobs({ runDashboard: async () => undefined, custom: { label: 'Rebuild caches', run: async () => undefined } });
    const state = (await (await fetch(`${standIn.url}/preview/state`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({
      me: standIn.defaultUserId,
      bot: { id: standIn.botUserId },
      channels: [{ id: OPS.id, name: OPS.name, messageCount: 0 }],
      jobs: [
        { name: 'runDashboard', label: 'Run morning dashboard now' },
        { name: 'custom', label: 'Rebuild caches' },
      ],
      appConnected: false,
    });
  });

  it('runs jobs and reports their failures', async () => {
    let runs = 0;
    standIn.setJobs({
      runAlerts: async () => {
        runs += 1;
      },
      runDashboard: async () => {
        throw new Error('warehouse unreachable');
      },
    });
    expect((await post('/preview/jobs/runAlerts', {})).status).toBe(200);
    expect(runs).toBe(1);
    const failed = await post('/preview/jobs/runDashboard', {});
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ ok: false, error: 'runDashboard failed: warehouse unreachable' });
    expect((await post('/preview/jobs/nothing', {})).status).toBe(404);
  });

  it('refuses cross-origin and non-JSON posts', async () => {
    standIn.setJobs({ runAlerts: async () => undefined });
    expect((await post('/preview/jobs/runAlerts', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const form = await fetch(`${standIn.url}/preview/jobs/runAlerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(form.status).toBe(415);
  });

  it('sends a typed command through the stand-in and echoes it in the channel', async () => {
    const bolt: MinimalApp = await startMinimalBoltApp({ standIn });
    try {
      const result = await post('/preview/command', { channelId: OPS.id, text: '/fivetran status' });
      expect(await result.json()).toEqual({ ok: true, status: 200, body: '', via: 'http' });
      await eventually(() => standIn.timeline(OPS.id).length === 2, 'the echo and the answer');
      expect(standIn.timeline(OPS.id)[0]).toMatchObject({ type: 'command', text: '/fivetran status', user: standIn.defaultUserId });
      const channel = (await (await fetch(`${standIn.url}/preview/channels/${OPS.id}`)).json()) as { entries: unknown[] };
      expect(channel.entries).toHaveLength(2);
    } finally {
      await bolt.stop();
    }
    expect((await post('/preview/command', { channelId: OPS.id, text: 'hello' })).status).toBe(400);
    expect((await post('/preview/command', { channelId: 'CNOPE', text: '/fivetran' })).status).toBe(404);
    const unreachable = await post('/preview/command', { channelId: OPS.id, text: '/fivetran status' });
    expect(unreachable.status).toBe(502);
    expect(await unreachable.json()).toMatchObject({ error: expect.stringContaining('no app to deliver to') });
  });

  it('streams changes as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${standIn.url}/preview/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: OPS.id, text: 'hi' }),
    });
    let text = '';
    while (!text.includes('message_posted')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toMatch(/event: change\ndata: \{"kind":"message_posted","channel":"C0OPS00001","ts":"\d+\.\d{6}"\}/);
    controller.abort();
  });

  it('redirects permalinks to the message in the page', async () => {
    const response = await fetch(`${standIn.url}/archives/${OPS.id}/p1700000000000100`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/#/${OPS.id}/1700000000.000100`);
  });
});
