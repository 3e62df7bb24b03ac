import { PassThrough } from 'node:stream';
import { FivetranApiClient, type FivetranApiClientOptions } from '../../src/live/fivetranApiClient';
import { FivetranApiError } from '../../src/live/fivetranApiError';
import { normalizeConnection } from '../../src/live/normalizeConnection';
import { createLogger } from '../../src/log/logger';
import { signFivetranPayload, startFivetranStandIn, type FivetranStandIn, type FivetranStandInOptions, type StandInConnectionInput } from '../../src/preview/fivetran';
import { eventually } from '../support/eventually';
import { manualClock } from '../support/manualClock';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver';

const KEY = 'pulse-test-key-4f1c';
const SECRET = 'pulse-test-secret-9b2e77';

const connection = (index: number): StandInConnectionInput => ({
  id: `conn_${String(index).padStart(5, '0')}`,
  groupId: index % 2 === 0 ? 'exemplary_hare' : 'granite_otter',
  service: 'postgres',
  schema: `tenant${index}_pg`,
});

let standIn: FivetranStandIn | null = null;
let receiver: WebhookReceiver | null = null;

async function start(options: Partial<FivetranStandInOptions> = {}): Promise<FivetranStandIn> {
  standIn = await startFivetranStandIn({ apiKey: KEY, apiSecret: SECRET, connections: [connection(1), connection(2)], ...options });
  return standIn;
}

/** A client whose waits are recorded and take no time, so a test never sleeps. */
function clientFor(api: FivetranStandIn, options: Partial<FivetranApiClientOptions> = {}) {
  const waits: number[] = [];
  const client = new FivetranApiClient({
    apiUrl: api.url,
    apiKey: KEY,
    apiSecret: SECRET,
    budgetShare: 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, waits };
}

async function failureOf(promise: Promise<unknown>): Promise<FivetranApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FivetranApiError) return error;
    throw error;
  }
  throw new Error('expected a FivetranApiError');
}

afterEach(async () => {
  await standIn?.close();
  await receiver?.close();
  standIn = null;
  receiver = null;
});

