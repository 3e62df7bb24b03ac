import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredMessage } from '../../src/preview/standin';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, USERS, type Harness } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { elementOf, messageText } from '../support/slackMessages';

/**
 * One incident per connection, end to end: the real Slack app over loopback HTTP against the
 * Slack stand-in, on a real DuckDB demo file whose LOG the tests write into as Fivetran would.
 */

const minutes = (n: number) => new Date(DEMO_NOW.getTime() + n * 60_000);
const ONCALL = '<!subteam^S0ONCALL>';
const ACME_WARNINGS = '<@U0ACMEDATA>';

type Channel = { id: string; name: string };

function topLevel(pulse: Harness, channel: Channel): StoredMessage[] {
  return pulse.standIn.messages(channel.id).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
}

/** Top-level messages of the channel about one connection. */
function about(pulse: Harness, channel: Channel, name: string): StoredMessage[] {
  return topLevel(pulse, channel).filter((m) => messageText(m).includes(name));
}

function updatesOf(pulse: Harness, channel: Channel, ts: string) {
  return pulse.standIn.callsTo('chat.update').filter((call) => call.ok && call.args.channel === channel.id && call.args.ts === ts);
}

/** Writes LOG rows as the Platform Connector would, each loaded (`_fivetran_synced`) when it happened. */
async function log(pulse: Harness, rows: Array<{ id: string; at: Date; connection: string; event?: string; messageEvent: string; data: unknown; sync?: string }>): Promise<void> {
  for (const row of rows) {
    await pulse.services.monitor.warehouse.query(
      `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
       VALUES (?, ?::TIMESTAMP, ?, ?, ?, ?, ?, ?::TIMESTAMP)`,
      [row.id, row.at.toISOString(), row.connection, row.event ?? 'INFO', row.messageEvent, JSON.stringify(row.data), row.sync ?? null, row.at.toISOString()],
      { tag: 'test:log' },
    );
  }
}

async function failedSync(pulse: Harness, connection: string, id: string, endedAt: Date): Promise<void> {
  await log(pulse, [
    { id: `${id}-start`, at: new Date(endedAt.getTime() - 120_000), connection, messageEvent: 'sync_start', data: {}, sync: id },
    { id: `${id}-end`, at: endedAt, connection, messageEvent: 'sync_end', data: { status: 'FAILURE', reason: 'FATAL: too many connections for role "fivetran"' }, sync: id },
  ]);
}

async function runAt(pulse: Harness, at: Date) {
  pulse.clock.now = at;
  const report = await pulse.jobs.runAlerts();
  expect(report?.failures).toEqual([]);
  return report!;
}

