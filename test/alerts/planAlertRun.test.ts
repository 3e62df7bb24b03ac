import { planAlertRun, planReconciliation, type AlertRunInput } from '../../src/alerts/planAlertRun';
import type { Alert } from '../../src/health/types';
import { aMessage, anAlert, anIncident, hoursAfter, manyAlerts, minutesBefore, NOW } from '../support/fixtures/assessment';

const OPS = 'fivetran-ops';

function plan(overrides: Partial<AlertRunInput> = {}) {
  return planAlertRun({
    alerts: [],
    incidents: [],
    now: new Date(NOW),
    repeatHours: 24,
    groupThreshold: 5,
    channelsFor: (alert: Alert) => (alert.tenantId === 'globex' ? [OPS, 'C0GLOBEX'] : [OPS]),
    reopenWithinMinutes: 60,
    ...overrides,
  });
}

function byId<T extends { incidentId: string }>(items: T[], id: string): T | undefined {
  return items.find((item) => item.incidentId === id);
}

describe('planAlertRun', () => {
  describe('new alerts', () => {
    it('opens an incident and posts it once to each of its channels', () => {
      const result = plan({ alerts: [anAlert()] });
      expect(result.opened).toHaveLength(1);
      const incident = result.opened[0]!;
      expect(incident).toMatchObject({ fingerprint: 'connection:broken_pipe', status: 'open', openedAt: NOW, messages: [] });
      expect(incident.rules).toEqual([expect.objectContaining({ rule: 'sync_failed', fingerprint: 'sync_failed:broken_pipe', startedAt: NOW, clearedAt: null })]);
      expect(result.posts).toEqual([
        { channel: OPS, incidentIds: [incident.incidentId], groupId: null, replacesClaims: [], mention: null },
        { channel: 'C0GLOBEX', incidentIds: [incident.incidentId], groupId: null, replacesClaims: [], mention: null },
      ]);
      expect(result.reminders).toEqual([]);
      expect(result.resolved).toEqual([]);
    });

    it('counts one fingerprint once when an alert appears twice, keeping the worse severity', () => {
      const result = plan({ alerts: [anAlert({ severity: 'warning' }), anAlert({ severity: 'critical', summary: 'worse' })] });
      expect(result.opened).toHaveLength(1);
      expect(result.opened[0]).toMatchObject({ severity: 'critical', rules: [expect.objectContaining({ summary: 'worse' })] });
      expect(result.posts).toHaveLength(2);
    });

    it('posts to a channel listed twice only once', () => {
      const result = plan({ alerts: [anAlert()], channelsFor: () => [OPS, OPS, ' '] });
      expect(result.posts.map((post) => post.channel)).toEqual([OPS]);
    });

    it('gives a new incident for the same connection a new id when it fires again after the quiet period', () => {
      const earlier = anIncident({ status: 'resolved', resolvedAt: minutesBefore(NOW, 120), openedAt: minutesBefore(NOW, 600) });
      const result = plan({ alerts: [anAlert()], incidents: [earlier] });
      expect(result.opened).toHaveLength(1);
      expect(result.opened[0]!.incidentId).not.toBe(earlier.incidentId);
      expect(result.posts.flatMap((post) => post.incidentIds)).toEqual([result.opened[0]!.incidentId, result.opened[0]!.incidentId]);
      expect(result.resolved).toEqual([]);
    });
  });

  describe('one incident per connection', () => {
    const failed = anAlert();
    const errors = anAlert({ rule: 'frequent_errors', severity: 'warning', fingerprint: 'frequent_errors:broken_pipe', summary: 'postgres_globex: 10 errors in the last 24 h' });
    const delayed = anAlert({ rule: 'sync_delayed', severity: 'warning', fingerprint: 'sync_delayed:broken_pipe', summary: 'postgres_globex: no successful sync for 10 h' });

    it('opens one incident for every rule firing on a connection, worst first, posted once per channel', () => {
      const result = plan({ alerts: [errors, delayed, failed] });
      expect(result.opened).toHaveLength(1);
      expect(result.opened[0]!.rules.map((rule) => rule.rule)).toEqual(['sync_failed', 'sync_delayed', 'frequent_errors']);
      expect(result.opened[0]!.severity).toBe('critical');
      expect(result.posts.map((post) => post.channel)).toEqual([OPS, 'C0GLOBEX']);
    });

    it('keeps stale monitoring data an incident of its own', () => {
      const stale = anAlert({ rule: 'metadata_stale', connectionId: null, connectionName: null, tenantId: null, fingerprint: 'metadata_stale' });
      const result = plan({ alerts: [failed, stale] });
      expect(result.opened.map((incident) => incident.fingerprint).sort()).toEqual(['connection:broken_pipe', 'metadata_stale']);
    });

    it('edits the message and notes it in the thread when a rule starts or clears on the open incident', () => {
      const incident = anIncident({ messages: [aMessage({ channel: OPS })] });
      const started = plan({ alerts: [failed, errors], incidents: [incident], channelsFor: () => [OPS] });
      expect(started.posts).toEqual([]);
      expect(started.changes).toEqual({ [incident.incidentId]: { kind: 'changed', started: ['frequent_errors'], cleared: [], resolvedBefore: null } });
      expect(started.edits).toEqual([{ channel: OPS, ts: incident.messages[0]!.ts, groupId: null, incidentIds: [incident.incidentId] }]);
      expect(started.changeNotes).toEqual([{ channel: OPS, threadTs: incident.messages[0]!.ts, incidentIds: [incident.incidentId] }]);
      const after = byId(started.incidents, incident.incidentId)!;
      expect(after.rules.map((rule) => [rule.rule, rule.startedAt, rule.clearedAt])).toEqual([
        ['sync_failed', incident.rules[0]!.startedAt, null],
        ['frequent_errors', NOW, null],
      ]);

      const cleared = plan({ alerts: [errors], incidents: [after], channelsFor: () => [OPS], now: new Date(hoursAfter(NOW, 1)) });
      expect(cleared.resolved).toEqual([]);
      expect(cleared.changes[incident.incidentId]).toEqual({ kind: 'changed', started: [], cleared: ['sync_failed'], resolvedBefore: null });
      const now = byId(cleared.incidents, incident.incidentId)!;
      expect(now).toMatchObject({ status: 'open', severity: 'warning' });
      expect(now.rules.map((rule) => [rule.rule, rule.clearedAt])).toEqual([['frequent_errors', null], ['sync_failed', hoursAfter(NOW, 1)]]);
    });

    it('resolves only when the last rule clears', () => {
      const incident = anIncident({ rules: [anIncident().rules[0]!, { ...anIncident().rules[0]!, rule: 'frequent_errors', fingerprint: 'frequent_errors:broken_pipe', severity: 'warning' }] });
      expect(plan({ alerts: [errors], incidents: [incident] }).resolved).toEqual([]);
      const result = plan({ alerts: [], incidents: [incident] });
      expect(result.resolved).toEqual([incident.incidentId]);
      expect(result.changes[incident.incidentId]).toEqual({ kind: 'resolved', started: [], cleared: ['sync_failed', 'frequent_errors'], resolvedBefore: null });
    });

    it('merges the open incidents an upgrade left per rule into the oldest, which takes over their rules', () => {
      const older = anIncident({ incidentId: 'inc_old', openedAt: minutesBefore(NOW, 300), messages: [aMessage({ ts: '1.1' })] });
      const younger = anIncident({
        incidentId: 'inc_young', openedAt: minutesBefore(NOW, 100), rule: 'frequent_errors', severity: 'warning', messages: [aMessage({ ts: '2.2', claimToken: 'clm_2' })],
      });
      const result = plan({ alerts: [failed, errors], incidents: [older, younger], channelsFor: () => [OPS] });
      expect(result.merged).toEqual([{ incidentId: 'inc_young', into: 'inc_old' }]);
      expect(result.posts).toEqual([]);
      // The rule it took over began in the younger incident, not now: nothing "started".
      expect(result.changes).toEqual({});
      expect(byId(result.incidents, 'inc_old')!.rules.map((rule) => [rule.rule, rule.startedAt])).toEqual([
        ['sync_failed', minutesBefore(NOW, 300)],
        ['frequent_errors', minutesBefore(NOW, 100)],
      ]);
      expect(result.edits.map((edit) => edit.ts).sort()).toEqual(['1.1', '2.2']);
    });
  });

  describe('flapping: a re-fire within the quiet period', () => {
    const resolvedAgo = (minutes: number) =>
      anIncident({ status: 'resolved', resolvedAt: minutesBefore(NOW, minutes), ackedBy: 'U1', ackedAt: minutesBefore(NOW, minutes + 5), messages: [aMessage({ channel: OPS })] });

    it('reopens the same incident in the same message instead of posting a new one', () => {
      const earlier = resolvedAgo(30);
      const result = plan({ alerts: [anAlert()], incidents: [earlier], channelsFor: () => [OPS] });
      expect(result.opened).toEqual([]);
      expect(result.posts).toEqual([]);
      expect(result.reopened).toEqual([earlier.incidentId]);
      expect(byId(result.incidents, earlier.incidentId)).toMatchObject({ status: 'open', resolvedAt: null, ackedBy: null });
      expect(result.changes[earlier.incidentId]).toEqual({ kind: 'reopened', started: ['sync_failed'], cleared: [], resolvedBefore: earlier.resolvedAt });
      expect(result.edits).toEqual([{ channel: OPS, ts: earlier.messages[0]!.ts, groupId: null, incidentIds: [earlier.incidentId] }]);
      expect(result.changeNotes).toHaveLength(1);
      // Its reminders count from the note that says it fires again.
      expect(byId(result.incidents, earlier.incidentId)!.messages[0]!.remindedAt).toBe(NOW);
    });

    it('posts a new message once the quiet period has passed, or when it is 0', () => {
      expect(plan({ alerts: [anAlert()], incidents: [resolvedAgo(61)], channelsFor: () => [OPS] }).opened).toHaveLength(1);
      expect(plan({ alerts: [anAlert()], incidents: [resolvedAgo(60)], channelsFor: () => [OPS] }).reopened).toHaveLength(1);
      expect(plan({ alerts: [anAlert()], incidents: [resolvedAgo(1)], channelsFor: () => [OPS], reopenWithinMinutes: 0 }).opened).toHaveLength(1);
    });

    it('never reopens an incident that was merged into another', () => {
      const merged = { ...resolvedAgo(5), mergedInto: 'inc_other' };
      expect(plan({ alerts: [anAlert()], incidents: [merged], channelsFor: () => [OPS] }).opened).toHaveLength(1);
    });
  });

  describe('mentions', () => {
    const mentionFor = (incident: { severity: string; tenantId: string | null }) => (incident.severity === 'critical' ? `<!subteam^S${incident.tenantId === 'globex' ? 'GLOBEX' : 'OPS'}>` : null);

    it('go with posts and reminders of the incidents they are configured for, each mention once', () => {
      const result = plan({ alerts: [anAlert(), ...manyAlerts(2, { severity: 'warning', tenantId: 'acme' })], mentionFor, channelsFor: () => [OPS] });
      const byIncident = new Map(result.posts.map((post) => [post.incidentIds[0], post.mention]));
      expect(byIncident.get(result.opened.find((incident) => incident.tenantId === 'globex')!.incidentId)).toBe('<!subteam^SGLOBEX>');
      expect(result.posts.filter((post) => post.mention === null)).toHaveLength(2);

      const grouped = plan({ alerts: [...manyAlerts(4), ...manyAlerts(3, { tenantId: 'acme', connectionName: 'x' }).map((alert, i) => ({ ...alert, connectionId: `acme_${i}`, fingerprint: `sync_failed:acme_${i}` }))], mentionFor, channelsFor: () => [OPS] });
      expect(grouped.posts).toHaveLength(1);
      expect(grouped.posts[0]!.mention?.split(' ').sort()).toEqual(['<!subteam^SGLOBEX>', '<!subteam^SOPS>']);

      const due = anIncident({ messages: [aMessage({ postedAt: minutesBefore(NOW, 24 * 60) })] });
      expect(plan({ alerts: [anAlert()], incidents: [due], mentionFor, channelsFor: () => [OPS] }).reminders[0]!.mention).toBe('<!subteam^SGLOBEX>');
    });
  });

  describe('an open incident that keeps firing', () => {
    it('is not posted again and only its facts are refreshed', () => {
      const incident = anIncident({ messages: [aMessage(), aMessage({ channel: 'C0GLOBEX', channelId: 'C0GLOBEX', claimToken: 'clm_2' })] });
      const result = plan({ alerts: [anAlert({ summary: 'Now 4 syncs failed' })], incidents: [incident] });
      expect(result.opened).toEqual([]);
      expect(result.posts).toEqual([]);
      expect(result.reminders).toEqual([]);
      expect(result.unchanged).toEqual([incident.incidentId]);
      expect(result.seen).toEqual([expect.objectContaining({ incidentId: incident.incidentId, rules: [expect.objectContaining({ summary: 'Now 4 syncs failed' })], lastSeenAt: NOW })]);
    });

    it('reminds exactly when repeatHours have passed since the post, not a minute before', () => {
      const due = anIncident({ messages: [aMessage({ postedAt: minutesBefore(NOW, 24 * 60), channel: OPS })] });
      const result = plan({ alerts: [anAlert()], incidents: [due], channelsFor: () => [OPS] });
      expect(result.reminders).toEqual([{ channel: OPS, threadTs: due.messages[0]!.ts, incidentIds: [due.incidentId], mention: null }]);

      const early = anIncident({ messages: [aMessage({ postedAt: minutesBefore(NOW, 24 * 60 - 1), channel: OPS })] });
      expect(plan({ alerts: [anAlert()], incidents: [early], channelsFor: () => [OPS] }).reminders).toEqual([]);
    });

    it('counts the next reminder from the last one', () => {
      const incident = anIncident({
        messages: [aMessage({ postedAt: minutesBefore(NOW, 50 * 60), remindedAt: minutesBefore(NOW, 23 * 60) })],
      });
      expect(plan({ alerts: [anAlert()], incidents: [incident], channelsFor: () => [OPS] }).reminders).toEqual([]);
      expect(plan({ alerts: [anAlert()], incidents: [incident], channelsFor: () => [OPS], now: new Date(hoursAfter(NOW, 1)) }).reminders).toHaveLength(1);
    });

    it('never reminds about an acknowledged incident', () => {
      const incident = anIncident({ status: 'acknowledged', ackedBy: 'U1', ackedAt: minutesBefore(NOW, 3000), messages: [aMessage({ postedAt: minutesBefore(NOW, 5000) })] });
      const result = plan({ alerts: [anAlert()], incidents: [incident], channelsFor: () => [OPS] });
      expect(result.reminders).toEqual([]);
      expect(result.unchanged).toEqual([incident.incidentId]);
    });

    it('reminds once per thread for the incidents of a grouped message', () => {
      const group = (id: string, fingerprint: string) =>
        anIncident({ incidentId: id, fingerprint, messages: [aMessage({ groupId: 'grp_1', ts: '111.1', postedAt: minutesBefore(NOW, 25 * 60) })] });
      const a = group('inc_a', 'connection:a');
      const b = group('inc_b', 'connection:b');
      const result = plan({
        alerts: [anAlert({ fingerprint: 'sync_failed:a', connectionId: 'a' }), anAlert({ fingerprint: 'sync_failed:b', connectionId: 'b' })],
        incidents: [a, b],
        channelsFor: () => [OPS],
      });
      expect(result.reminders).toEqual([{ channel: OPS, threadTs: '111.1', incidentIds: ['inc_a', 'inc_b'], mention: null }]);
    });
  });

  describe('snoozes', () => {
    it('leaves a snoozed incident alone until the snooze ends', () => {
      const incident = anIncident({ status: 'snoozed', snoozedBy: 'U1', snoozedUntil: hoursAfter(NOW, 1), messages: [aMessage({ postedAt: minutesBefore(NOW, 3000) })] });
      const result = plan({ alerts: [anAlert()], incidents: [incident], channelsFor: () => [OPS] });
      expect(result.snoozesExpired).toEqual([]);
      expect(result.reminders).toEqual([]);
      expect(result.edits).toEqual([]);
    });

    it('reopens an incident whose snooze ended, edits its message, and reminds only when one is due', () => {
      const recent = anIncident({ status: 'snoozed', snoozedBy: 'U1', snoozedUntil: NOW, messages: [aMessage({ postedAt: minutesBefore(NOW, 60) })] });
      const result = plan({ alerts: [anAlert()], incidents: [recent], channelsFor: () => [OPS] });
      expect(result.snoozesExpired).toEqual([{ incidentId: recent.incidentId, status: 'open' }]);
      expect(byId(result.incidents, recent.incidentId)).toMatchObject({ status: 'open', snoozedUntil: null, snoozedBy: null });
      expect(result.edits).toEqual([{ channel: OPS, ts: recent.messages[0]!.ts, groupId: null, incidentIds: [recent.incidentId] }]);
      expect(result.reminders).toEqual([]);

      const old = anIncident({ status: 'snoozed', snoozedBy: 'U1', snoozedUntil: minutesBefore(NOW, 5), messages: [aMessage({ postedAt: minutesBefore(NOW, 30 * 60) })] });
      const later = plan({ alerts: [anAlert()], incidents: [old], channelsFor: () => [OPS] });
      expect(later.snoozesExpired).toHaveLength(1);
      expect(later.reminders).toEqual([{ channel: OPS, threadTs: old.messages[0]!.ts, incidentIds: [old.incidentId], mention: null }]);
    });

    it('returns a snoozed incident someone had acknowledged to acknowledged, without reminders', () => {
      const incident = anIncident({ status: 'snoozed', ackedBy: 'U9', ackedAt: minutesBefore(NOW, 3000), snoozedUntil: minutesBefore(NOW, 1), messages: [aMessage({ postedAt: minutesBefore(NOW, 3000) })] });
      const result = plan({ alerts: [anAlert()], incidents: [incident], channelsFor: () => [OPS] });
      expect(result.snoozesExpired).toEqual([{ incidentId: incident.incidentId, status: 'acknowledged' }]);
      expect(result.reminders).toEqual([]);
    });
  });

  describe('resolving', () => {
    it('resolves an acknowledged incident whose alert cleared, edits its messages and notes it in each thread', () => {
      const incident = anIncident({
        status: 'acknowledged', ackedBy: 'U1', ackedAt: minutesBefore(NOW, 30),
        messages: [aMessage(), aMessage({ channel: 'C0GLOBEX', channelId: 'C0GLOBEX', ts: '222.2', claimToken: 'clm_2' })],
      });
      const result = plan({ alerts: [], incidents: [incident] });
      expect(result.resolved).toEqual([incident.incidentId]);
      expect(byId(result.incidents, incident.incidentId)).toMatchObject({ status: 'resolved', resolvedAt: NOW, ackedBy: 'U1' });
      expect(result.edits.map((edit) => [edit.channel, edit.ts])).toEqual([[OPS, incident.messages[0]!.ts], ['C0GLOBEX', '222.2']]);
      expect(result.changeNotes.map((note) => [note.channel, note.threadTs, note.incidentIds])).toEqual([
        [OPS, incident.messages[0]!.ts, [incident.incidentId]],
        ['C0GLOBEX', '222.2', [incident.incidentId]],
      ]);
    });

    it('resolves snoozed and open incidents alike, and leaves resolved ones alone', () => {
      const snoozed = anIncident({ incidentId: 'inc_s', fingerprint: 'f:s', status: 'snoozed', snoozedUntil: hoursAfter(NOW, 2), messages: [aMessage({ ts: '1.1' })] });
      const open = anIncident({ incidentId: 'inc_o', fingerprint: 'f:o', messages: [aMessage({ ts: '2.2' })] });
      const done = anIncident({ incidentId: 'inc_d', fingerprint: 'f:d', status: 'resolved', resolvedAt: minutesBefore(NOW, 10) });
      const result = plan({ incidents: [snoozed, open, done] });
      expect(result.resolved.sort()).toEqual(['inc_o', 'inc_s']);
      expect(result.edits).toHaveLength(2);
    });

    it('re-renders a grouped message with all of its members when one resolves', () => {
      const member = (id: string, fingerprint: string) => anIncident({ incidentId: id, fingerprint, messages: [aMessage({ groupId: 'grp_9', ts: '999.9' })] });
      const staying = member('inc_keep', 'connection:keep');
      const clearing = member('inc_gone', 'connection:gone');
      const result = plan({ alerts: [anAlert({ fingerprint: 'sync_failed:keep', connectionId: 'keep' })], incidents: [staying, clearing], channelsFor: () => [OPS] });
      expect(result.resolved).toEqual(['inc_gone']);
      expect(result.edits).toEqual([{ channel: 'fivetran-ops', ts: '999.9', groupId: 'grp_9', incidentIds: ['inc_keep', 'inc_gone'] }]);
      expect(result.changeNotes).toEqual([{ channel: 'fivetran-ops', threadTs: '999.9', incidentIds: ['inc_gone'] }]);
      expect(result.changes).toEqual({ inc_gone: { kind: 'resolved', started: [], cleared: ['sync_failed'], resolvedBefore: null } });
    });

    it('merges a second active incident of the same connection into the oldest', () => {
      const older = anIncident({ incidentId: 'inc_old', openedAt: minutesBefore(NOW, 300) });
      const newer = anIncident({ incidentId: 'inc_new', openedAt: minutesBefore(NOW, 100), messages: [] });
      const result = plan({ alerts: [anAlert()], incidents: [newer, older], channelsFor: () => [OPS] });
      expect(result.merged).toEqual([{ incidentId: 'inc_new', into: 'inc_old' }]);
      expect(result.resolved).toEqual([]);
      expect(byId(result.incidents, 'inc_new')).toMatchObject({ status: 'resolved', mergedInto: 'inc_old' });
      expect(byId(result.incidents, 'inc_old')).toMatchObject({ status: 'open' });
    });
  });

  describe('grouping', () => {
    it('posts alerts one by one up to the threshold', () => {
      const result = plan({ alerts: manyAlerts(5), channelsFor: () => [OPS] });
      expect(result.posts).toHaveLength(5);
      expect(result.posts.every((post) => post.groupId === null && post.incidentIds.length === 1)).toBe(true);
    });

    it('groups more than the threshold for one channel into one message', () => {
      const result = plan({ alerts: manyAlerts(6), channelsFor: () => [OPS] });
      expect(result.posts).toHaveLength(1);
      expect(result.posts[0]!.groupId).toMatch(/^grp_/);
      expect(result.posts[0]!.incidentIds).toHaveLength(6);
    });

    it('decides per channel: a storm in the ops channel, single posts in a quiet tenant channel', () => {
      const alerts = manyAlerts(6).map((alert, index) => ({ ...alert, tenantId: index < 2 ? 'initech' : 'other' }));
      const result = plan({ alerts, channelsFor: (alert) => (alert.tenantId === 'initech' ? [OPS, 'C0INITECH'] : [OPS]) });
      const ops = result.posts.filter((post) => post.channel === OPS);
      const tenant = result.posts.filter((post) => post.channel === 'C0INITECH');
      expect(ops).toHaveLength(1);
      expect(ops[0]!.incidentIds).toHaveLength(6);
      expect(tenant).toHaveLength(2);
      expect(tenant.every((post) => post.groupId === null)).toBe(true);
    });

    it('puts critical alerts first in a grouped message', () => {
      const alerts = manyAlerts(7).map((alert, index) => ({ ...alert, severity: index === 6 ? ('critical' as const) : ('warning' as const) }));
      const result = plan({ alerts, channelsFor: () => [OPS] });
      const first = result.opened.find((incident) => incident.incidentId === result.posts[0]!.incidentIds[0]);
      expect(first?.severity).toBe('critical');
    });
  });

  describe('postings that did not happen', () => {
    it('posts an open incident to a channel it is missing from (an earlier failure) and nowhere else', () => {
      const incident = anIncident({ messages: [aMessage({ channel: OPS })] });
      const result = plan({ alerts: [anAlert()], incidents: [incident] });
      expect(result.posts).toEqual([{ channel: 'C0GLOBEX', incidentIds: [incident.incidentId], groupId: null, replacesClaims: [], mention: null }]);
    });

    it('plans a claim Slack never confirmed again on the next run, to be checked against the channel before posting', () => {
      const pending = anIncident({ messages: [aMessage({ channel: OPS, ts: null, postedAt: null, claimedAt: minutesBefore(NOW, 10), claimToken: 'clm_lost' })] });
      expect(plan({ alerts: [anAlert()], incidents: [pending], channelsFor: () => [OPS] }).posts).toEqual([
        { channel: OPS, incidentIds: [pending.incidentId], groupId: null, replacesClaims: ['clm_lost'], mention: null },
      ]);
      // A claim this young may belong to a run in another process still waiting for Slack's answer.
      const inFlight = anIncident({ messages: [aMessage({ channel: OPS, ts: null, postedAt: null, claimedAt: new Date(Date.parse(NOW) - 30_000).toISOString(), claimToken: 'clm_new' })] });
      expect(plan({ alerts: [anAlert()], incidents: [inFlight], channelsFor: () => [OPS] }).posts).toEqual([]);

      const abandoned = anIncident({ messages: [aMessage({ channel: OPS, ts: null, postedAt: null, claimedAt: minutesBefore(NOW, 24 * 60), claimToken: 'clm_lost' })] });
      expect(plan({ alerts: [anAlert()], incidents: [abandoned], channelsFor: () => [OPS] }).posts).toEqual([
        { channel: OPS, incidentIds: [abandoned.incidentId], groupId: null, replacesClaims: ['clm_lost'], mention: null },
      ]);
    });

    it('does not post an acknowledged or snoozed incident to a channel it is missing from', () => {
      const acked = anIncident({ incidentId: 'inc_a', status: 'acknowledged', ackedBy: 'U1', messages: [] });
      const snoozed = anIncident({ incidentId: 'inc_s', fingerprint: 'connection:other', status: 'snoozed', snoozedUntil: hoursAfter(NOW, 1), messages: [] });
      const result = plan({ alerts: [anAlert(), anAlert({ fingerprint: 'sync_failed:other', connectionId: 'other' })], incidents: [acked, snoozed] });
      expect(result.posts).toEqual([]);
    });
  });

  it('is pure: the input incidents are not changed', () => {
    const incident = anIncident({ status: 'snoozed', snoozedUntil: minutesBefore(NOW, 1) });
    const copy = JSON.parse(JSON.stringify(incident));
    plan({ alerts: [], incidents: [incident] });
    expect(incident).toEqual(copy);
  });
});

