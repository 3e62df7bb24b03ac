import { signFivetranPayload, standInConnectionsFromWarehouse, startFivetranStandIn, type FivetranStandIn, type FivetranStandInOptions } from '../../src/preview/fivetran';
import { manualClock } from '../support/manualClock';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver';

const KEY = 'key-abc';
const SECRET = 'secret-def';
const HOOK_SECRET = 'whsec-standin-0001';
const AUTH = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;

let standIn: FivetranStandIn | null = null;
let receiver: WebhookReceiver | null = null;

async function start(options: Partial<FivetranStandInOptions> = {}): Promise<FivetranStandIn> {
  standIn = await startFivetranStandIn({
    apiKey: KEY,
    apiSecret: SECRET,
    connections: [
      { id: 'alpha_one', groupId: 'exemplary_hare', service: 'salesforce', schema: 'acme_salesforce' },
      { id: 'beta_two', groupId: 'granite_otter', service: 'postgres', schema: 'globex_pg' },
    ],
    allowHttpWebhooks: true,
    ...options,
  });
  return standIn;
}

function call(api: FivetranStandIn, method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: AUTH, accept: 'application/json;version=2', 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

const events = (hook: WebhookReceiver) => hook.received.map((received) => JSON.parse(received.body) as Record<string, unknown>);

afterEach(async () => {
  await standIn?.close();
  await receiver?.close();
  standIn = null;
  receiver = null;
});

describe("the Fivetran REST API stand-in", () => {
  it('answers as Fivetran does: 401 for a bad key, 406 for a wrong Accept, limits of 1 to 1000, NotFound_Connector', async () => {
    const api = await start();
    const bad = await call(api, 'GET', '/v1/connections', { headers: { authorization: `Basic ${Buffer.from(`${KEY}:nope`).toString('base64')}` } });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([401, 'AuthFailed']);
    expect((await call(api, 'GET', '/v1/connections', { headers: { accept: 'text/html' } })).status).toBe(406);
    expect((await call(api, 'GET', '/v1/connections', { headers: { accept: 'application/json;version=9' } })).status).toBe(406);
    expect((await call(api, 'GET', '/v1/connections?limit=0')).status).toBe(400);
    expect((await call(api, 'GET', '/v1/connections?limit=1001')).status).toBe(400);
    const missing = await call(api, 'GET', '/v1/connections/ghost');
    expect([missing.status, await missing.json()]).toEqual([404, { code: 'NotFound_Connector', message: "Connector with id 'ghost' does not exist." }]);
    const page = (await (await call(api, 'GET', '/v1/connections?limit=1')).json()) as { code: string; data: { items: Array<{ id: string }>; next_cursor?: string } };
    expect(page.code).toBe('Success');
    expect(page.data.items.map((item) => item.id)).toEqual(['alpha_one']);
    const next = (await (await call(api, 'GET', `/v1/connections?limit=1&cursor=${page.data.next_cursor ?? ''}`)).json()) as { data: { items: Array<{ id: string }>; next_cursor?: string } };
    expect(next.data).toEqual({ items: [expect.objectContaining({ id: 'beta_two', schema: 'globex_pg', status: expect.objectContaining({ setup_state: 'connected', sync_state: 'scheduled' }) })] });
  });

  it('counts the hour\'s budget in X-Rate-Limit-Remaining, and answers 429 TooManyRequests with Retry-After when it is spent', async () => {
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock, rateLimitPerHour: 2 });
    const first = await call(api, 'GET', '/v1/connections/alpha_one');
    expect([first.headers.get('x-rate-limit'), first.headers.get('x-rate-limit-remaining')]).toEqual(['2', '1']);
    await call(api, 'GET', '/v1/connections/alpha_one');
    await clock.advance(600_000);
    const refused = await call(api, 'GET', '/v1/connections/alpha_one');
    expect([refused.status, refused.headers.get('retry-after'), ((await refused.json()) as { code: string }).code]).toEqual([429, '3000', 'TooManyRequests']);
    await clock.advance(3_000_000);
    expect((await call(api, 'GET', '/v1/connections/alpha_one')).status).toBe(200);
  });

  it('runs a sync the API starts until the test ends it, then sends sync_end signed with the webhook secret', async () => {
    receiver = await startWebhookReceiver();
    const api = await start();
    api.addWebhook({ url: receiver.url, secret: HOOK_SECRET });
    const started = await call(api, 'POST', '/v1/connections/alpha_one/sync', { body: { force: false } });
    expect(await started.json()).toEqual({ code: 'Success', message: "Sync has been successfully triggered for connection with id 'alpha_one'" });
    expect(api.connection('alpha_one')).toMatchObject({ status: expect.objectContaining({ sync_state: 'syncing' }) });
    const syncId = api.runningSync('alpha_one')?.syncId;
    await api.deliveriesSettled();
    expect(events(receiver).map((event) => event.event)).toEqual(['sync_start']);

    expect(api.failSync('alpha_one', { reason: 'Invalid credentials', taskType: 'reconnect' })).toBe(syncId);
    await api.deliveriesSettled();
    const [, end] = receiver.received;
    expect(JSON.parse(end?.body ?? '{}')).toEqual({
      event: 'sync_end', created: expect.any(String), connector_type: 'salesforce', connector_id: 'alpha_one', connector_name: 'acme_salesforce',
      destination_group_id: 'exemplary_hare', sync_id: syncId, data: { status: 'FAILURE_WITH_TASK', reason: 'Invalid credentials', taskType: 'reconnect' },
    });
    expect(end?.signature).toBe(signFivetranPayload(HOOK_SECRET, end?.body ?? ''));
    expect(api.connection('alpha_one')).toMatchObject({ failed_at: expect.any(String), status: expect.objectContaining({ sync_state: 'scheduled', tasks: [{ code: 'reconnect', message: 'Invalid credentials' }] }) });
  });

  it('ends a sync by itself after syncDurationMs on its clock (the preview\'s delay), with the outcome set for it', async () => {
    receiver = await startWebhookReceiver();
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock, syncDurationMs: 20_000, payloadNaming: 'legacy', signatureCase: 'upper' });
    api.addWebhook({ url: receiver.url, secret: HOOK_SECRET, events: ['sync_end'] });
    api.setNextOutcome('beta_two', { status: 'FAILURE', reason: 'timeout' });
    await call(api, 'POST', '/v1/connections/beta_two/sync', { body: {} });
    await clock.advance(19_999);
    expect(api.runningSync('beta_two')).not.toBeNull();
    await clock.advance(1);
    expect(api.runningSync('beta_two')).toBeNull();
    await api.deliveriesSettled();
    const [end] = receiver.received;
    expect(JSON.parse(end?.body ?? '{}')).toMatchObject({ event: 'sync_end', group_id: 'granite_otter', data: { status: 'FAILURE', reason: 'timeout' } });
    expect(end?.signature).toBe(signFivetranPayload(HOOK_SECRET, end?.body ?? '').toUpperCase());
  });

  it('pauses and resumes with PATCH, sending pause_connector and resume_connector, and can answer 500 although it paused', async () => {
    receiver = await startWebhookReceiver();
    const api = await start();
    api.addWebhook({ url: receiver.url, secret: HOOK_SECRET });
    api.inject({ kind: 'pauseThen500' });
    const failed = await call(api, 'PATCH', '/v1/connections/alpha_one', { body: { paused: true } });
    expect(failed.status).toBe(500);
    expect(api.connection('alpha_one')).toMatchObject({ paused: true, status: expect.objectContaining({ sync_state: 'paused' }) });
    const resumed = await call(api, 'PATCH', '/v1/connections/alpha_one', { body: { paused: false } });
    expect(((await resumed.json()) as { data: { paused: boolean } }).data.paused).toBe(false);
    expect((await call(api, 'PATCH', '/v1/connections/alpha_one', { body: { paused: 'yes' } })).status).toBe(400);
    await api.deliveriesSettled();
    expect(events(receiver).map((event) => event.event)).toEqual(['pause_connector', 'resume_connector']);
    expect(api.requestCount({ route: 'patch' })).toBe(3);
  });

  it('registers account and group webhooks after a test call, refusing with 400 when the call gets no 2xx, and an unknown group with 404', async () => {
    receiver = await startWebhookReceiver();
    const api = await start();
    receiver.answerWith(500);
    const refused = await call(api, 'POST', '/v1/webhooks/account', { body: { url: receiver.url, events: ['sync_end'], active: true, secret: HOOK_SECRET } });
    expect(refused.status).toBe(400);
    expect(api.webhooks()).toEqual([]);
    const created = await call(api, 'POST', '/v1/webhooks/group/granite_otter', { body: { url: receiver.url, events: ['sync_end'], active: true, secret: HOOK_SECRET } });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { data: { type: string; secret: string } }).data).toMatchObject({ type: 'group', secret: '******' });
    expect((await call(api, 'POST', '/v1/webhooks/group/nowhere', { body: { url: receiver.url, events: ['sync_end'], secret: HOOK_SECRET } })).status).toBe(404);
    expect((await call(api, 'POST', '/v1/webhooks/account', { body: { url: receiver.url, events: ['no_such_event'], secret: HOOK_SECRET } })).status).toBe(400);
    const strict = await startFivetranStandIn({ apiKey: KEY, apiSecret: SECRET });
    try {
      expect((await call(strict, 'POST', '/v1/webhooks/account', { body: { url: receiver.url, events: ['sync_end'], secret: HOOK_SECRET } })).status).toBe(400);
    } finally {
      await strict.close();
    }

    // A group webhook hears its group's connections only.
    const before = receiver.received.length;
    api.finishSync('alpha_one');
    api.finishSync('beta_two');
    await api.deliveriesSettled();
    expect(events(receiver).slice(before).map((event) => event.connector_id)).toEqual(['beta_two']);
  });

  it('retries a delivery that got no 2xx after the gaps on its clock, and deactivates the webhook after the last', async () => {
    receiver = await startWebhookReceiver();
    const clock = manualClock(Date.parse('2026-03-10T12:00:00Z'));
    const api = await start({ clock, webhookRetryDelaysMs: [300_000, 600_000] });
    const hook = api.addWebhook({ url: receiver.url, secret: HOOK_SECRET, events: ['sync_end'] });
    receiver.answerWith(503, 500, 500, 503);
    api.finishSync('alpha_one');
    await api.deliveriesSettled();
    await clock.advance(300_000);
    await api.deliveriesSettled();
    await clock.advance(600_000);
    await api.deliveriesSettled();
    expect(api.deliveries.map((delivery) => [delivery.attempt, delivery.status])).toEqual([[1, 503], [2, 500], [3, 500]]);
    expect(new Set(receiver.received.map((received) => received.body)).size).toBe(1);
    expect(api.webhooks().find((webhook) => webhook.id === hook.id)?.active).toBe(false);
  });

  it('sends deliveries twice, or out of order, when told', async () => {
    receiver = await startWebhookReceiver();
    const api = await start();
    api.addWebhook({ url: receiver.url, secret: HOOK_SECRET, events: ['sync_start', 'sync_end'] });
    api.duplicateDeliveries(1);
    api.holdDeliveries();
    const syncId = api.startSync('alpha_one');
    api.finishSync('alpha_one');
    api.releaseDeliveries('reverse');
    await api.deliveriesSettled();
    expect(events(receiver).map((event) => `${String(event.event)} ${String(event.sync_id === syncId)}`)).toEqual(['sync_end true', 'sync_start true', 'sync_start true']);
    expect(api.deliveries.filter((delivery) => delivery.duplicate)).toHaveLength(1);
  });

  it("builds its connections from the demo warehouse's CONNECTION rows: same ids, schema names, services, destinations", () => {
    expect(
      standInConnectionsFromWarehouse([
        { connectionId: 'calendar_elected', connectionName: 'globex_postgres', connectorTypeId: 'postgres', destinationId: 'granite_otter', paused: false, syncFrequency: 60, signedUp: '2025-01-02 03:04:05', lastSuccessAt: new Date('2026-03-10T10:00:00Z'), lastFailureAt: '2026-03-10 11:00:00' },
        { connectionId: 'gone_away', connectionName: 'old_one', connectorTypeId: 's3', destinationId: 'exemplary_hare', paused: null, syncFrequency: null, deleted: true },
        { connectionId: 'never_ran', connectionName: 'acme_sheets', connectorTypeId: 'google_sheets', destinationId: 'exemplary_hare', paused: true, syncFrequency: null, setupState: 'incomplete' },
      ]),
    ).toEqual([
      { id: 'calendar_elected', groupId: 'granite_otter', service: 'postgres', schema: 'globex_postgres', paused: false, succeededAt: '2026-03-10T10:00:00.000Z', failedAt: '2026-03-10T11:00:00.000Z', syncFrequency: 60, setupState: 'connected', createdAt: '2025-01-02T03:04:05.000Z' },
      { id: 'never_ran', groupId: 'exemplary_hare', service: 'google_sheets', schema: 'acme_sheets', paused: true, succeededAt: null, failedAt: null, syncFrequency: 360, setupState: 'incomplete' },
    ]);
  });
});
