import { topLevelMessages, useDemoHarness } from '../support/demoHarness';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, USERS } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { elementOf, messageText } from '../support/slackMessages';

/** hubspot_acme: the demo's one failing connection of tenant acme (sync_failed). */
const ACME_FAILING = 'spry_kestrel';

const { pulse } = useDemoHarness();

const posts = () => pulse.standIn.callsTo('chat.postMessage').filter((c) => c.ok);
const topLevel = (channel: { id: string }) => topLevelMessages(pulse, channel);
const latestResponse = async (before: number) => eventually(() => pulse.standIn.responses[before], undefined, 'an answer to the button');

describe('scheduled runs and the alert lifecycle, end to end', () => {
  it('posts each new alert once: grouped for the ops channel storm, one by one in tenant channels', async () => {
    const report = await pulse.jobs.runAlerts();
    expect(report?.failures).toEqual([]);
    const ops = topLevel(CHANNELS.ops);
    expect(ops).toHaveLength(1);
    expect(messageText(ops[0])).toMatch(/incidents firing/i);
    expect(elementOf(ops[0], 'acknowledgeGroup')).toBeDefined();
    const acme = topLevel(CHANNELS.acme);
    expect(acme).toHaveLength(1);
    expect(messageText(acme[0])).toContain('hubspot_acme');
    expect(elementOf(acme[0], 'acknowledgeAlert')).toBeDefined();
    expect(topLevel(CHANNELS.globex).length).toBeGreaterThan(0);
    expect(topLevel(CHANNELS.globex).every((m) => !messageText(m).includes('hubspot_acme'))).toBe(true);
    for (const call of posts()) assertWithinSlackLimits(call.args);
  });

  it('posts nothing again while the alerts stay open', async () => {
    const before = posts().length;
    await pulse.jobs.runAlerts();
    expect(posts().length).toBe(before);
  });

  it('acknowledges from the button and edits every copy of the alert in place', async () => {
    const [message] = topLevel(CHANNELS.acme);
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: message!.ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
    await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts)).includes(`Acknowledged by <@${USERS.acme.id}>`), undefined, 'the acknowledged message');
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts))).toMatch(/<!date\^\d+\^/);
    await eventually(() => messageText(topLevel(CHANNELS.ops)[0]).includes(`<@${USERS.acme.id}>`), undefined, 'the ops copy edited too');
  });

  it('refuses tampered button values and other tenants\' alerts, giving no data', async () => {
    const [acmeMessage] = topLevel(CHANNELS.acme);
    let before = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: acmeMessage!.ts, actionId: 'showAlertDetails', value: "inc_0000'; DROP TABLE x;--" });
    expect(JSON.stringify((await latestResponse(before)).body)).toMatch(/not one Pulse made/);

    const globexAlert = topLevel(CHANNELS.globex).find((m) => elementOf(m, 'acknowledgeAlert'));
    const globexIncident = elementOf(globexAlert, 'acknowledgeAlert')?.value as string;
    before = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: acmeMessage!.ts, actionId: 'showAlertDetails', value: globexIncident });
    const refusal = JSON.stringify((await latestResponse(before)).body);
    expect(refusal).toMatch(/cannot act on that alert/);
    expect(refusal).not.toMatch(/globex/);
    const [incident] = await pulse.services.store.getIncidents([globexIncident]);
    expect(incident?.status).toBe('open');
  });

  it('snoozes from the select, and shows details privately', async () => {
    const alert = topLevel(CHANNELS.globex).find((m) => elementOf(m, 'snoozeAlert'))!;
    const option = elementOf(alert, 'snoozeAlert')!.options!.find((o) => o.value.endsWith(':1h'))!;
    await pulse.standIn.clickButton({ channelId: CHANNELS.globex.id, messageTs: alert.ts, actionId: 'snoozeAlert', selectedOption: option.value });
    await eventually(() => /[Ss]noozed/.test(messageText(pulse.standIn.message(CHANNELS.globex.id, alert.ts))), undefined, 'the snoozed message');

    const before = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.globex.id, messageTs: alert.ts, actionId: 'showAlertDetails' });
    const details = await latestResponse(before);
    expect(details.body.response_type).toBe('ephemeral');
    expect(details.body.replace_original).toBe(false);
    assertWithinSlackLimits(details.body);
  });

  it('resolves an alert whose condition cleared: the message says so and a note goes in its thread', async () => {
    const [message] = topLevel(CHANNELS.acme);
    const at = new Date(DEMO_NOW.getTime() - 60_000).toISOString();
    await pulse.services.monitor.warehouse.query(
      `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
       VALUES ('fix-1', ?::TIMESTAMP, ?, 'INFO', 'sync_end', '{"status":"SUCCESSFUL"}', 'fix-sync', ?::TIMESTAMP)`,
      [at, ACME_FAILING, at],
      { tag: 'test:fix' },
    );
    // The data changed under the app: a reading already under way (App Home's refresh after the
    // last press) was taken before it and must not answer for this run.
    pulse.services.judgments.forget();
    const report = await pulse.jobs.runAlerts();
    expect(report?.resolved).toBeGreaterThanOrEqual(1);
    await eventually(() => /[Rr]esolved/.test(messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts))), undefined, 'the resolved message');
    const notes = pulse.standIn.replies(CHANNELS.acme.id, message!.ts);
    expect(notes).toHaveLength(1);
    expect(messageText(notes[0])).toMatch(/[Rr]esolved|cleared/);
  });

  it('posts the morning dashboard to ops and to each tenant channel, and refreshes it in place', async () => {
    const report = await pulse.jobs.runDashboard();
    expect(report?.posted.map((p) => p.channel).sort()).toEqual(['#acme-data', '#acme-eu-data', '#globex-data', 'fivetran-ops'].sort());
    for (const call of posts()) assertWithinSlackLimits(call.args);
    const dashboard = topLevel(CHANNELS.acme).find((m) => elementOf(m, 'refreshDashboard'))!;
    expect(messageText(dashboard)).not.toContain('globex');
    const updates = pulse.standIn.callsTo('chat.update').length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: dashboard.ts, actionId: 'refreshDashboard' });
    await eventually(() => pulse.standIn.callsTo('chat.update').length > updates, undefined, 'the refreshed dashboard');
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, dashboard.ts))).not.toContain('globex');
  });

  it('reminds in the thread of an alert nobody acknowledged, after ALERT_REPEAT_HOURS', async () => {
    const alert = topLevel(CHANNELS.globex).find((m) => elementOf(m, 'acknowledgeAlert') && !/[Ss]noozed|Acknowledged/.test(messageText(m)))!;
    const repliesBefore = pulse.standIn.replies(CHANNELS.globex.id, alert.ts).length;
    pulse.clock.now = new Date(DEMO_NOW.getTime() + 24 * 3_600_000 + 60_000);
    try {
      await pulse.jobs.runAlerts();
    } finally {
      pulse.clock.now = DEMO_NOW;
    }
    expect(pulse.standIn.replies(CHANNELS.globex.id, alert.ts).length).toBeGreaterThan(repliesBefore);
  });
});