describe('planReconciliation', () => {
  it('plans one post per unconfirmed claim, a grouped claim with all its open members, and nothing for confirmed or settled incidents', () => {
    const grouped = { channel: OPS, ts: null, postedAt: null, groupId: 'grp_1', claimToken: 'clm_group' };
    const a = anIncident({ incidentId: 'inc_a', messages: [aMessage(grouped)] });
    const b = anIncident({ incidentId: 'inc_b', fingerprint: 'connection:b', messages: [aMessage(grouped)] });
    const single = anIncident({ incidentId: 'inc_c', fingerprint: 'connection:c', messages: [aMessage({ channel: 'C0GLOBEX', ts: null, postedAt: null, claimToken: 'clm_single' })] });
    const confirmed = anIncident({ incidentId: 'inc_d', fingerprint: 'connection:d', messages: [aMessage()] });
    const acked = anIncident({ incidentId: 'inc_e', fingerprint: 'connection:e', status: 'acknowledged', ackedBy: 'U1', messages: [aMessage({ ts: null, postedAt: null, claimToken: 'clm_acked' })] });
    const posts = planReconciliation([a, b, single, confirmed, acked], new Date(hoursAfter(NOW, 1)), () => '<@U0ONCALL>');
    expect(posts).toEqual([
      { channel: OPS, incidentIds: expect.arrayContaining(['inc_a', 'inc_b']), groupId: 'grp_1', replacesClaims: ['clm_group'], mention: '<@U0ONCALL>' },
      { channel: 'C0GLOBEX', incidentIds: ['inc_c'], groupId: null, replacesClaims: ['clm_single'], mention: '<@U0ONCALL>' },
    ]);
  });
});