describe('a connection in trouble is one incident: one message per channel, edited as its rules start and clear', () => {
  /** acme_salesforce: the demo's healthy hourly connection of tenant acme, whose channel is #acme-data. */
  const CONNECTION = { id: 'calendar_elected', name: 'acme_salesforce' };
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let dir: string;
  let pulse: Harness;

  beforeAll(async () => {
    demo = await makeDemoFile();
    dir = mkdtempSync(join(tmpdir(), 'pulse-rules-'));
    const rulesFile = join(dir, 'rules.json');
    // Critical incidents mention the on-call group (ALERT_MENTION), but never globex's; acme's warnings mention its data team.
    writeFileSync(rulesFile, JSON.stringify({ tenants: { globex: { mention: { critical: null } }, acme: { mention: { warning: ACME_WARNINGS } } } }));
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, env: { ALERT_MENTION: ONCALL, ALERT_RULES_FILE: rulesFile } });
    await runAt(pulse, DEMO_NOW);
  });
  afterAll(async () => {
    await pulse?.stop();
    demo?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('posts globex_postgres, failing, late and erring at once, as one message with its three rules, worst first', () => {
    const [message, ...more] = about(pulse, CHANNELS.globex, 'globex_postgres');
    expect(more).toEqual([]);
    expect(messageText(message)).toMatch(/Sync failed[\s\S]*Sync delayed[\s\S]*Frequent errors/);
    expect(elementOf(message, 'acknowledgeAlert')).toBeDefined();
  });

  it('fails, then errors, then goes late: one message per channel, edited twice, each step noted in its thread by connection and rule', async () => {
    // The sync fails.
    await failedSync(pulse, CONNECTION.id, 'step-1', minutes(-1));
    await runAt(pulse, DEMO_NOW);
    const posted = [CHANNELS.acme, CHANNELS.ops].map((channel) => {
      const messages = about(pulse, channel, CONNECTION.name);
      expect({ channel: channel.name, count: messages.length }).toEqual({ channel: channel.name, count: 1 });
      expect(messageText(messages[0])).toContain('Sync failed');
      return { channel, ts: messages[0]!.ts };
    });

    // Then it logs errors, five within the 24 h counted.
    await log(pulse, [1, 2, 3, 4, 5].map((n) => ({
      id: `step-2-${n}`, at: minutes(n), connection: CONNECTION.id, event: 'SEVERE', messageEvent: 'error', data: { type: 'api_error', message: `Salesforce API refused request ${n}` },
    })));
    await runAt(pulse, minutes(6));

    // Then no sync succeeds for more than twice its hourly frequency.
    const { assessment } = await pulse.services.monitor.judge(minutes(6));
    const lastSuccess = Date.parse(assessment.connections.find((c) => c.connectionId === CONNECTION.id)!.lastSuccessfulSyncAt!);
    const late = new Date(Math.max(lastSuccess + 125 * 60_000, minutes(10).getTime()));
    await failedSync(pulse, CONNECTION.id, 'step-3', late);
    await runAt(pulse, new Date(late.getTime() + 60_000));

    for (const { channel, ts } of posted) {
      expect(about(pulse, channel, CONNECTION.name).map((m) => m.ts)).toEqual([ts]);
      const edits = updatesOf(pulse, channel, ts);
      expect({ channel: channel.name, edits: edits.length }).toEqual({ channel: channel.name, edits: 2 });
      expect(JSON.stringify(edits[1]!.args.blocks)).toMatch(/Sync failed[\s\S]*Sync delayed[\s\S]*Frequent errors/);
      const notes = pulse.standIn.replies(channel.id, ts).map((reply) => reply.text);
      expect(notes).toEqual([
        expect.stringMatching(/^acme_salesforce: Frequent errors started firing/),
        expect.stringMatching(/^acme_salesforce: Sync delayed started firing/),
      ]);
    }
    for (const call of [...pulse.standIn.callsTo('chat.postMessage'), ...pulse.standIn.callsTo('chat.update')]) assertWithinSlackLimits(call.args);
  }, 60_000);

  it('mentions only where configured: on new posts and reminders, never in edits or thread notes', async () => {
    const posts = pulse.standIn.callsTo('chat.postMessage').filter((call) => call.ok && call.args.thread_ts === undefined);
    const inChannel = (call: (typeof posts)[number], channel: Channel) => [channel.id, channel.name].includes(String(call.args.channel).replace(/^#/, ''));
    const postAbout = (channel: Channel, name: string) => posts.find((call) => inChannel(call, channel) && JSON.stringify(call.args).includes(name));
    // Critical: the on-call group, but globex said nobody.
    expect(String(postAbout(CHANNELS.acme, 'hubspot_acme')?.args.text)).toMatch(new RegExp(`^${ONCALL.replace(/[\^|]/g, '\\$&')} `));
    expect(JSON.stringify(postAbout(CHANNELS.acme, 'acme_salesforce')?.args)).toContain(ONCALL);
    expect(JSON.stringify(postAbout(CHANNELS.globex, 'globex_postgres')?.args)).not.toMatch(/subteam|<@U/);
    // A warning mentions someone only where the rules file says so.
    expect(JSON.stringify(postAbout(CHANNELS.globex, 'globex_netsuite')?.args)).not.toMatch(/subteam|<@U/);
    expect(JSON.stringify(pulse.standIn.callsTo('chat.update').map((call) => call.args))).not.toMatch(/subteam|<@U0ACMEDATA>/);
    const notes = pulse.standIn.callsTo('chat.postMessage').filter((call) => call.args.thread_ts !== undefined);
    expect(notes.length).toBeGreaterThan(0);
    expect(JSON.stringify(notes.map((call) => call.args))).not.toMatch(/subteam|<@U0ACMEDATA>/);

    // A day later nobody has acknowledged anything: the reminders mention as the posts did.
    const before = pulse.standIn.callsTo('chat.postMessage').length;
    await runAt(pulse, new Date(pulse.clock.now.getTime() + 25 * 3_600_000));
    const reminders = pulse.standIn.callsTo('chat.postMessage').slice(before).filter((call) => call.args.thread_ts !== undefined && /^(<[^>]+> )*Reminder/.test(String(call.args.text)));
    const reminder = (channel: Channel, name: string) => reminders.find((call) => call.args.channel === channel.id && String(call.args.text).includes(name));
    expect(String(reminder(CHANNELS.acme, 'hubspot_acme')?.args.text)).toContain(ONCALL);
    expect(String(reminder(CHANNELS.globex, 'globex_postgres')?.args.text)).not.toMatch(/subteam|<@U/);
  }, 60_000);
});

describe('flapping: a failure, a success, a failure again within the quiet period', () => {
  /** hubspot_acme: the demo's failing connection of tenant acme. */
  const FAILING = 'spry_kestrel';
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;

  beforeAll(async () => {
    demo = await makeDemoFile();
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW });
  });
  afterAll(async () => {
    await pulse?.stop();
    demo?.remove();
  });

  it('reopens the same message, which says so in its thread, instead of posting a new one', async () => {
    await runAt(pulse, DEMO_NOW);
    const [message] = about(pulse, CHANNELS.acme, 'hubspot_acme');
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: message!.ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
    await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts)).includes('Acknowledged by'), 10_000, 'the acknowledgement');

    await log(pulse, [{ id: 'ok-1', at: minutes(-0.5), connection: FAILING, messageEvent: 'sync_end', data: { status: 'SUCCESSFUL' }, sync: 'ok-1' }]);
    expect((await runAt(pulse, DEMO_NOW)).resolved).toBe(1);
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts))).toContain('Resolved');

    await failedSync(pulse, FAILING, 'again-1', minutes(20));
    const report = await runAt(pulse, minutes(21));
    expect(report.posted).toBe(0);
    expect(about(pulse, CHANNELS.acme, 'hubspot_acme').map((m) => m.ts)).toEqual([message!.ts]);
    const now = pulse.standIn.message(CHANNELS.acme.id, message!.ts);
    expect(messageText(now)).not.toContain('Resolved');
    // A new episode: nobody has acknowledged it yet.
    expect(elementOf(now, 'acknowledgeAlert')).toBeDefined();
    expect(pulse.standIn.replies(CHANNELS.acme.id, message!.ts).map((reply) => reply.text)).toEqual([
      expect.stringMatching(/^Resolved: hubspot_acme: Sync failed cleared after/),
      expect.stringMatching(/^Firing again: hubspot_acme: Sync failed \(it had cleared 21 min before\)/),
    ]);
    // The grouped ops message shows it firing again too.
    const ops = topLevel(pulse, CHANNELS.ops).find((m) => messageText(m).includes('hubspot_acme'));
    expect(messageText(ops)).not.toMatch(/hubspot_acme[^\\]*\\n:white_check_mark: Resolved/);
  }, 60_000);
});