describe("the client of Fivetran's REST API, against the stand-in", () => {
  it('reads 2,500 connections in three pages of 1,000, following next_cursor, however the last page says it is last', async () => {
    for (const lastPage of ['missing', 'empty', 'null'] as const) {
      const api = await start({ connections: Array.from({ length: 2500 }, (_, index) => connection(index)), lastPage });
      const { client } = clientFor(api);
      const connections = await client.listConnections();
      expect(connections.map((c) => c.connectionId)).toEqual(Array.from({ length: 2500 }, (_, index) => connection(index).id));
      const lists = api.requests.filter((request) => request.route === 'list');
      expect(lists.map((request) => [request.query.limit, request.query.cursor === undefined])).toEqual([['1000', true], ['1000', false], ['1000', false]]);
      expect(new Set(api.requests.map((request) => request.accept))).toEqual(new Set(['application/json;version=2']));
      await api.close();
      standIn = null;
    }
  });

  it("puts each connection into Pulse's terms, tasks, warnings and Fivetran's own delay judgment included", async () => {
    const api = await start({
      connections: [
        {
          ...connection(1), setupState: 'broken', updateState: 'delayed', succeededAt: '2026-03-09T08:00:00Z', failedAt: '2026-03-10T09:30:00.000Z', syncFrequency: 60,
          tasks: [{ code: 'reconnect', message: 'Reconnect the source', details: 'OAuth token expired' }], warnings: [{ code: 'resync_table_warning', message: 'Resync Table Warning' }],
        },
        { ...connection(2), paused: true },
      ],
    });
    const { client } = clientFor(api);
    const [broken, paused] = await client.listConnections();
    expect(broken).toEqual({
      connectionId: 'conn_00001', groupId: 'granite_otter', service: 'postgres', schema: 'tenant1_pg', paused: false,
      setupState: 'broken', syncState: 'scheduled', updateState: 'delayed', succeededAt: '2026-03-09T08:00:00.000Z', failedAt: '2026-03-10T09:30:00.000Z',
      syncFrequencyMinutes: 60,
      tasks: [{ code: 'reconnect', message: 'Reconnect the source', details: 'OAuth token expired' }],
      warnings: [{ code: 'resync_table_warning', message: 'Resync Table Warning', details: null }],
      observedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(paused).toMatchObject({ connectionId: 'conn_00002', paused: true, syncState: 'paused' });
    expect(await client.getConnection('conn_00001')).toEqual({ ...broken, observedAt: expect.any(String) });
  });

  it('reads the older naming of the same fields', () => {
    const legacy = normalizeConnection({ connector_id: 'abc', destination_group_id: 'g1', connector_type: 'hubspot', connector_name: 'acme_hubspot', paused: false, sync_frequency: '360', setup_state: 'connected', sync_state: 'syncing' }, '2026-03-10T00:00:00.000Z');
    expect(legacy).toMatchObject({ connectionId: 'abc', groupId: 'g1', service: 'hubspot', schema: 'acme_hubspot', syncFrequencyMinutes: 360, syncState: 'syncing' });
    expect(normalizeConnection({ schema: 'no id' }, '2026-03-10T00:00:00.000Z')).toBeNull();
  });

  it('says a refused key is refused, naming the variables, once, and never shows the key or the secret', async () => {
    const api = await start();
    const lines = new PassThrough();
    let logged = '';
    lines.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const logger = createLogger({ level: 'trace', format: 'json', destination: lines });
    const { client } = clientFor(api, { apiSecret: 'not-the-secret-31337', logger });
    const error = await failureOf(client.listConnections());
    expect({ code: error.code, status: error.status, fivetranCode: error.fivetranCode }).toEqual({ code: 'PULSE_FIVETRAN_AUTH', status: 401, fivetranCode: 'AuthFailed' });
    expect(error.message).toMatch(/check FIVETRAN_API_KEY and FIVETRAN_API_SECRET/);
    expect(api.requestCount()).toBe(1);

    // A logged failure and a logged retry carry neither the key, the secret nor the header made of them.
    logger.error({ err: error }, 'listing failed');
    api.inject({ kind: 'status', status: 503, route: 'list' });
    const good = clientFor(api, { logger });
    await good.client.listConnections();
    const basic = Buffer.from(`${KEY}:${SECRET}`).toString('base64');
    expect(logged).toContain('trying again');
    for (const secret of [KEY, SECRET, 'not-the-secret-31337', basic]) expect(logged).not.toContain(secret);
  });

  it('names an unknown connection with Fivetran\'s code, and does not ask again', async () => {
    const api = await start();
    const { client } = clientFor(api);
    const error = await failureOf(client.getConnection('nope_nope'));
    expect({ code: error.code, fivetranCode: error.fivetranCode }).toEqual({ code: 'PULSE_FIVETRAN_NOT_FOUND', fivetranCode: 'NotFound_Connector' });
    expect(error.message).toBe("Fivetran refused to read connection nope_nope (404: Connector with id 'nope_nope' does not exist.)");
    expect(api.requestCount()).toBe(1);
  });

  it('waits out a 429 for as long as Retry-After says, then carries on', async () => {
    const api = await start();
    api.inject({ kind: 'status', status: 429, retryAfterSeconds: 7, route: 'list', times: 2 });
    const { client, waits } = clientFor(api);
    expect(await client.listConnections()).toHaveLength(2);
    expect(waits).toEqual([7000, 7000]);
    expect(api.requestCount({ route: 'list' })).toBe(3);

    // A wait longer than the client sits out is a clear failure, not a hang.
    api.inject({ kind: 'status', status: 429, retryAfterSeconds: 3600, route: 'list' });
    const error = await failureOf(client.listConnections());
    expect(error.code).toBe('PULSE_FIVETRAN_RATE_LIMITED');
    expect(error.message).toMatch(/asked to wait 3600 s/);

    // Nor does a rate limit that never lifts keep the call waiting for ever.
    api.inject({ kind: 'status', status: 429, retryAfterSeconds: 1, route: 'get', times: 100 });
    const endless = await failureOf(client.getConnection('conn_00001'));
    expect([endless.code, endless.message]).toEqual(['PULSE_FIVETRAN_RATE_LIMITED', "Fivetran's rate limit did not allow Pulse to read connection conn_00001: it refused 6 times in a row"]);
    expect(api.requestCount({ route: 'get' })).toBe(6);
  });

  it("waits out the account's own 429 when its hourly budget is spent, as the stand-in counts it", async () => {
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock, rateLimitPerHour: 1000 });
    api.setRateLimit({ remaining: 0 });
    // The account's hour ends in 10 s: the 429 says so, and the client waits that long.
    await clock.advance(3590 * 1000);
    const { client, waits } = clientFor(api, {
      clock,
      sleep: async (ms) => {
        waits.push(ms);
        await clock.advance(ms);
      },
    });
    expect(await client.getConnection('conn_00001')).toMatchObject({ connectionId: 'conn_00001' });
    expect(waits).toEqual([10 * 1000]);
    expect(api.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it("keeps to its share of the account's hourly budget, learnt from X-Rate-Limit, without asking Fivetran", async () => {
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock, rateLimitPerHour: 10 });
    const { client } = clientFor(api, { clock, budgetShare: 0.5 });
    for (let call = 0; call < 5; call += 1) await client.getConnection('conn_00001');
    const error = await failureOf(client.getConnection('conn_00001'));
    expect(error.code).toBe('PULSE_FIVETRAN_RATE_LIMITED');
    expect(error.message).toMatch(/its share of Fivetran's API budget \(5 calls an hour, FIVETRAN_API_BUDGET_SHARE\)/);
    expect(api.requestCount()).toBe(5);
    expect(api.rateLimitRemaining()).toBe(5);
    expect(client.budgetStatus()).toEqual({ accountLimit: 10, accountRemaining: 5, pulseCallsLastHour: 5, pulseAllowance: 5 });

    await clock.advance(3600 * 1000);
    await client.getConnection('conn_00001');
    expect(api.requestCount()).toBe(6);
  });

  it('backs off and reads again after a server error, but never sends a sync twice', async () => {
    const api = await start();
    api.inject({ kind: 'status', status: 503, route: 'get', times: 2 });
    const { client, waits } = clientFor(api);
    expect(await client.getConnection('conn_00002')).toMatchObject({ connectionId: 'conn_00002' });
    expect(waits).toEqual([1000, 2000]);

    api.inject({ kind: 'status', status: 502, route: 'get', times: 10 });
    expect((await failureOf(client.getConnection('conn_00002'))).code).toBe('PULSE_FIVETRAN_UNREACHABLE');
    expect(api.requestCount({ route: 'get' })).toBe(3 + 4);
    api.clearFaults();

    api.inject({ kind: 'status', status: 500, route: 'sync' });
    const unknown = await failureOf(client.syncNow('conn_00001'));
    expect(unknown.code).toBe('PULSE_FIVETRAN_OUTCOME_UNKNOWN');
    expect(unknown.message).toMatch(/may or may not have been done/);
    api.inject({ kind: 'drop', route: 'sync' });
    expect((await failureOf(client.syncNow('conn_00002'))).code).toBe('PULSE_FIVETRAN_OUTCOME_UNKNOWN');
    expect(api.runningSync('conn_00002')).not.toBeNull();
    expect(api.requestCount({ route: 'sync' })).toBe(2);
  });

  it('starts a sync, and says why Fivetran refused one', async () => {
    const api = await start({ connections: [connection(1), { ...connection(2), paused: true }] });
    const { client } = clientFor(api);
    await client.syncNow('conn_00001');
    expect(api.runningSync('conn_00001')).not.toBeNull();
    const refused = await failureOf(client.syncNow('conn_00002'));
    expect(refused.code).toBe('PULSE_FIVETRAN_REFUSED');
    expect(api.requestCount({ route: 'sync' })).toBe(2);
  });

  it('settles a pause answered 500 although it took by reading the connection back, without a second PATCH', async () => {
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock });
    api.inject({ kind: 'pauseThen500', delayMs: 60_000 });
    const { client } = clientFor(api, { clock, callTimeoutMs: 120_000 });
    const pausing = client.setPaused('conn_00001', true);
    await eventually(() => api.connection('conn_00001')?.paused === true, undefined, 'the pause to take');
    await clock.advance(60_000);
    expect(await pausing).toMatchObject({ connectionId: 'conn_00001', paused: true, syncState: 'paused' });
    expect(api.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['PATCH 500', 'GET 200']);
  });

  it('settles the same way when the slow pause outlasts the deadline: no answer, a read-back, no second PATCH', async () => {
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock });
    api.inject({ kind: 'pauseThen500', delayMs: 60_000 });
    const { client } = clientFor(api, { clock, callTimeoutMs: 30_000 });
    const pausing = client.setPaused('conn_00002', true);
    await eventually(() => api.connection('conn_00002')?.paused === true, undefined, 'the pause to take');
    await clock.advance(30_000);
    expect(await pausing).toMatchObject({ connectionId: 'conn_00002', paused: true });
    expect(api.requests.map((request) => request.method)).toEqual(['PATCH', 'GET']);
  });

  it('sends the change once more when the read-back shows it did not take, and resumes plainly', async () => {
    const api = await start({ connections: [{ ...connection(1), paused: true }] });
    api.inject({ kind: 'status', status: 500, route: 'patch' });
    const { client } = clientFor(api);
    expect(await client.setPaused('conn_00001', false)).toMatchObject({ paused: false, syncState: 'scheduled' });
    expect(api.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['PATCH 500', 'GET 200', 'PATCH 200']);

    // When the connection cannot be read back either, the outcome stays unknown, and nothing is sent again.
    api.inject({ kind: 'status', status: 500, route: 'patch' });
    api.inject({ kind: 'status', status: 503, route: 'get', times: 4 });
    const unknown = await failureOf(client.setPaused('conn_00001', true));
    expect(unknown.code).toBe('PULSE_FIVETRAN_OUTCOME_UNKNOWN');
    expect(unknown.message).toMatch(/^Pulse asked Fivetran to pause conn_00001, but it answered 500 .*; reading the connection back failed too \(Pulse could not read connection conn_00001: Fivetran's API answered 503/);
    expect(api.requestCount({ route: 'patch' })).toBe(3);
  });

  it('gives every call a deadline: a read that hangs times out, a sync that hangs is an unknown outcome, never resent', async () => {
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock });
    const { client } = clientFor(api, { clock, callTimeoutMs: 30_000, readAttempts: 1 });

    api.inject({ kind: 'hold', route: 'get' });
    const reading = failureOf(client.getConnection('conn_00001'));
    await eventually(() => api.heldCount() === 1, undefined, 'the read to reach the stand-in');
    await clock.advance(30_000);
    const timeout = await reading;
    expect({ code: timeout.code, message: timeout.message }).toEqual({ code: 'PULSE_FIVETRAN_TIMEOUT', message: "Pulse could not read connection conn_00001: Fivetran's API did not answer within 30 s" });

    api.inject({ kind: 'hold', route: 'sync' });
    const syncing = failureOf(client.syncNow('conn_00001'));
    await eventually(() => api.heldCount() === 2, undefined, 'the sync to reach the stand-in');
    await clock.advance(30_000);
    expect((await syncing).code).toBe('PULSE_FIVETRAN_OUTCOME_UNKNOWN');
    expect(api.requestCount({ route: 'sync' })).toBe(1);
    await api.releaseHeld();
  });

  it('registers an account webhook, after Fivetran\'s signed test call reached it', async () => {
    receiver = await startWebhookReceiver();
    const target = receiver.url;
    const api = await start({ resolveWebhookUrl: (url) => url.replace('https://pulse.example.com', new URL(target).origin) });
    const { client } = clientFor(api);
    const secret = 'whsec-test-0123456789';
    const { id } = await client.createAccountWebhook('https://pulse.example.com/fivetran/webhook', secret, ['sync_start', 'sync_end']);
    expect(api.webhooks()).toEqual([expect.objectContaining({ id, type: 'account', url: 'https://pulse.example.com/fivetran/webhook', events: ['sync_start', 'sync_end'], active: true, secret })]);
    const [test] = receiver.received;
    expect(JSON.parse(test?.body ?? '{}')).toMatchObject({ event: 'test_event', connector_id: '_connector_1', group_id: '_destination_1' });
    expect(test?.signature).toBe(signFivetranPayload(secret, test?.body ?? ''));

    receiver.answerWith(401);
    const refused = await failureOf(client.createAccountWebhook('https://pulse.example.com/fivetran/webhook', secret, ['sync_end']));
    expect(refused.code).toBe('PULSE_FIVETRAN_REFUSED');
    expect(refused.message).toMatch(/Test event delivery failed: https:\/\/pulse\.example\.com\/fivetran\/webhook answered 401/);
    expect(api.webhooks()).toHaveLength(1);
  });
});
