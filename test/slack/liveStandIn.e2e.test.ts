import { FivetranApiClient } from '../../src/live/fivetranApiClient';
import { WEBHOOK_PATH } from '../../src/live/webhookReceiver';
import { startFivetranStandIn, type FivetranStandIn } from '../../src/preview/fivetran';
import type { StoredMessage } from '../../src/preview/standin';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { manualClock, type ManualClock } from '../support/manualClock';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { messageText } from '../support/slackMessages';

/**
 * Live state with nothing in memory standing in: Pulse's own FivetranApiClient polls the Fivetran
 * stand-in over loopback HTTP, and the stand-in delivers signed webhooks (duplicated, reordered,
 * forged) to the real Slack app's port; alerts go through the Slack stand-in. The stand-in's clock
 * and the client's waits are the test's, so a Retry-After is waited out without waiting.
 */

const SECRET = 'fivetran-webhook-secret';
const at = (minutes: number) => new Date(DEMO_NOW.getTime() + minutes * 60_000);

type Channel = { id: string; name: string };

function about(pulse: Harness, channel: Channel, name: string): StoredMessage[] {
  return pulse.standIn.messages(channel.id).filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && messageText(m).includes(name));
}

async function incidentOf(pulse: Harness, connectionId: string) {
  const incidents = await pulse.services.store.loadForRun(new Date(0));
  return incidents.filter((incident) => incident.fingerprint === `connection:${connectionId}`);
}

const CONNECTIONS = [
  { id: 'calendar_elected', schema: 'acme_salesforce', service: 'salesforce' },
  { id: 'gilded_lantern', schema: 'acme_eu_pg', service: 'postgres' },
  { id: 'tidy_quill', schema: 'finance_sheets', service: 'google_sheets' },
  { id: 'amber_falcon', schema: 'initech_jira', service: 'jira' },
].map((connection) => ({ ...connection, groupId: 'warehouse_us' }));