describe('a storm of incidents in one run', () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  let grouped: StoredMessage;

  /** The counts a grouped message shows, in its header, its counts line and its notification text. */
  function counts(message: StoredMessage | undefined) {
    const blocks = (message?.blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
    const header = /(\d+) incidents firing/.exec(blocks.find((b) => b.type === 'header')?.text?.text ?? '');
    const body = /\*(\d+)\* critical · \*(\d+)\* warning(?: · \*(\d+)\* resolved)?/.exec(blocks[1]?.text?.text ?? '');
    const text = /^(\d+) incidents firing \((\d+) critical, (\d+) warning(?:, (\d+) resolved)?\)/.exec(message?.text ?? '');
    return {
      header: Number(header?.[1]),
      body: { firing: Number(body?.[1]) + Number(body?.[2]), resolved: Number(body?.[3] ?? 0) },
      text: { firing: Number(text?.[1]), severities: Number(text?.[2]) + Number(text?.[3]), resolved: Number(text?.[4] ?? 0) },
    };
  }

  beforeAll(async () => {
    demo = await makeDemoFile({ connections: 40, days: 7 });
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW });
    // Every connection's latest sync fails at once (a warehouse-wide outage).
    await pulse.services.monitor.warehouse.query(
      `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
       SELECT 'storm-' || connection_id, ?::TIMESTAMP, connection_id, 'INFO', 'sync_end', '{"status":"FAILURE","reason":"destination unreachable"}', 'storm-' || connection_id, ?::TIMESTAMP
       FROM FIVETRAN_LOG.CONNECTION WHERE connector_type_id <> 'fivetran_log'`,
      [minutes(-1).toISOString(), minutes(-1).toISOString()],
      { tag: 'test:storm' },
    );
    await runAt(pulse, DEMO_NOW);
    grouped = topLevel(pulse, CHANNELS.ops)[0]!;
  }, 60_000);
  afterAll(async () => {
    await pulse?.stop();
    demo?.remove();
  });

  it('posts one grouped message per channel in which every incident can be acknowledged, snoozed and opened', async () => {
    expect(topLevel(pulse, CHANNELS.ops)).toHaveLength(1);
    const members = await pulse.services.store.findByMessage(CHANNELS.ops.id, grouped.ts);
    expect(members.length).toBeGreaterThanOrEqual(30);
    expect(new Set(members.map((m) => m.connectionId)).size).toBe(members.length);
    assertWithinSlackLimits(grouped);
    expect(counts(grouped)).toEqual({ header: members.length, body: { firing: members.length, resolved: 0 }, text: { firing: members.length, severities: members.length, resolved: 0 } });

    // What the message holds itself, each with its own menu; the rest are a "Show all" away.
    const menus = (message: StoredMessage | undefined) =>
      ((message?.blocks ?? []) as Array<{ block_id?: string; accessory?: { action_id: string; options: Array<{ value: string }> } }>)
        .filter((b) => b.accessory?.action_id === 'alertMenu')
        .map((b) => ({ blockId: b.block_id!, values: b.accessory!.options.map((o) => o.value) }));
    const reachable = new Map(menus(grouped).map((menu) => [menu.values.find((v) => v.startsWith('acknowledge:'))!.slice('acknowledge:'.length), menu]));
    expect(reachable.size).toBeGreaterThan(3);
    expect(reachable.size).toBeLessThan(members.length);
    const showAll = elementOf(grouped, 'showAlertGroup');
    expect(showAll).toBeDefined();

    let responses = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: grouped.ts, actionId: 'showAlertGroup', userId: USERS.ops.id });
    let list = await eventually(() => pulse.standIn.responses[responses], 10_000, 'the full list');
    expect(list.body.response_type).toBe('ephemeral');
    expect(list.body.replace_original).toBe(false);
    const listed = new Map<string, { blockId: string; ts: string }>();
    for (let page = 1; page < 20; page += 1) {
      const shown = pulse.standIn.timeline(CHANNELS.ops.id).filter((entry): entry is StoredMessage => entry.type === 'message' && entry.ephemeralTo === USERS.ops.id).at(-1)!;
      assertWithinSlackLimits(shown);
      for (const menu of menus(shown)) {
        const acknowledge = menu.values.find((v) => v.startsWith('acknowledge:'));
        expect(menu.values.filter((v) => /^(snooze_4h|snooze_dashboard|details|open):/.test(v))).toHaveLength(4);
        if (acknowledge) listed.set(acknowledge.slice('acknowledge:'.length), { blockId: menu.blockId, ts: shown.ts });
      }
      const next = elementOf(shown, 'nextAlertGroupPage');
      if (!next) break;
      responses = pulse.standIn.responses.length;
      await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: shown.ts, actionId: 'nextAlertGroupPage', userId: USERS.ops.id });
      list = await eventually(() => pulse.standIn.responses[responses], 10_000, `page ${page + 1}`);
      expect(list.body.replace_original).toBe(true);
    }
    expect([...listed.keys()].sort()).toEqual(members.map((m) => m.incidentId).sort());

    // Acknowledge one the message itself has no room for, from the list: it is acknowledged, every
    // copy of its messages is edited, and the list shows it acknowledged.
    // The list is one private message whose pages replace each other: pick from the page it shows now.
    const [incidentId, where] = [...listed].filter(([, at]) => messageText(pulse.standIn.message(CHANNELS.ops.id, at.ts)).includes(at.blockId)).find(([id]) => !reachable.has(id))!;
    responses = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: where.ts, actionId: 'alertMenu', blockId: where.blockId, selectedOption: `acknowledge:${incidentId}`, userId: USERS.ops.id });
    const refreshed = await eventually(() => pulse.standIn.responses.slice(responses).find((r) => r.body.replace_original === true), 10_000, 'the list shown again');
    expect(JSON.stringify(refreshed.body)).toContain(`Acknowledged by <@${USERS.ops.id}>`);
    const [acked] = await pulse.services.store.getIncidents([incidentId]);
    expect(acked).toMatchObject({ status: 'acknowledged', ackedBy: USERS.ops.id });
    expect(messageText(pulse.standIn.message(CHANNELS.ops.id, grouped.ts))).toMatch(/Acknowledge all \d+/);
  }, 90_000);

  it('keeps header, body and notification counts in agreement after some incidents resolve', async () => {
    const members = await pulse.services.store.findByMessage(CHANNELS.ops.id, grouped.ts);
    const recovering = members.slice(0, 3).map((m) => m.connectionId!);
    await log(pulse, recovering.map((connection, i) => ({ id: `recovered-${i}`, at: minutes(1), connection, messageEvent: 'sync_end', data: { status: 'SUCCESSFUL' }, sync: `recovered-${i}` })));
    // Other rules (a delay, errors) may keep a recovering connection in trouble: count what the store says.
    await runAt(pulse, minutes(2));
    const after = await pulse.services.store.findByMessage(CHANNELS.ops.id, grouped.ts);
    const resolved = after.filter((m) => m.status === 'resolved').length;
    expect(resolved).toBeGreaterThan(0);
    const firing = after.length - resolved;
    const edited = pulse.standIn.message(CHANNELS.ops.id, grouped.ts);
    expect(counts(edited)).toEqual({ header: firing, body: { firing, resolved }, text: { firing, severities: firing, resolved } });
    // Names in the notification are each said once.
    const names = String(edited?.text).replace(/^[^:]*: /, '').replace(/ and \d+ more$/, '').split(', ');
    expect(new Set(names).size).toBe(names.length);
    const notes = pulse.standIn.replies(CHANNELS.ops.id, grouped.ts);
    expect(notes.at(-1)?.text).toMatch(/incidents in this message changed|^Resolved: /);
    for (const name of after.filter((m) => m.status === 'resolved').map((m) => m.connectionName!)) expect(JSON.stringify(notes.at(-1))).toContain(name);
  }, 60_000);
});
