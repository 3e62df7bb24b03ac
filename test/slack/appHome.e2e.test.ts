import { useDemoHarness } from '../support/demoHarness';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { startHarness, USERS } from '../support/pulseHarness';

const { pulse } = useDemoHarness();

const publishes = () => pulse.standIn.callsTo('views.publish');
const homeOf = (userId: string) => pulse.standIn.home(userId);
const blocksOf = (userId: string) => (homeOf(userId)?.view.blocks ?? []) as Array<Record<string, unknown>>;
const textOf = (userId: string) => JSON.stringify(blocksOf(userId));
const buttons = (userId: string, actionId: string) =>
  blocksOf(userId)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Array<Record<string, unknown>>)
    .filter((e) => e.action_id === actionId);

describe('App Home', () => {
  it('opening Home publishes the view: when the data was loaded, the table by tenant, and no incident before any alert run', async () => {
    const before = publishes().length;
    const delivery = await pulse.standIn.openHome({ userId: USERS.ops.id });
    expect(delivery.status).toBe(200);
    await eventually(() => publishes().length > before && homeOf(USERS.ops.id), undefined, 'the Home published');
    const call = publishes().at(-1)!;
    expect(call.ok).toBe(true);
    expect(call.args.user_id).toBe(USERS.ops.id);
    const blocks = blocksOf(USERS.ops.id);
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blocks.some((b) => b.type === 'table')).toBe(true);
    expect(textOf(USERS.ops.id)).toMatch(/Monitoring data (last loaded|is stale)/);
    expect(textOf(USERS.ops.id)).toContain('No open incidents');
    expect(textOf(USERS.ops.id)).toContain('Live state: off');
  });

  it('an alert run that opens incidents shows them again on the Home of whoever opened it, with their buttons, within 100 blocks', async () => {
    const before = publishes().length;
    const report = await pulse.jobs.runAlerts();
    expect(report?.plan.opened.length).toBeGreaterThan(0);
    await eventually(() => publishes().length > before && buttons(USERS.ops.id, 'acknowledgeAlert').length > 0, undefined, 'the Home republished with incidents');
    expect(publishes().slice(before).every((call) => call.ok && call.args.user_id === USERS.ops.id)).toBe(true);
    expect(blocksOf(USERS.ops.id).length).toBeLessThanOrEqual(100);
    expect(textOf(USERS.ops.id)).toMatch(/Open incidents\* \(\d+\)/);
    expect(buttons(USERS.ops.id, 'showAlertDetails').length).toBeGreaterThan(0);
    // Nobody else opened Home: nobody else was sent one.
    expect(homeOf(USERS.acme.id)).toBeUndefined();
  });

  it('an acknowledgement from Home edits the alert and shows Home again with who acknowledged, to everyone who opened it', async () => {
    await pulse.standIn.openHome({ userId: USERS.acme.id });
    await eventually(() => homeOf(USERS.acme.id), undefined, "the second person's Home");
    const [first] = buttons(USERS.ops.id, 'acknowledgeAlert');
    const incidentId = String(first!.value);
    const before = publishes().length;
    const delivery = await pulse.standIn.clickHomeButton({ userId: USERS.ops.id, actionId: 'acknowledgeAlert', blockId: `alert:${incidentId}` });
    expect(delivery.status).toBe(200);
    await eventually(async () => (await pulse.services.store.listActive()).find((i) => i.incidentId === incidentId)?.status === 'acknowledged', undefined, 'the incident acknowledged');
    await eventually(() => publishes().length > before && !buttons(USERS.ops.id, 'acknowledgeAlert').some((b) => b.value === incidentId), undefined, 'the Home shown again');
    expect(textOf(USERS.ops.id)).toContain(`Acknowledged by <@${USERS.ops.id}>`);
    await eventually(() => textOf(USERS.acme.id).includes(`Acknowledged by <@${USERS.ops.id}>`), undefined, "the second person's Home shown again");
  });

  it("Details from Home opens the incident's details in a dialog", async () => {
    const [details] = buttons(USERS.ops.id, 'showAlertDetails');
    const before = pulse.standIn.callsTo('views.open').length;
    await pulse.standIn.clickHomeButton({ userId: USERS.ops.id, actionId: 'showAlertDetails', blockId: `alert:${String(details!.value)}` });
    await eventually(() => pulse.standIn.callsTo('views.open').length > before, undefined, 'a dialog opened');
    expect(pulse.standIn.callsTo('views.open').at(-1)!.ok).toBe(true);
  });

  it('the stand-in refuses a Home view past Slack\'s limits', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `line ${i}` } }));
    const answer = await fetch(`${pulse.standIn.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-harness-token', 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: USERS.ops.id, view: { type: 'home', blocks: tooMany } }),
    }).then((r) => r.json() as Promise<{ ok: boolean; error?: string }>);
    expect(answer).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const metadata = await fetch(`${pulse.standIn.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-harness-token', 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: USERS.ops.id, view: { type: 'home', blocks: [], private_metadata: 'x'.repeat(3001) } }),
    }).then((r) => r.json() as Promise<{ ok: boolean; error?: string }>);
    expect(metadata).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });
});

describe('App Home over Socket Mode', () => {
  it('publishes the Home when app_home_opened arrives as an events_api envelope', async () => {
    const socketDemo = await makeDemoFile();
    const socket = await startHarness({ duckdbPath: socketDemo.path, now: DEMO_NOW, socketMode: true });
    try {
      const delivery = await socket.standIn.openHome({ userId: USERS.acme.id });
      expect(delivery.via).toBe('socket');
      await eventually(() => socket.standIn.home(USERS.acme.id), undefined, 'the Home published');
      expect(socket.standIn.callsTo('views.publish').at(-1)).toMatchObject({ ok: true, args: { user_id: USERS.acme.id } });
    } finally {
      await socket.stop();
      socketDemo.remove();
    }
  });
});
