import { acknowledgeAlert } from '../../src/alerts/acknowledgeAlert';
import { applyMessageChanges } from '../../src/alerts/applyMessageChanges';
import { resolveAlert } from '../../src/alerts/resolveAlert';
import { snoozeAlert, snoozeEnd } from '../../src/alerts/snoozeAlert';
import { alertMessenger } from '../../src/jobs/alertMessenger';
import { alertActionNotice, renderAlertMessage, renderAlertNote } from '../../src/views/blocks/alertMessages';
import type { Warehouse } from '../../src/warehouse/types';
import { NOW, anAlert, anIncident, hoursAfter, manyAlerts } from '../support/fixtures/assessment';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { GLOBEX_CHANNEL, startPulse, type Harness } from './support/harness';
import { RecordingSlack } from './support/recordingSlack';
import { memoryWarehouse, silentLogger } from './support/warehouse';

const at = (hours: number) => new Date(hoursAfter(NOW, hours));
const alert = anAlert({ tenantId: 'acme' });

describe('alert flows', () => {
  let warehouse: Warehouse;
  let pulse: Harness;
  let incidentId: string;

  beforeEach(async () => {
    warehouse = memoryWarehouse();
    pulse = await startPulse(warehouse);
    await pulse.notifier.run([alert], at(0));
    incidentId = (await pulse.store.loadForRun(at(0)))[0]!.incidentId;
  });

  afterEach(async () => {
    await warehouse.close();
  });

  describe('snoozeEnd', () => {
    it('adds the chosen hours, or ends at the next dashboard', () => {
      expect(snoozeEnd('1h', at(0))?.toISOString()).toBe(hoursAfter(NOW, 1));
      expect(snoozeEnd('4h', at(0))?.toISOString()).toBe(hoursAfter(NOW, 4));
      expect(snoozeEnd('24h', at(0))?.toISOString()).toBe(hoursAfter(NOW, 24));
      expect(snoozeEnd('dashboard', at(0), at(21))?.toISOString()).toBe(hoursAfter(NOW, 21));
    });

    it('has no end for "until the dashboard" without a dashboard ahead', () => {
      expect(snoozeEnd('dashboard', at(0))).toBeNull();
      expect(snoozeEnd('dashboard', at(0), at(0))).toBeNull();
      expect(snoozeEnd('dashboard', at(0), new Date('nonsense'))).toBeNull();
    });
  });

  it('snoozes: the message says until when, no reminder while snoozed, and it is open again by itself afterwards', async () => {
    const result = await snoozeAlert(pulse.store, { target: { incidentId }, userId: 'U0EVE', duration: '4h', now: at(22), channel: 'C0OPS' });
    expect(result.outcome).toBe('done');
    expect(alertActionNotice(result)).toMatch(/^Snoozed the alert until <!date\^\d+\^/);
    expect(result.edits).toHaveLength(1);
    expect(JSON.stringify(renderAlertMessage(result.edits[0]!).blocks)).toContain('Snoozed by <@U0EVE> until');
    assertWithinSlackLimits(renderAlertMessage(result.edits[0]!), 'snoozed alert');

    await pulse.notifier.run([alert], at(24));
    expect(pulse.slack.replies()).toHaveLength(0);

    const report = await pulse.notifier.run([alert], at(26));
    expect(report.plan.snoozesExpired).toEqual([{ incidentId, status: 'open' }]);
    expect(pulse.slack.updates).toHaveLength(1);
    expect(JSON.stringify(pulse.slack.updates[0]!.blocks)).not.toContain('Snoozed');
    // Posted 26 h ago: the reminder was due, so it follows the snooze's end at once.
    expect(pulse.slack.replies()).toHaveLength(1);

    const trail = await pulse.store.listAudit({ incidentId });
    expect(trail.map((entry) => [entry.action, entry.actor])).toEqual(
      expect.arrayContaining([['snoozed', 'U0EVE'], ['snooze_expired', 'pulse'], ['reminded', 'pulse']]),
    );
    expect(trail.find((entry) => entry.action === 'snoozed')).toMatchObject({ channel: 'C0OPS', detail: expect.stringContaining('(4h)') });
  });

  it('snoozes until the next dashboard when one is scheduled, and refuses when none is', async () => {
    const refused = await snoozeAlert(pulse.store, { target: { incidentId }, userId: 'U1', duration: 'dashboard', now: at(1) });
    expect(refused.outcome).toBe('invalid');
    expect((await pulse.store.getIncidents([incidentId]))[0]!.status).toBe('open');

    const done = await snoozeAlert(pulse.store, { target: { incidentId }, userId: 'U1', duration: 'dashboard', now: at(1), nextDashboardAt: at(20) });
    expect(done.outcome).toBe('done');
    expect((await pulse.store.getIncidents([incidentId]))[0]).toMatchObject({ status: 'snoozed', snoozedUntil: hoursAfter(NOW, 20) });
  });

  it('answers a second acknowledgement with who got there first', async () => {
    await acknowledgeAlert(pulse.store, { target: { incidentId }, userId: 'U0FIRST', now: at(1) });
    const second = await acknowledgeAlert(pulse.store, { target: { incidentId }, userId: 'U0LATE', now: at(2) });
    expect(second.outcome).toBe('unchanged');
    expect(alertActionNotice(second)).toMatch(/^Already acknowledged by <@U0FIRST>/);
    const trail = await pulse.store.listAudit({ incidentId });
    expect(trail.filter((entry) => entry.action === 'acknowledged').map((entry) => entry.actor)).toEqual(['U0FIRST']);
  });

  it('says plainly when the alert is unknown or already resolved', async () => {
    expect(await acknowledgeAlert(pulse.store, { target: { incidentId: 'inc_nope' }, userId: 'U1', now: at(1) })).toMatchObject({ outcome: 'not_found', edits: [] });
    expect(await snoozeAlert(pulse.store, { target: { groupId: '' }, userId: 'U1', duration: '1h', now: at(1) })).toMatchObject({ outcome: 'not_found' });
    await pulse.notifier.run([], at(2));
    const late = await acknowledgeAlert(pulse.store, { target: { incidentId }, userId: 'U1', now: at(3) });
    expect(late).toMatchObject({ outcome: 'unchanged' });
    expect(alertActionNotice(late)).toMatch(/already resolved/);
    const lateSnooze = await snoozeAlert(pulse.store, { target: { incidentId }, userId: 'U1', duration: '1h', now: at(3) });
    expect(lateSnooze.outcome).toBe('unchanged');
  });

  it('resolves by hand: edits the messages, notes each thread, and audits who did it', async () => {
    const result = await resolveAlert(pulse.store, { target: { incidentId }, actor: 'U0OPS', now: at(1), reason: 'connection deleted' });
    expect(result.outcome).toBe('done');
    expect(result.edits).toHaveLength(1);
    expect(result.notes).toEqual([expect.objectContaining({ channel: result.edits[0]!.channel, threadTs: result.edits[0]!.ts })]);
    assertWithinSlackLimits(renderAlertNote(result.notes[0]!), 'resolution note');

    const applied = await applyMessageChanges(alertMessenger(pulse.slack), result, silentLogger);
    expect(applied).toEqual({ applied: 2, failed: 0 });
    expect(pulse.slack.updates).toHaveLength(1);
    expect(pulse.slack.replies()).toHaveLength(1);

    expect(await pulse.store.listAudit({ incidentId })).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'resolved', actor: 'U0OPS', detail: 'connection deleted' })]),
    );
    const again = await resolveAlert(pulse.store, { target: { incidentId }, now: at(2) });
    expect(again).toMatchObject({ outcome: 'unchanged', notes: [] });
  });

  it('applies what it can when one edit fails', async () => {
    const slack = new RecordingSlack();
    slack.failing.set('C_GONE', 'channel_not_found');
    const message = { groupId: null, incidents: [anIncident()] };
    const result = await applyMessageChanges(
      alertMessenger(slack),
      { edits: [{ channel: 'C_GONE', ts: '1.1', ...message }, { channel: 'C0OK', ts: '2.2', ...message }] },
      silentLogger,
    );
    expect(result).toEqual({ applied: 1, failed: 1 });
    expect(slack.updates.map((update) => update.channel)).toEqual(['C0OK']);
  });

  it('snoozes every alert of a grouped message at once', async () => {
    const storm = manyAlerts(6, { tenantId: 'globex' });
    await pulse.notifier.run([alert, ...storm], at(1));
    const grouped = pulse.slack.topLevel().find((post) => post.channel === GLOBEX_CHANNEL)!;
    const members = await pulse.store.findByMessage(grouped.channelId, grouped.ts);
    const groupId = members[0]!.messages.find((m) => m.channel === GLOBEX_CHANNEL)!.groupId!;
    const result = await snoozeAlert(pulse.store, { target: { groupId }, userId: 'U1', duration: '1h', now: at(2) });
    expect(result.changed).toHaveLength(6);
    // The grouped messages in both channels are edited (the ops channel got its own grouped message).
    expect(result.edits).toHaveLength(2);
    for (const edit of result.edits) assertWithinSlackLimits(renderAlertMessage(edit), 'snoozed group');
  });
});