describe("Fivetran's API and webhooks, from the stand-in to Slack", () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  let fivetran: FivetranStandIn;
  let clock: ManualClock;
  const waits: number[] = [];

  beforeAll(async () => {
    demo = await makeDemoFile();
    clock = manualClock(at(1).getTime());
    fivetran = await startFivetranStandIn({ apiKey: 'key', apiSecret: 'secret', clock, connections: CONNECTIONS, allowHttpWebhooks: true });
    // The client waits on the test's clock: a wait moves it on at once, as if that long had passed.
    const api = new FivetranApiClient({
      apiUrl: fivetran.url,
      apiKey: 'key',
      apiSecret: 'secret',
      budgetShare: 0.5,
      clock,
      sleep: async (ms) => {
        waits.push(ms);
        await clock.advance(ms);
      },
    });
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, live: { api, webhookSecret: SECRET, pollSeconds: 300 } });
    // The demo's own alerts are posted first, so what follows is only what live state did.
    expect((await pulse.jobs.runAlerts())?.failures).toEqual([]);
    pulse.clock.now = at(5);
    await eventually(() => fivetran.requestCount({ route: 'list' }) > 0, undefined, 'the first poll');
  });
  afterAll(async () => {
    await pulse?.stop();
    await fivetran?.close();
    demo?.remove();
  });

  it('refuses deliveries signed with another secret: 401 to Fivetran, and nothing posted or remembered', async () => {
    const forged = fivetran.addWebhook({ url: `http://127.0.0.1:${pulse.port}${WEBHOOK_PATH}`, secret: 'not the secret' });
    const posts = pulse.standIn.callsTo('chat.postMessage').length;
    fivetran.failSync('amber_falcon', { status: 'FAILURE', reason: 'forged' });
    await fivetran.deliveriesSettled();
    const sent = fivetran.deliveries.filter((delivery) => delivery.webhookId === forged.id);
    expect(sent.map((delivery) => [delivery.event, delivery.status])).toEqual([
      ['sync_start', 401],
      ['sync_end', 401],
    ]);
    await pulse.live?.running.webhooks?.idle();
    expect(pulse.live?.state.facts().get('amber_falcon')?.webhookAt ?? null).toBeNull();
    expect(pulse.standIn.callsTo('chat.postMessage').length).toBe(posts);
    // From here on, the app's own webhook, with the right secret.
    fivetran.addWebhook({ url: `http://127.0.0.1:${pulse.port}${WEBHOOK_PATH}`, secret: SECRET });
  });

  it("posts a signed sync_end FAILURE_WITH_TASK from the stand-in as one alert in the tenant's channel and the ops channel, and a later success resolves it", async () => {
    const connection = { id: 'calendar_elected', name: 'acme_salesforce' };
    expect(about(pulse, CHANNELS.ops, connection.name)).toEqual([]);
    fivetran.failSync(connection.id, { reason: 'java.lang.RuntimeException: INVALID_SESSION_ID' });
    await fivetran.deliveriesSettled();

    const [ops] = await eventually(() => { const found = about(pulse, CHANNELS.ops, connection.name); return found.length > 0 && found; }, undefined, 'the alert in the ops channel');
    const [tenant] = await eventually(() => { const found = about(pulse, CHANNELS.acme, connection.name); return found.length > 0 && found; }, undefined, "the alert in acme's channel");
    for (const message of [ops, tenant]) expect(messageText(message)).toMatch(/Sync failed[\s\S]*INVALID_SESSION_ID/);
    await pulse.live?.running.webhooks?.idle();
    expect([about(pulse, CHANNELS.ops, connection.name).length, about(pulse, CHANNELS.acme, connection.name).length]).toEqual([1, 1]);
    expect((await incidentOf(pulse, connection.id)).map((incident) => incident.status)).toEqual(['open']);

    await clock.advance(30_000);
    fivetran.finishSync(connection.id);
    await fivetran.deliveriesSettled();
    await pulse.live?.running.webhooks?.idle();
    await eventually(() => pulse.standIn.callsTo('chat.update').some((call) => call.ok && call.args.ts === ops?.ts), undefined, 'the alert edited as resolved');
    expect((await incidentOf(pulse, connection.id)).map((incident) => incident.status)).toEqual(['resolved']);
  });

  it('posts once for duplicated and reordered deliveries: the older success arriving last does not clear the newer failure', async () => {
    const connection = { id: 'gilded_lantern', name: 'acme_eu_pg' };
    fivetran.holdDeliveries();
    fivetran.finishSync(connection.id);
    await clock.advance(30_000);
    fivetran.duplicateDeliveries(4);
    fivetran.failSync(connection.id, { status: 'FAILURE', reason: 'FATAL: too many connections for role "fivetran"' });
    fivetran.releaseDeliveries('reverse');
    await fivetran.deliveriesSettled();

    const ends = fivetran.deliveries.filter((delivery) => delivery.event === 'sync_end' && delivery.body.includes(connection.id) && delivery.status === 200);
    const statuses = ends.map((delivery) => (JSON.parse(delivery.body) as { data: { status: string } }).data.status);
    // The failure came first (twice), the older success after it.
    expect(statuses.indexOf('FAILURE')).toBeLessThan(statuses.lastIndexOf('SUCCESSFUL'));
    expect(ends.filter((delivery) => delivery.duplicate).length).toBeGreaterThan(0);

    await eventually(() => about(pulse, CHANNELS.acmeEu, connection.name).length > 0, undefined, "the alert in acme_eu's channel");
    await pulse.live?.running.webhooks?.idle();
    expect([about(pulse, CHANNELS.ops, connection.name).length, about(pulse, CHANNELS.acmeEu, connection.name).length]).toEqual([1, 1]);
    expect((await incidentOf(pulse, connection.id)).map((incident) => incident.status)).toEqual(['open']);
  });

  it("waits out a 429 from Fivetran's API as its Retry-After says, then raises what the poll shows", async () => {
    const connection = { id: 'tidy_quill', name: 'finance_sheets' };
    fivetran.setConnection(connection.id, { succeededAt: at(-300).toISOString(), failedAt: new Date(clock.now()).toISOString() });
    fivetran.inject({ kind: 'status', status: 429, route: 'list', retryAfterSeconds: 90 });
    const listed = fivetran.requestCount({ route: 'list' });
    waits.length = 0;

    expect(await pulse.live?.running.poll.pollOnce()).toBe(true);
    expect(waits).toEqual([90_000]);
    expect(fivetran.requests.filter((request) => request.route === 'list').slice(listed).map((request) => request.status)).toEqual([429, 200]);
    // finance_sheets belongs to no tenant: the ops channel only.
    const [failed] = await eventually(() => { const found = about(pulse, CHANNELS.ops, connection.name); return found.length > 0 && found; }, undefined, 'the failure in the ops channel');
    expect(messageText(failed)).toContain('Sync failed');
  });
});
