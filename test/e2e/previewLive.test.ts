import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startFivetranStandIn, type FivetranStandIn } from '../../src/preview/fivetran';
import { WEBHOOK_PATH } from '../../src/live/webhookReceiver';
import { freePort, getJson, newUserEnv, postJson, startServer, waitFor, type ServerProcess } from '../support/pulseProcess';

/**
 * Live state through the real server process: `npm start` with no Slack app. Without an API key the
 * preview runs its own Fivetran stand-in, seeded from the demo, and its page's "Fail a sync" makes
 * the stand-in send a signed sync_end FAILURE_WITH_TASK to the app; with a key, the server polls and
 * takes webhooks from the Fivetran API it is given (here a stand-in the test runs). Either way the
 * failure becomes one alert in the tenant's channel and one in the ops channel, read through the
 * preview's own HTTP API.
 */

const STARTUP_MS = 120_000;
/** Bounds a failure only: the alert comes in seconds. */
const EVENT_MS = 60_000;

interface Entry {
  type: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  ephemeralTo?: string;
  blocks?: unknown[];
  replies?: Entry[];
}
interface Channel {
  id: string;
  name: string;
}
interface JobControl {
  name: string;
  label: string;
  choices?: Array<{ value: string; label: string }>;
}

async function serverEnv(extra: Record<string, string>): Promise<{ env: NodeJS.ProcessEnv; dir: string; port: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-live-'));
  const port = await freePort();
  let previewPort = await freePort();
  while (previewPort === port) previewPort = await freePort();
  return { dir, port, env: newUserEnv({ PORT: String(port), PREVIEW_PORT: String(previewPort), LOG_FORMAT: 'json', LOG_LEVEL: 'info', SCHEDULER_ENABLED: 'false', ...extra }) };
}

function previewReader(previewUrl: string) {
  const entries = async (channel: Channel) => (await getJson(`${previewUrl}/preview/channels/${channel.id}`)).body.entries as Entry[];
  /** Top-level messages everyone sees that name the connection. */
  const about = async (channel: Channel, name: string) =>
    (await entries(channel)).filter((entry) => entry.type === 'message' && entry.ephemeralTo === undefined && JSON.stringify(entry).includes(name));
  return { entries, about };
}

