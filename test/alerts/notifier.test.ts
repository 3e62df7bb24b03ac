import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acknowledgeAlert } from '../../src/alerts/acknowledgeAlert';
import { incidentKeyOf } from '../../src/alerts/incidents';
import type { Warehouse } from '../../src/warehouse/types';
import { ACTION_IDS } from '../../src/views/blocks/actionIds';
import { renderAlertMessage } from '../../src/views/blocks/alertMessages';
import { NOW, anAlert, anIncident, hoursAfter, manyAlerts } from '../support/fixtures/assessment';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { GLOBEX_CHANNEL, OPS, startPulse } from './support/harness';
import { RecordingSlack } from './support/recordingSlack';
import { fileWarehouse, memoryWarehouse } from './support/warehouse';

const at = (hours: number) => new Date(hoursAfter(NOW, hours));
const globexAlert = anAlert();
const acmeAlert = anAlert({ connectionId: 'calendar_elected', connectionName: 'salesforce_acme', tenantId: 'acme', fingerprint: 'sync_delayed:calendar_elected', rule: 'sync_delayed', severity: 'warning', summary: 'No sync for 5 h (expected hourly)' });

function blockText(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe('alert notifier on DuckDB', () => {
  let warehouse: Warehouse;

  beforeEach(() => {
    warehouse = memoryWarehouse();
  });

  afterEach(async () => {
    await warehouse.close();
  });

  it('posts a new alert once to the ops channel and to its tenant channel, and never again while it stays open', async () => {
    const { notifier, slack, store } = await startPulse(warehouse);
    const first = await notifier.run([globexAlert, acmeAlert], at(0));
    expect(first.posted).toBe(3);
    expect(slack.topLevel().map((post) => post.channel).sort()).toEqual([OPS, OPS, GLOBEX_CHANNEL].sort());
    for (const post of slack.posts) assertWithinSlackLimits(post, `post to ${post.channel}`);
    expect(slack.topLevel().find((post) => post.channel === GLOBEX_CHANNEL)?.text).toContain('postgres_globex');

    for (const hours of [1, 2, 23]) await notifier.run([globexAlert, acmeAlert], at(hours));
    expect(slack.posts).toHaveLength(3);
    expect(slack.updates).toHaveLength(0);

    const [incident] = await store.loadForRun(at(0)).then((all) => all.filter((i) => i.fingerprint === incidentKeyOf(globexAlert)));
    expect(incident?.messages.map((m) => [m.channel, m.channelId, m.ts !== null]).sort()).toEqual([
      [OPS, RecordingSlack.idFor(OPS), true],
      [GLOBEX_CHANNEL, RecordingSlack.idFor(GLOBEX_CHANNEL), true],
    ]);
    const trail = await store.listAudit({ incidentId: incident!.incidentId });
    expect(trail.map((entry) => entry.action).sort()).toEqual(['opened', 'posted', 'posted']);
  });

  it('paces messages to one channel and leaves different channels unpaced', async () => {
    const { notifier, sleeps } = await startPulse(warehouse);
    await notifier.run([globexAlert, acmeAlert], at(0));
    // Two posts to the ops channel: one pause between them; the tenant channel's single post waits for nothing.
    expect(sleeps).toEqual([1100]);
  });

  it('reminds in the thread after ALERT_REPEAT_HOURS when nobody acknowledged, then waits another interval', async () => {
    const { notifier, slack } = await startPulse(warehouse);
    await notifier.run([acmeAlert], at(0));
    const original = slack.topLevel()[0]!;

    await notifier.run([acmeAlert], at(23.9));
    expect(slack.replies()).toHaveLength(0);

    const report = await notifier.run([acmeAlert], at(24));
    expect(report.reminded).toBe(1);
    expect(slack.replies()).toEqual([expect.objectContaining({ channel: original.channelId, thread_ts: original.ts })]);
    expect(slack.replies()[0]!.text).toMatch(/Reminder/);
    assertWithinSlackLimits(slack.replies()[0]!, 'reminder');

    await notifier.run([acmeAlert], at(47));
    expect(slack.replies()).toHaveLength(1);
    await notifier.run([acmeAlert], at(48));
    expect(slack.replies()).toHaveLength(2);
  });

  it('edits an acknowledged alert everywhere it was posted and reminds no more', async () => {
    const { notifier, slack, store } = await startPulse(warehouse);
    await notifier.run([globexAlert], at(0));
    const posted = slack.topLevel()[0]!;
    const result = await acknowledgeAlert(store, { target: { incidentId: (await store.findByMessage(posted.channelId, posted.ts))[0]!.incidentId }, userId: 'U0ALICE', now: at(1) });
    expect(result.outcome).toBe('done');
    expect(result.edits.map((edit) => edit.channel).sort()).toEqual([RecordingSlack.idFor(GLOBEX_CHANNEL), RecordingSlack.idFor(OPS)].sort());
    for (const edit of result.edits.map(renderAlertMessage)) {
      expect(blockText(edit.blocks)).toContain('Acknowledged by <@U0ALICE>');
      expect(blockText(edit.blocks)).not.toContain(ACTION_IDS.acknowledgeAlert);
      assertWithinSlackLimits(edit, 'acknowledged alert');
    }
    await notifier.run([globexAlert], at(30));
    await notifier.run([globexAlert], at(60));
    expect(slack.replies()).toHaveLength(0);
  });

  it('edits the message to resolved with a thread note when the alert clears, and posts anew when it fires again', async () => {
    const { notifier, slack, store } = await startPulse(warehouse);
    await notifier.run([acmeAlert], at(0));
    const original = slack.topLevel()[0]!;

    const cleared = await notifier.run([], at(2));
    expect(cleared.resolved).toBe(1);
    expect(slack.updates).toEqual([expect.objectContaining({ channel: original.channelId, ts: original.ts })]);
    expect(blockText(slack.updates[0]!.blocks)).toContain('Resolved');
    expect(slack.replies()).toEqual([expect.objectContaining({ thread_ts: original.ts })]);
    expect(slack.replies()[0]!.text).toMatch(/^Resolved/);

    await notifier.run([], at(3));
    expect(slack.updates).toHaveLength(1);

    await notifier.run([acmeAlert], at(5));
    expect(slack.topLevel()).toHaveLength(2);
    const incidents = await store.listRecent(10);
    expect(incidents.map((incident) => incident.status).sort()).toEqual(['open', 'resolved']);
  });

  it('groups a storm into one message per channel and lets the group be acknowledged at once', async () => {
    const { notifier, slack, store } = await startPulse(warehouse);
    const storm = manyAlerts(7, { tenantId: 'acme' });
    const report = await notifier.run(storm, at(0));
    expect(report.posted).toBe(1);
    const grouped = slack.topLevel()[0]!;
    assertWithinSlackLimits(grouped, 'grouped message');
    expect(grouped.text).toMatch(/7 incidents firing/);

    const members = await store.findByMessage(grouped.channelId, grouped.ts);
    expect(members).toHaveLength(7);
    const groupId = members[0]!.messages[0]!.groupId!;
    const result = await acknowledgeAlert(store, { target: { groupId }, userId: 'U0BOB', now: at(1) });
    expect(result.changed).toHaveLength(7);
    expect(result.edits).toHaveLength(1);
    expect(result.edits[0]).toMatchObject({ channel: grouped.channelId, ts: grouped.ts });

    // One alert of the group clears: the grouped message is re-rendered whole, with one note.
    await notifier.run(storm.slice(1), at(2));
    expect(slack.updates).toHaveLength(1);
    assertWithinSlackLimits(slack.updates[0]!, 'grouped message after one resolved');
    expect(slack.replies()).toHaveLength(1);
  });

  it('keeps going when one channel fails, and posts the failed one on the next run', async () => {
    const slack = new RecordingSlack();
    slack.failing.set(GLOBEX_CHANNEL, 'internal_error');
    const { notifier, store } = await startPulse(warehouse, slack);
    const report = await notifier.run([globexAlert, acmeAlert], at(0));
    expect(report.posted).toBe(2);
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'post', channel: GLOBEX_CHANNEL, error: expect.stringContaining('internal_error') })]);
    expect(slack.topLevel().map((post) => post.channel)).toEqual([OPS, OPS]);
    const trail = await store.listAudit();
    expect(trail.filter((entry) => entry.action === 'post_failed')).toEqual([expect.objectContaining({ channel: GLOBEX_CHANNEL })]);

    slack.failing.clear();
    const retry = await notifier.run([globexAlert, acmeAlert], at(1));
    expect(retry.posted).toBe(1);
    expect(slack.topLevel().map((post) => post.channel)).toEqual([OPS, OPS, GLOBEX_CHANNEL]);
    await notifier.run([globexAlert, acmeAlert], at(2));
    expect(slack.topLevel()).toHaveLength(3);
  });

  it('defers the rest of a failing channel to the next run instead of hammering it', async () => {
    const slack = new RecordingSlack();
    slack.failing.set(OPS, 'ratelimited');
    const { notifier } = await startPulse(warehouse, slack);
    const report = await notifier.run(manyAlerts(3, { tenantId: 'acme' }), at(0));
    expect(report.posted).toBe(0);
    expect(report.failures.map((failure) => failure.error)).toEqual([
      expect.stringContaining('ratelimited'),
      expect.stringContaining('deferred'),
      expect.stringContaining('deferred'),
    ]);
    slack.failing.clear();
    expect((await notifier.run(manyAlerts(3, { tenantId: 'acme' }), at(1))).posted).toBe(3);
  });

  it('posts a claim a run died holding at the next run, once, when Slack never had it', async () => {
    const { notifier, slack, store } = await startPulse(warehouse);
    // A run that died between claiming its post and sending it.
    await store.insertIncidents([anIncident({ incidentId: 'inc_crash', connectionId: 'calendar_elected', tenantId: 'acme', openedAt: NOW, lastSeenAt: NOW, messages: [] })]);
    await store.claimPostings([{ incidentId: 'inc_crash', fingerprint: incidentKeyOf(acmeAlert), channel: OPS, groupId: null, claimToken: 'clm_crashed' }], [], at(0));

    await notifier.run([acmeAlert], at(0.1));
    expect(slack.topLevel()).toHaveLength(1);
    const [incident] = await store.getIncidents(['inc_crash']);
    expect(incident?.messages).toEqual([expect.objectContaining({ channel: OPS, ts: slack.posts[0]!.ts })]);
    expect(incident?.messages[0]!.claimToken).not.toBe('clm_crashed');

    await notifier.run([acmeAlert], at(0.2));
    await notifier.run([acmeAlert], at(1));
    expect(slack.posts).toHaveLength(1);
  });

  it('records the message of a claim a run died holding when Slack has it, and posts nothing', async () => {
    const { notifier, slack, store } = await startPulse(warehouse);
    await store.insertIncidents([anIncident({ incidentId: 'inc_crash', connectionId: 'calendar_elected', tenantId: 'acme', openedAt: NOW, lastSeenAt: NOW, messages: [] })]);
    await store.claimPostings([{ incidentId: 'inc_crash', fingerprint: incidentKeyOf(acmeAlert), channel: OPS, groupId: null, claimToken: 'clm_crashed' }], [], at(0));
    // The run died after Slack posted, before it heard back.
    const arrived = await slack.postMessage({ channel: OPS, text: 'the alert', blocks: [], metadata: { event_type: 'pulse_alert', event_payload: { claim: 'clm_crashed' } } });

    const report = await notifier.run([acmeAlert], at(0.1));
    expect(report).toMatchObject({ posted: 0, reconciled: 1 });
    expect(slack.posts).toHaveLength(1);
    const [incident] = await store.getIncidents(['inc_crash']);
    expect(incident?.messages).toEqual([expect.objectContaining({ channel: OPS, ts: arrived.ts, claimToken: 'clm_crashed' })]);
  });

  it('runs started together on the same database post each alert once', async () => {
    const one = await startPulse(warehouse);
    const two = await startPulse(warehouse, one.slack);
    await Promise.all([one.notifier.run([globexAlert, acmeAlert], at(0)), two.notifier.run([globexAlert, acmeAlert], at(0))]);
    expect(one.slack.topLevel()).toHaveLength(3);
  });

  it('after a restart posts nothing twice and keeps acknowledgements (same database, new store)', async () => {
    const before = await startPulse(warehouse);
    await before.notifier.run([globexAlert, acmeAlert], at(0));
    const acked = (await before.store.loadForRun(at(0))).find((incident) => incident.fingerprint === incidentKeyOf(globexAlert))!;
    await acknowledgeAlert(before.store, { target: { incidentId: acked.incidentId }, userId: 'U0CAROL', now: at(1) });

    const after = await startPulse(warehouse);
    await after.notifier.run([globexAlert, acmeAlert], at(2));
    expect(after.slack.posts).toHaveLength(0);
    await after.notifier.run([globexAlert, acmeAlert], at(26));
    // Only the unacknowledged alert is reminded about.
    expect(after.slack.replies()).toHaveLength(1);
    expect(after.slack.replies()[0]!.thread_ts).toBe(before.slack.topLevel().find((post) => post.text.includes('salesforce_acme'))!.ts);
    const [stillAcked] = await after.store.getIncidents([acked.incidentId]);
    expect(stillAcked).toMatchObject({ status: 'acknowledged', ackedBy: 'U0CAROL' });
  });

  it('after a real process restart on a database file posts nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-alerts-'));
    const path = join(dir, 'state.duckdb');
    try {
      const first = fileWarehouse(path);
      const before = await startPulse(first);
      await before.notifier.run([globexAlert], at(0));
      const [incident] = await before.store.loadForRun(at(0));
      await acknowledgeAlert(before.store, { target: { incidentId: incident!.incidentId }, userId: 'U0DAVE', now: at(1) });
      await first.close();

      const second = fileWarehouse(path);
      try {
        const after = await startPulse(second);
        await after.notifier.run([globexAlert], at(30));
        expect(after.slack.posts).toHaveLength(0);
        expect((await after.store.getIncidents([incident!.incidentId]))[0]).toMatchObject({ status: 'acknowledged', ackedBy: 'U0DAVE' });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('one incident per connection', () => {
    const failed = anAlert();
    const errors = anAlert({ rule: 'frequent_errors', severity: 'warning', fingerprint: 'frequent_errors:broken_pipe', summary: 'postgres_globex: 10 errors in the last 24 h', details: { errors24h: 10, threshold: 5 } });
    const delayed = anAlert({ rule: 'sync_delayed', severity: 'warning', fingerprint: 'sync_delayed:broken_pipe', summary: 'postgres_globex: no successful sync for 3 h' });

    it('posts one message per channel, edits it as rules start and clear, and notes each in its thread by connection and rule', async () => {
      const { notifier, slack, store } = await startPulse(warehouse);
      await notifier.run([failed], at(0));
      await notifier.run([failed, errors], at(1));
      await notifier.run([failed, errors, delayed], at(2));
      expect(slack.topLevel().map((post) => post.channel).sort()).toEqual([GLOBEX_CHANNEL, OPS].sort());
      for (const posted of slack.topLevel()) {
        const edits = slack.updates.filter((update) => update.ts === posted.ts);
        expect(edits).toHaveLength(2);
        expect(blockText(edits[1]!.blocks)).toMatch(/Sync failed[\s\S]*Sync delayed[\s\S]*Frequent errors/);
        const notes = slack.replies().filter((reply) => reply.thread_ts === posted.ts);
        expect(notes.map((note) => note.text)).toEqual([
          expect.stringMatching(/^postgres_globex: Frequent errors started firing/),
          expect.stringMatching(/^postgres_globex: Sync delayed started firing/),
        ]);
      }
      await notifier.run([errors, delayed], at(3));
      expect(slack.replies().at(-1)!.text).toMatch(/^postgres_globex: Sync failed cleared; firing now: Sync delayed, Frequent errors/);
      await notifier.run([], at(4));
      expect(slack.replies().at(-1)!.text).toMatch(/^Resolved: postgres_globex: Sync delayed, Frequent errors cleared after/);
      const [incident] = await store.listRecent(5);
      expect(incident).toMatchObject({ status: 'resolved' });
      const trail = (await store.listAudit({ incidentId: incident!.incidentId })).map((entry) => [entry.action, entry.fingerprint, entry.detail]);
      expect(trail).toEqual(expect.arrayContaining([['rule_started', 'frequent_errors:broken_pipe', 'frequent_errors'], ['rule_cleared', 'sync_failed:broken_pipe', 'sync_failed']]));
    });

    it('reopens the same message when an incident fires again within the quiet period, and posts anew after it', async () => {
      const { notifier, slack, store } = await startPulse(warehouse, new RecordingSlack(), { reopenWithinMinutes: 60 });
      await notifier.run([failed], at(0));
      const ack = (await store.loadForRun(at(0)))[0]!;
      await acknowledgeAlert(store, { target: { incidentId: ack.incidentId }, userId: 'U0ALICE', now: at(0.1) });
      await notifier.run([], at(1));
      const report = await notifier.run([failed], at(1.5));
      expect(report.posted).toBe(0);
      expect(slack.topLevel()).toHaveLength(2);
      const [reopened] = await store.getIncidents([ack.incidentId]);
      expect(reopened).toMatchObject({ status: 'open', ackedBy: null, resolvedAt: null });
      expect(blockText(slack.updates.at(-1)!.blocks)).toContain(ACTION_IDS.acknowledgeAlert);
      expect(slack.replies().at(-1)!.text).toMatch(/^Firing again: postgres_globex: Sync failed \(it had cleared 30 min before\)/);
      expect((await store.listAudit({ incidentId: ack.incidentId })).map((entry) => entry.action)).toContain('reopened');
      // Its reminder counts from the note that said it fires again.
      expect(reopened!.messages.every((message) => message.remindedAt === at(1.5).toISOString())).toBe(true);

      await notifier.run([], at(2));
      await notifier.run([failed], at(3.5));
      expect(slack.topLevel()).toHaveLength(4);
    });

    it('mentions on posts and reminders only, never in edits or thread notes', async () => {
      const mention = '<!subteam^S0ONCALL>';
      const { notifier, slack } = await startPulse(warehouse, new RecordingSlack(), { mentionFor: (incident) => (incident.severity === 'critical' ? mention : null) });
      await notifier.run([failed, acmeAlert], at(0));
      const globex = slack.topLevel().filter((post) => post.text.includes('postgres_globex'));
      expect(globex.map((post) => post.text.startsWith(mention))).toEqual([true, true]);
      expect(blockText(globex[0]!.blocks)).toContain(mention);
      expect(JSON.stringify(slack.topLevel().find((post) => post.text.includes('salesforce_acme')))).not.toContain(mention);
      await notifier.run([failed, errors, acmeAlert], at(1));
      expect(slack.updates.length).toBeGreaterThan(0);
      expect(JSON.stringify(slack.updates)).not.toContain(mention);
      expect(JSON.stringify(slack.replies())).not.toContain(mention);
      await notifier.run([failed, errors, acmeAlert], at(24));
      const reminders = slack.replies().filter((reply) => /Reminder/.test(reply.text));
      expect(reminders.filter((reply) => reply.text.startsWith(mention))).toHaveLength(2);
      expect(reminders.filter((reply) => reply.text.includes('salesforce_acme')).every((reply) => !reply.text.includes(mention))).toBe(true);
    });
  });
});
