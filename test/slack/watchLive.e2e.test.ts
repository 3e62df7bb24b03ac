import { startFivetranStandIn, type FivetranStandIn } from '../../src/preview/fivetran';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, USERS, type Harness } from '../support/pulseHarness';
import { elementOf, messageText } from '../support/slackMessages';

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let fivetran: FivetranStandIn;
let pulse: Harness;

beforeAll(async () => {
  demo = await makeDemoFile();
  fivetran = await startFivetranStandIn({ apiKey: 'live-key', apiSecret: 'live-secret' });
  pulse = await startHarness({
    duckdbPath: demo.path,
    now: DEMO_NOW,
    // The warehouse is asked once an hour at most: only live state can end this watch during the test.
    env: { FIVETRAN_API_KEY: 'live-key', FIVETRAN_API_SECRET: 'live-secret', FIVETRAN_API_URL: fivetran.url, OPS_USERS: USERS.ops.id, WATCH_INTERVAL_SECONDS: '3600', WATCH_TIMEOUT_MINUTES: '240' },
  });
  const { assessment } = await pulse.services.monitor.judge();
  fivetran.addConnections(assessment.connections.map((c) => ({ id: c.connectionId, groupId: c.destinationId, service: c.connectorType, schema: c.connectionName, paused: c.paused })));
});
afterAll(async () => {
  await pulse?.stop();
  await fivetran?.close();
  demo?.remove();
});

describe('/fivetran watch with live state', () => {
  it("follows a sync through Fivetran's API to its end, without waiting for the warehouse to load it", async () => {
    const { assessment } = await pulse.services.monitor.judge();
    // Not running as far as the warehouse knows: only Fivetran knows this sync has started.
    const connection = assessment.connections.find((c) => c.runningSince === null && c.tenantId === 'globex' && !c.paused)!;
    expect(connection).toBeDefined();
    fivetran.startSync(connection.connectionId);
    const warehouseReads = () => pulse.statements.filter((s) => s.tag === 'watch:progress').length;
    const readsBefore = warehouseReads();

    await pulse.standIn.slashCommand({ command: '/fivetran', text: `watch ${connection.connectionName}`, channelId: CHANNELS.globex.id });
    const message = await eventually(() => pulse.standIn.messages(CHANNELS.globex.id).find((m) => elementOf(m, 'stopWatch') && messageText(m).includes(connection.connectionName)), undefined, 'the watch message');
    expect(messageText(message)).toContain('is syncing');

    const gets = fivetran.requestCount({ route: 'get' });
    fivetran.finishSync(connection.connectionId);
    await eventually(() => messageText(pulse.standIn.message(CHANNELS.globex.id, message.ts)).includes('finished syncing'), undefined, 'the watch message edited to finished');
    expect(elementOf(pulse.standIn.message(CHANNELS.globex.id, message.ts), 'stopWatch')).toBeUndefined();
    expect(fivetran.requestCount({ route: 'get' })).toBeGreaterThan(gets);
    expect(warehouseReads()).toBe(readsBefore);
  });

  it('says a sync failed when Fivetran reports the failure', async () => {
    const { assessment } = await pulse.services.monitor.judge();
    const connection = assessment.connections.filter((c) => c.runningSince === null && c.tenantId === 'globex' && !c.paused)[1]!;
    fivetran.startSync(connection.connectionId);
    await pulse.standIn.slashCommand({ command: '/fivetran', text: `watch ${connection.connectionName}`, channelId: CHANNELS.globex.id });
    const message = await eventually(() => pulse.standIn.messages(CHANNELS.globex.id).find((m) => elementOf(m, 'stopWatch') && messageText(m).includes(connection.connectionName)), undefined, 'the watch message');
    fivetran.failSync(connection.connectionId, { reason: 'token expired', taskType: 'reconnect' });
    await eventually(() => !elementOf(pulse.standIn.message(CHANNELS.globex.id, message.ts), 'stopWatch'), undefined, 'the watch ended');
    expect(messageText(pulse.standIn.message(CHANNELS.globex.id, message.ts))).toMatch(/failed/i);
  });
});

describe('the App Home with live state', () => {
  it('says live state is on, and offers Sync now on incidents; a press from Home reaches Fivetran and answers in a dialog', async () => {
    await pulse.jobs.runAlerts();
    await pulse.standIn.openHome({ userId: USERS.ops.id });
    const syncButtons = () =>
      ((pulse.standIn.home(USERS.ops.id)?.view.blocks ?? []) as Array<{ type: string; block_id?: string; elements?: Array<{ action_id?: string }> }>).filter(
        (b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === 'syncConnection'),
      );
    await eventually(() => syncButtons().length > 0, undefined, 'the Home with Sync now');
    expect(JSON.stringify(pulse.standIn.home(USERS.ops.id)?.view.blocks)).toContain('Live state: on');

    const syncs = fivetran.requestCount({ route: 'sync' });
    const dialogs = pulse.standIn.callsTo('views.open').length;
    await pulse.standIn.clickHomeButton({ userId: USERS.ops.id, actionId: 'syncConnection', blockId: syncButtons()[0]!.block_id! });
    await eventually(() => pulse.standIn.callsTo('views.open').length > dialogs, undefined, 'the answer in a dialog');
    expect(fivetran.requestCount({ route: 'sync' })).toBe(syncs + 1);
    const dialog = pulse.standIn.callsTo('views.open').at(-1)!;
    expect(dialog.ok).toBe(true);
    expect(JSON.stringify(dialog.args.view)).toContain('Fivetran started a sync of');
  });
});