describe('npm start with live state', () => {
  let server: ServerProcess | undefined;
  let dir: string | undefined;
  let fivetran: FivetranStandIn | undefined;
  const printed = () => server?.printed() ?? '';

  afterEach(async () => {
    await server?.kill();
    server = undefined;
    await fivetran?.close();
    fivetran = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("runs the preview's Fivetran stand-in without an API key: its page fails a sync and the alert reaches the tenant's channel and the ops channel", async () => {
    const started = await serverEnv({});
    dir = started.dir;
    server = startServer(started.env, { cwd: dir });
    const previewUrl = await server.previewUrl(STARTUP_MS);
    const { about, entries } = previewReader(previewUrl);

    // The page's job area: a "Fail a sync" control with the connections to choose from, and what live state it follows.
    const state = await waitFor(
      async () => {
        const body = (await getJson(`${previewUrl}/preview/state`)).body as { jobs: JobControl[]; jobNotes: string[]; channels: Channel[] };
        return body.jobNotes.some((note) => /last poll/.test(note)) ? body : undefined;
      },
      'the first poll of the stand-in shown on the page',
      EVENT_MS,
      printed,
    );
    expect(state.jobNotes).toEqual([expect.stringMatching(/^Fivetran API \(stand-in\): \d+ connections, last poll \d\d:\d\d$/)]);
    const failSync = state.jobs.find((job) => job.name === 'failSync');
    expect(failSync?.label).toBe('Fail a sync');
    // The default is a connection of a tenant with its own channel.
    const chosen = failSync?.choices?.[0];
    expect(chosen?.label).toMatch(/^\w+ \(.+\)$/);
    const name = (chosen?.label ?? '').replace(/ \(.*\)$/, '');
    const ops = state.channels.find((channel) => channel.name === 'fivetran-ops') as Channel;

    // Only what the failure adds counts (the first poll posts nothing: the stand-in was seeded from the warehouse).
    const opsBefore = (await about(ops, name)).length;
    expect(await postJson(`${previewUrl}/preview/jobs/failSync`, { choice: chosen?.value })).toEqual({ status: 200, body: { ok: true } });
    const opsAlert = await waitFor(async () => ((await about(ops, name)).length > opsBefore ? (await about(ops, name)).at(-1) : undefined), 'the alert in the ops channel', EVENT_MS, printed);
    expect(JSON.stringify(opsAlert)).toMatch(/Sync failed/);
    const tenantChannels = state.channels.filter((channel) => channel.name !== 'fivetran-ops');
    const tenantAlert = await waitFor(
      async () => {
        for (const channel of tenantChannels) {
          const found = await about(channel, name);
          if (found.some((entry) => /Sync failed/.test(JSON.stringify(entry)))) return { channel: channel.name, count: found.length };
        }
        return undefined;
      },
      "the alert in the tenant's channel",
      EVENT_MS,
      printed,
    );
    expect(tenantAlert.count).toBe(1);
    expect(opsBefore).toBe(0);
    expect(await about(ops, name)).toHaveLength(1);
    expect(server.output.json.some((line) => line.msg === 'Fivetran webhook received' && line.status === 'FAILURE_WITH_TASK')).toBe(true);

    // The person at the page is the ops team here: Sync now on the tenant's alert reaches the stand-in and is noted in its thread.
    const tenantChannel = tenantChannels.find((channel) => channel.name === tenantAlert.channel) as Channel;
    const alert = (await about(tenantChannel, name)).find((entry) => /Sync failed/.test(JSON.stringify(entry))) as Entry;
    const syncNow = await postJson(`${previewUrl}/preview/actions`, { channelId: tenantChannel.id, messageTs: alert.ts, actionId: 'syncConnection' });
    expect(syncNow).toEqual({ status: 200, body: expect.objectContaining({ ok: true }) as unknown });
    const note = await waitFor(
      async () => (await entries(tenantChannel)).find((entry) => entry.ts === alert.ts)?.replies?.find((reply) => /Sync started by/.test(reply.text ?? '')),
      'the Sync now note in the alert thread',
      EVENT_MS,
      printed,
    );
    expect(note.text).toMatch(/Sync started by <@U0PREVIEW1>/);

    // A connection that is not on the list is refused with a reason, not a crash.
    const refused = await postJson(`${previewUrl}/preview/jobs/failSync`, { choice: 'no_such_connection' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('no choice "no_such_connection"');
  }, STARTUP_MS + 4 * EVENT_MS);

  it("with FIVETRAN_API_KEY, polls the Fivetran API it is given and takes its signed sync_end FAILURE as one alert in the tenant's and the ops channel", async () => {
    fivetran = await startFivetranStandIn({
      apiKey: 'test-key',
      apiSecret: 'test-secret',
      allowHttpWebhooks: true,
      connections: [{ id: 'calendar_elected', groupId: 'warehouse_us', service: 'salesforce', schema: 'acme_salesforce' }],
    });
    const secret = 'webhook-secret-for-this-test';
    const started = await serverEnv({ FIVETRAN_API_KEY: 'test-key', FIVETRAN_API_SECRET: 'test-secret', FIVETRAN_API_URL: fivetran.url, FIVETRAN_WEBHOOK_SECRET: secret });
    dir = started.dir;
    server = startServer(started.env, { cwd: dir });
    const previewUrl = await server.previewUrl(STARTUP_MS);
    const { about } = previewReader(previewUrl);
    // The server polls the API it was given, not a stand-in of its own.
    await waitFor(() => (fivetran!.requestCount({ route: 'list' }) > 0 ? true : undefined), 'the first poll', EVENT_MS, printed);
    const state = (await getJson(`${previewUrl}/preview/state`)).body as { jobs: JobControl[]; jobNotes: string[]; channels: Channel[] };
    expect(state.jobs.map((job) => job.name)).not.toContain('failSync');
    const ops = state.channels.find((channel) => channel.name === 'fivetran-ops') as Channel;
    const acme = state.channels.find((channel) => channel.name === 'acme-data') as Channel;
    expect([await about(ops, 'acme_salesforce'), await about(acme, 'acme_salesforce')]).toEqual([[], []]);

    fivetran.addWebhook({ url: `http://127.0.0.1:${started.port}${WEBHOOK_PATH}`, secret });
    fivetran.duplicateDeliveries(2);
    fivetran.failSync('calendar_elected', { reason: 'java.lang.RuntimeException: INVALID_SESSION_ID' });
    await fivetran.deliveriesSettled();
    expect(fivetran.deliveries.filter((delivery) => delivery.event === 'sync_end').map((delivery) => delivery.status)).toEqual([200, 200]);

    const [opsAlert] = await waitFor(async () => { const found = await about(ops, 'acme_salesforce'); return found.length > 0 ? found : undefined; }, 'the alert in the ops channel', EVENT_MS, printed);
    const [acmeAlert] = await waitFor(async () => { const found = await about(acme, 'acme_salesforce'); return found.length > 0 ? found : undefined; }, "the alert in acme's channel", EVENT_MS, printed);
    for (const alert of [opsAlert, acmeAlert]) expect(JSON.stringify(alert)).toMatch(/Sync failed[\s\S]*INVALID_SESSION_ID/);
    // Delivered twice, posted once.
    await waitFor(() => (server!.output.json.some((line) => line.msg === 'Fivetran webhook received') ? true : undefined), 'the webhook in the log', EVENT_MS, printed);
    expect([(await about(ops, 'acme_salesforce')).length, (await about(acme, 'acme_salesforce')).length]).toEqual([1, 1]);
  }, STARTUP_MS + 4 * EVENT_MS);
});
