import { withLifecycle } from '../../src/alerts/firingAlerts';
import { NOW, aMessage, anAlert, anIncident, hoursAfter, minutesBefore } from '../support/fixtures/assessment';

const now = new Date(NOW);
const failing = anAlert({ connectionId: 'a', fingerprint: 'sync_failed:a' });
const delayed = anAlert({ connectionId: 'b', fingerprint: 'sync_delayed:b', rule: 'sync_delayed', severity: 'warning', since: minutesBefore(NOW, 600) });
const stale = anAlert({ connectionId: null, connectionName: null, tenantId: null, fingerprint: 'metadata_stale', rule: 'metadata_stale', since: minutesBefore(NOW, 300) });

describe('what fires now, with its lifecycle', () => {
  it('lists every firing alert before any alert run, stale monitoring data first, with no lifecycle', () => {
    const merged = withLifecycle([delayed, failing, stale], [], now);
    expect(merged.map((a) => a.fingerprint)).toEqual(['metadata_stale', 'sync_failed:a', 'sync_delayed:b']);
    expect(merged.every((a) => a.lifecycle === null)).toBe(true);
    expect(merged.map((a) => a.since)).toEqual([stale.since, failing.since, delayed.since]);
  });

  it('carries who acknowledged or snoozed it and where it was confirmed posted; nobody-took-it-on first', () => {
    const acked = anIncident({ incidentId: 'inc_a', fingerprint: 'connection:a', status: 'acknowledged', ackedBy: 'U0ACK', ackedAt: NOW });
    const snoozed = anIncident({
      incidentId: 'inc_b', fingerprint: 'connection:b', status: 'snoozed', snoozedBy: 'U0SNZ', snoozedUntil: hoursAfter(NOW, 4),
      messages: [aMessage(), aMessage({ channel: '#acme-data', channelId: null, ts: null, postedAt: null, claimToken: 'clm_unconfirmed' })],
    });
    const merged = withLifecycle([failing, delayed], [acked, snoozed], now);
    expect(merged.map((a) => a.fingerprint)).toEqual(['sync_delayed:b', 'sync_failed:a']);
    expect(merged[0]!.lifecycle).toMatchObject({ incidentId: 'inc_b', status: 'snoozed', snoozedBy: 'U0SNZ', snoozedUntil: hoursAfter(NOW, 4) });
    expect(merged[0]!.lifecycle!.postings).toEqual([{ channel: 'fivetran-ops', channelId: 'C0OPS', ts: '1700000000.000100', postedAt: minutesBefore(NOW, 60), grouped: false }]);
    expect(merged[0]!.lifecycle!.firstPostedAt).toBe(minutesBefore(NOW, 60));
    expect(merged[1]!.lifecycle).toMatchObject({ incidentId: 'inc_a', status: 'acknowledged', acknowledgedBy: 'U0ACK', acknowledgedAt: NOW });
  });

  it('reads a snooze that has run out as what it was before', () => {
    const expired = { status: 'snoozed' as const, snoozedBy: 'U0SNZ', snoozedUntil: minutesBefore(NOW, 1) };
    expect(withLifecycle([failing], [anIncident({ fingerprint: 'connection:a', ...expired })], now)[0]!.lifecycle).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(withLifecycle([failing], [anIncident({ fingerprint: 'connection:a', ...expired, ackedBy: 'U0ACK', ackedAt: NOW })], now)[0]!.lifecycle).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'U0ACK' });
  });

  it('leaves out incidents that no longer fire, and gives a resolved incident firing again no lifecycle', () => {
    const cleared = anIncident({ incidentId: 'inc_gone', fingerprint: 'connection:b' });
    const resolved = anIncident({ incidentId: 'inc_old', fingerprint: 'connection:a', status: 'resolved', resolvedAt: minutesBefore(NOW, 30) });
    const merged = withLifecycle([failing], [cleared, resolved], now);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ fingerprint: 'sync_failed:a', lifecycle: null });
  });

  it('takes the oldest of two active incidents, as the alert run does', () => {
    const older = anIncident({ incidentId: 'inc_old', fingerprint: 'connection:a', openedAt: minutesBefore(NOW, 300) });
    const newer = anIncident({ incidentId: 'inc_new', fingerprint: 'connection:a', openedAt: minutesBefore(NOW, 100) });
    expect(withLifecycle([failing], [newer, older], now)[0]!.lifecycle?.incidentId).toBe('inc_old');
  });

  it('dates an alert whose data gives no start from when an alert run first saw it', () => {
    const undated = anAlert({ connectionId: 'a', fingerprint: 'sync_failed:a', since: null });
    expect(withLifecycle([undated], [], now)[0]!.since).toBeNull();
    expect(withLifecycle([undated], [anIncident({ fingerprint: 'connection:a', openedAt: minutesBefore(NOW, 42) })], now)[0]!.since).toBe(minutesBefore(NOW, 42));
  });

  it('puts every rule of a connection in one incident: one entry per rule, each naming the incident and its rules', () => {
    const errors = anAlert({ connectionId: 'a', fingerprint: 'frequent_errors:a', rule: 'frequent_errors', severity: 'warning' });
    const incident = anIncident({ incidentId: 'inc_a', fingerprint: 'connection:a', connectionId: 'a', status: 'acknowledged', ackedBy: 'U0ACK' });
    const merged = withLifecycle([errors, failing, delayed], [incident], now);
    expect(merged.map((a) => [a.fingerprint, a.incident, a.lifecycle?.incidentId ?? null])).toEqual([
      ['sync_delayed:b', { incidentId: null, fingerprint: 'connection:b', rules: ['sync_delayed'] }, null],
      ['sync_failed:a', { incidentId: 'inc_a', fingerprint: 'connection:a', rules: ['sync_failed', 'frequent_errors'] }, 'inc_a'],
      ['frequent_errors:a', { incidentId: 'inc_a', fingerprint: 'connection:a', rules: ['sync_failed', 'frequent_errors'] }, 'inc_a'],
    ]);
  });
});
