import { request } from 'node:http';
import type { StoredMessage } from '../../src/preview/standin';
import { signWebhookBody } from '../../src/live/webhookSignature';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { aLiveConnection } from '../support/liveFixtures';
import { MemoryFivetranApi } from '../support/memoryFivetranApi';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { messageText } from '../support/slackMessages';

/**
 * Fivetran's webhooks, end to end: signed deliveries over loopback HTTP to the real Slack app's
 * port, folded into live state, judged with the demo warehouse, and posted through the Slack stand-in.
 */

const SECRET = 'fivetran-webhook-secret';
const at = (minutes: number) => new Date(DEMO_NOW.getTime() + minutes * 60_000);

type Channel = { id: string; name: string };

interface Delivery {
  status: number;
  body: string;
}

/** POSTs raw bytes to the app, as Fivetran would; the signature is over exactly these bytes unless one is given. */
function deliver(pulse: Harness, body: string | Buffer, signature: string | null = signWebhookBody(body, SECRET)): Promise<Delivery> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: pulse.port, path: '/fivetran/webhook', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(signature === null ? {} : { 'X-Fivetran-Signature-256': signature }) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    // A refused body may be cut off while it is still being written: the answer is what counts.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
    req.end(body);
  });
}

function syncEnd(connectionId: string, name: string, created: Date, syncId: string, status: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    event: 'sync_end',
    created: created.toISOString(),
    connector_type: 'salesforce',
    connector_id: connectionId,
    connector_name: name,
    sync_id: syncId,
    destination_group_id: 'warehouse_us',
    data: { status, ...extra },
  });
}

function about(pulse: Harness, channel: Channel, name: string): StoredMessage[] {
  return pulse.standIn.messages(channel.id).filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && messageText(m).includes(name));
}

async function incidentOf(pulse: Harness, connectionId: string) {
  const incidents = await pulse.services.store.loadForRun(new Date(0));
  return incidents.filter((incident) => incident.fingerprint === `connection:${connectionId}`);
}