describe('failures on the way', () => {
  it('loses no alert when Slack answers 500 or 429: the next run posts what failed', async () => {
    const file = await makeDemoFile();
    const harness = await startHarness({ duckdbPath: file.path, now: DEMO_NOW });
    try {
      // One 500 for each alert channel's first post; a channel's other posts wait for the next run.
      harness.standIn.failNext('chat.postMessage', { status: 500 }, { times: 4 });
      const failed = await harness.jobs.runAlerts();
      expect(failed?.failures.length).toBeGreaterThan(0);
      expect(failed?.failures).toContainEqual(expect.objectContaining({ unknown: true }));
      harness.standIn.failNext('chat.postMessage', { status: 429, retryAfter: 30 }, { times: 1 });
      // Later runs, as the scheduler would make them: a post left unknown is reconciled after a minute.
      harness.clock.now = new Date(DEMO_NOW.getTime() + 60_000);
      await harness.jobs.runAlerts();
      harness.clock.now = new Date(DEMO_NOW.getTime() + 120_000);
      await harness.jobs.runAlerts();
      const fingerprints = new Set((await harness.services.store.loadForRun(new Date(0))).map((i) => i.fingerprint));
      const posted = await harness.services.store.loadForRun(new Date(0));
      expect(posted.every((incident) => incident.messages.every((m) => m.ts !== null))).toBe(true);
      expect(fingerprints.size).toBeGreaterThan(5);
    } finally {
      await harness.stop();
      file.remove();
    }
  });

  it('says once that monitoring is degraded when the warehouse stays down, and once that it recovered', async () => {
    const file = await makeDemoFile();
    const harness = await startHarness({ duckdbPath: file.path, now: DEMO_NOW });
    try {
      await harness.jobs.runAlerts();
      const opsPosts = () => harness.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === 'fivetran-ops' && /degraded|recovered/.test(String(c.args.text)));
      harness.warehouse.down = true;
      for (let run = 0; run < 5; run += 1) expect(await harness.jobs.runAlerts()).toBeNull();
      expect(opsPosts().map((c) => String(c.args.text))).toEqual([expect.stringMatching(/Monitoring is degraded: the last 3 runs/)]);
      const incidents = await (async () => {
        harness.warehouse.down = false;
        return harness.services.store.loadForRun(new Date(0));
      })();
      expect(incidents.every((i) => i.status !== 'resolved')).toBe(true);
      await harness.jobs.runAlerts();
      await harness.jobs.runAlerts();
      expect(opsPosts().map((c) => String(c.args.text))).toEqual([expect.stringMatching(/degraded/), expect.stringMatching(/Monitoring recovered/)]);
    } finally {
      await harness.stop();
      file.remove();
    }
  });

  it('posts nothing twice and keeps acknowledgements after a restart', async () => {
    const file = await makeDemoFile();
    let harness = await startHarness({ duckdbPath: file.path, now: DEMO_NOW });
    let incidentId: string;
    try {
      await harness.jobs.runAlerts();
      const [message] = harness.standIn.messages(CHANNELS.acme.id);
      incidentId = elementOf(message, 'acknowledgeAlert')!.value!;
      await harness.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: message!.ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
      await eventually(() => messageText(harness.standIn.message(CHANNELS.acme.id, message!.ts)).includes('Acknowledged'), undefined, 'the acknowledgement');
    } finally {
      await harness.stop();
    }
    harness = await startHarness({ duckdbPath: file.path, now: DEMO_NOW });
    try {
      await harness.jobs.runAlerts();
      expect(harness.standIn.callsTo('chat.postMessage').filter((c) => c.ok)).toHaveLength(0);
      const [incident] = await harness.services.store.getIncidents([incidentId]);
      expect(incident).toMatchObject({ status: 'acknowledged', ackedBy: USERS.acme.id });
    } finally {
      await harness.stop();
      file.remove();
    }
  });
});