describe("Fivetran's webhooks reach Slack within seconds", () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  let api: MemoryFivetranApi;

  beforeAll(async () => {
    demo = await makeDemoFile();
    api = new MemoryFivetranApi();
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, live: { api, webhookSecret: SECRET, pollSeconds: 300 } });
    // The demo's own alerts are posted first, so what follows is only what the webhooks did.
    expect((await pulse.jobs.runAlerts())?.failures).toEqual([]);
    pulse.clock.now = at(2);
  });
  afterAll(async () => {
    await pulse?.stop();
    demo?.remove();
  });

  it("posts a signed sync_end FAILURE as one alert in the tenant's channel and the ops channel, and a later SUCCESSFUL resolves it", async () => {
    const connection = { id: 'calendar_elected', name: 'acme_salesforce' };
    expect(about(pulse, CHANNELS.ops, connection.name)).toEqual([]);

    const failure = syncEnd(connection.id, connection.name, at(1), 'sync-f1', 'FAILURE_WITH_TASK', { reason: 'java.lang.RuntimeException: INVALID_SESSION_ID', taskType: 'reconnect' });
    expect(await deliver(pulse, failure)).toEqual({ status: 200, body: '{"ok":true}' });

    const [ops] = await eventually(() => { const found = about(pulse, CHANNELS.ops, connection.name); return found.length > 0 && found; }, undefined, 'the alert in the ops channel');
    const [tenant] = await eventually(() => { const found = about(pulse, CHANNELS.acme, connection.name); return found.length > 0 && found; }, undefined, "the alert in acme's channel");
    for (const message of [ops, tenant]) expect(messageText(message)).toMatch(/Sync failed[\s\S]*INVALID_SESSION_ID/);
    await pulse.live?.running.webhooks?.idle();
    expect([about(pulse, CHANNELS.ops, connection.name).length, about(pulse, CHANNELS.acme, connection.name).length]).toEqual([1, 1]);
    expect((await incidentOf(pulse, connection.id)).map((incident) => incident.status)).toEqual(['open']);

    expect((await deliver(pulse, syncEnd(connection.id, connection.name, at(1.5), 'sync-s1', 'SUCCESSFUL'))).status).toBe(200);
    await pulse.live?.running.webhooks?.idle();
    await eventually(() => pulse.standIn.callsTo('chat.update').some((call) => call.ok && call.args.ts === ops?.ts), undefined, 'the alert edited as resolved');
    expect((await incidentOf(pulse, connection.id)).map((incident) => incident.status)).toEqual(['resolved']);
    expect(about(pulse, CHANNELS.ops, connection.name)).toHaveLength(1);
  });

  it('posts once for duplicated and reordered deliveries: an older success arriving late does not clear a newer failure', async () => {
    const connection = { id: 'gilded_lantern', name: 'acme_eu_pg' };
    const olderSuccess = syncEnd(connection.id, connection.name, at(0.5), 'sync-s0', 'SUCCESSFUL');
    const failure = syncEnd(connection.id, connection.name, at(1), 'sync-f2', 'FAILURE', { reason: 'FATAL: too many connections for role "fivetran"' });
    const answers = [await deliver(pulse, failure), await deliver(pulse, failure), await deliver(pulse, olderSuccess), await deliver(pulse, failure)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => (JSON.parse(a.body) as { duplicate?: boolean }).duplicate === true)).toEqual([false, true, false, true]);

    await eventually(() => about(pulse, CHANNELS.acmeEu, connection.name).length > 0, undefined, "the alert in acme_eu's channel");
    await pulse.live?.running.webhooks?.idle();
    expect([about(pulse, CHANNELS.ops, connection.name).length, about(pulse, CHANNELS.acmeEu, connection.name).length]).toEqual([1, 1]);
    expect((await incidentOf(pulse, connection.id)).map((incident) => incident.status)).toEqual(['open']);

    // Until the warehouse loads that sync, the connection's status says the two sources disagree, and where each fact came from.
    const { answer } = await pulse.command(`status ${connection.name}`, CHANNELS.ops);
    const said = JSON.stringify(answer);
    expect(said).toContain("The warehouse and Fivetran's live state disagree");
    expect(said).toContain("Fivetran's webhook says the last sync failed at");
    expect(said).toMatch(/Sources: warehouse loaded .*; webhook at /);
  });

  it("raises what a poll of Fivetran's API shows at once: a failure after the last success, a broken setup with its task", async () => {
    const failing = { id: 'tidy_quill', name: 'finance_sheets' };
    const broken = { id: 'placid_anchor', name: 'initech_zendesk' };
    api.connections = [
      aLiveConnection({ connectionId: failing.id, schema: failing.name, observedAt: at(2).toISOString(), succeededAt: at(-300).toISOString(), failedAt: at(1).toISOString() }),
      aLiveConnection({ connectionId: broken.id, schema: broken.name, observedAt: at(2).toISOString(), setupState: 'broken', tasks: [{ code: 'reconnect', message: 'Reconnect: the Zendesk token was revoked', details: null }] }),
    ];
    expect(await pulse.live?.running.poll.pollOnce()).toBe(true);
    // finance_sheets belongs to no tenant: the ops channel only.
    const [failed] = await eventually(() => { const found = about(pulse, CHANNELS.ops, failing.name); return found.length > 0 && found; }, undefined, 'the failure in the ops channel');
    expect(messageText(failed)).toContain('Sync failed');
    const incidents = await incidentOf(pulse, broken.id);
    expect(incidents.filter((incident) => incident.status === 'open').flatMap((incident) => incident.rules.filter((rule) => rule.clearedAt === null).map((rule) => rule.rule))).toEqual(
      expect.arrayContaining(['setup_broken', 'action_required']),
    );
    // The same reading again changes nothing, and posts nothing.
    const posts = pulse.standIn.callsTo('chat.postMessage').length;
    expect(await pulse.live?.running.poll.pollOnce()).toBe(true);
    expect(pulse.standIn.callsTo('chat.postMessage').length).toBe(posts);
  });

  it('refuses a forged signature with 401 and does nothing with it', async () => {
    const connection = { id: 'amber_falcon', name: 'initech_jira' };
    const body = syncEnd(connection.id, connection.name, at(1), 'sync-forged', 'FAILURE', { reason: 'forged' });
    const runsBefore = pulse.standIn.callsTo('chat.postMessage').length;
    expect((await deliver(pulse, body, signWebhookBody(body, 'not the secret'))).status).toBe(401);
    expect((await deliver(pulse, body, null)).status).toBe(401);
    expect((await deliver(pulse, body, signWebhookBody(`${body} `, SECRET))).status).toBe(401);
    await pulse.live?.running.webhooks?.idle();
    expect(pulse.live?.state.facts().has(connection.id)).toBe(false);
    expect(pulse.standIn.callsTo('chat.postMessage').length).toBe(runsBefore);
  });

  it("answers Fivetran's test payload with 200, an oversize body with 413 and a signed body that is not a webhook with 400", async () => {
    const test = '{"event":"test_event","created":"2026-11-20T09:00:00.000Z","connector_type":"_connector_type","connector_id":"_connector_1","group_id":"_destination_1"}';
    expect((await deliver(pulse, test)).status).toBe(200);
    expect((await deliver(pulse, JSON.stringify({ event: 'sync_end', padding: 'x'.repeat(100_000) }))).status).toBe(413);
    expect((await deliver(pulse, 'not json')).status).toBe(400);
    expect((await deliver(pulse, '{"event":"sync_end","created":"2026-11-20T09:00:00.000Z"}')).status).toBe(400);
    await pulse.live?.running.webhooks?.idle();
    expect(pulse.live?.state.facts().has('_connector_1')).toBe(false);
    // The app still answers after all that.
    expect((await deliver(pulse, test)).status).toBe(200);
  });
});
