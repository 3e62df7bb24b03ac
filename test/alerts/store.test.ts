import { createAlertStore, postingKey, type AlertStore } from '../../src/alerts/store';
import type { Incident } from '../../src/alerts/types';
import type { Warehouse } from '../../src/warehouse/types';
import { HOSTILE, NOW, anIncident, hoursAfter, minutesBefore } from '../support/fixtures/assessment';
import { memoryWarehouse } from './support/warehouse';

const now = new Date(NOW);

function fresh(overrides: Partial<Incident> = {}): Incident {
  return anIncident({ openedAt: NOW, lastSeenAt: NOW, messages: [], ...overrides });
}

describe('alert store on DuckDB', () => {
  let warehouse: Warehouse;
  let store: AlertStore;

  beforeEach(async () => {
    warehouse = memoryWarehouse();
    store = createAlertStore(warehouse, 'pulse_state');
    await store.init();
  });

  afterEach(async () => {
    await warehouse.close();
  });

  it('creates its schema and tables once, and init can run again', async () => {
    await store.init();
    const tables = await warehouse.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'pulse_state' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual(['alert_audit', 'alert_incidents', 'alert_messages', 'monitor_state']);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createAlertStore(warehouse, 'pulse; DROP TABLE x')).toThrow(/not a plain schema name/);
  });

  it('stores an incident and reads it back whole, hostile text included', async () => {
    const incident = fresh({ summary: `${HOSTILE} 'quoted' "double"`, details: { reason: HOSTILE, count: 3, none: null }, since: minutesBefore(NOW, 90) });
    await store.insertIncidents([incident]);
    const [loaded] = await store.getIncidents([incident.incidentId]);
    expect(loaded).toEqual(incident);
  });

  it('does not open a second active incident for a fingerprint', async () => {
    await store.insertIncidents([fresh({ incidentId: 'inc_a' })]);
    await store.insertIncidents([fresh({ incidentId: 'inc_b' })]);
    const loaded = await store.loadForRun(now);
    expect(loaded.map((incident) => incident.incidentId)).toEqual(['inc_a']);
  });

  it('loads active incidents and those resolved within the window, in one read', async () => {
    await store.insertIncidents([
      fresh({ incidentId: 'inc_open', fingerprint: 'f:open' }),
      fresh({ incidentId: 'inc_recent', fingerprint: 'f:recent' }),
      fresh({ incidentId: 'inc_old', fingerprint: 'f:old', openedAt: minutesBefore(NOW, 5000) }),
    ]);
    expect(await store.resolve(['inc_recent'], now)).toEqual(['inc_recent']);
    await store.resolve(['inc_old'], new Date(minutesBefore(NOW, 4000)));
    const loaded = await store.loadForRun(new Date(minutesBefore(NOW, 60)));
    expect(loaded.map((incident) => [incident.incidentId, incident.status]).sort()).toEqual([
      ['inc_open', 'open'],
      ['inc_recent', 'resolved'],
    ]);
  });

  it('loads an old resolved incident that shares a grouped message with an active one', async () => {
    await store.insertIncidents([fresh({ incidentId: 'inc_a', fingerprint: 'f:a' }), fresh({ incidentId: 'inc_b', fingerprint: 'f:b' })]);
    const claims = ['inc_a', 'inc_b'].map((incidentId) => ({ incidentId, fingerprint: `f:${incidentId.slice(-1)}`, channel: 'ops', groupId: 'grp_1', claimToken: 'clm_g' }));
    expect((await store.claimPostings(claims, [], now)).size).toBe(2);
    await store.recordPosted('clm_g', { ts: '1.1', channelId: 'C0OPS' }, now);
    await store.resolve(['inc_b'], new Date(minutesBefore(NOW, 5000)));
    const loaded = await store.loadForRun(now);
    expect(loaded.map((incident) => incident.incidentId).sort()).toEqual(['inc_a', 'inc_b']);
    expect(loaded.every((incident) => incident.messages[0]?.groupId === 'grp_1' && incident.messages[0]?.ts === '1.1')).toBe(true);
    expect((await store.getGroupMembers('grp_1')).length).toBe(2);
    expect((await store.findByMessage('C0OPS', '1.1')).length).toBe(2);
  });

  describe('claims', () => {
    const claim = (claimToken: string, channel = 'ops') => ({ incidentId: 'inc_1', fingerprint: 'sync_failed:broken_pipe', channel, groupId: null, claimToken });

    beforeEach(async () => {
      await store.insertIncidents([fresh()]);
    });

    it('lets only the first claim on a posting win', async () => {
      expect(await store.claimPostings([claim('clm_first')], [], now)).toEqual(new Set([postingKey('inc_1', 'ops')]));
      expect(await store.claimPostings([claim('clm_second')], [], now)).toEqual(new Set());
      expect(await store.claimPostings([claim('clm_other', 'tenant')], [], now)).toEqual(new Set([postingKey('inc_1', 'tenant')]));
    });

    it('makes a released claim available again, but never a posted one', async () => {
      await store.claimPostings([claim('clm_a')], [], now);
      await store.releaseClaim('clm_a');
      expect((await store.claimPostings([claim('clm_b')], [], now)).size).toBe(1);
      await store.recordPosted('clm_b', { ts: '5.5', channelId: 'C0OPS' }, now);
      await store.releaseClaim('clm_b');
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident?.messages).toEqual([expect.objectContaining({ channel: 'ops', channelId: 'C0OPS', ts: '5.5', claimToken: 'clm_b', postedAt: NOW })]);
    });

    it('replaces an unconfirmed claim when asked to', async () => {
      await store.claimPostings([claim('clm_lost')], [], now);
      expect((await store.claimPostings([claim('clm_new')], ['clm_lost'], now)).size).toBe(1);
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident?.messages.map((message) => message.claimToken)).toEqual(['clm_new']);
    });

    it('does not claim postings for an incident that is not open', async () => {
      await store.acknowledge(['inc_1'], 'U1', now);
      expect(await store.claimPostings([claim('clm_x')], [], now)).toEqual(new Set());
    });

    it('resolves a race where two claims were inserted in favour of one of them', async () => {
      // Two runs that both inserted before either read back: the smaller token wins, the other leaves.
      await warehouse.query(
        `INSERT INTO pulse_state.alert_messages (incident_id, fingerprint, channel, grouped, claim_token, claimed_at) VALUES ('inc_1', 'f', 'ops', false, 'clm_0', ?::TIMESTAMP)`,
        [NOW],
      );
      await warehouse.query(
        `INSERT INTO pulse_state.alert_messages (incident_id, fingerprint, channel, grouped, claim_token, claimed_at) VALUES ('inc_1', 'f', 'ops', false, 'clm_9', ?::TIMESTAMP)`,
        [NOW],
      );
      expect(await store.claimPostings([claim('clm_9')], [], now)).toEqual(new Set());
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident?.messages.map((message) => message.claimToken)).toEqual(['clm_0']);
    });
  });

  describe('people acting on incidents', () => {
    beforeEach(async () => {
      await store.insertIncidents([fresh()]);
    });

    it('keeps the first acknowledgement when two people click', async () => {
      expect(await store.acknowledge(['inc_1'], 'U_FIRST', now)).toEqual(['inc_1']);
      expect(await store.acknowledge(['inc_1'], 'U_SECOND', new Date(hoursAfter(NOW, 1)))).toEqual([]);
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident).toMatchObject({ status: 'acknowledged', ackedBy: 'U_FIRST', ackedAt: NOW });
    });

    it('snoozes, and expires a snooze only once it has ended', async () => {
      expect(await store.snooze(['inc_1'], 'U1', new Date(hoursAfter(NOW, 4)))).toEqual(['inc_1']);
      await store.expireSnoozes([{ incidentId: 'inc_1', status: 'open' }], now);
      expect((await store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'snoozed', snoozedBy: 'U1', snoozedUntil: hoursAfter(NOW, 4) });
      await store.expireSnoozes([{ incidentId: 'inc_1', status: 'open' }], new Date(hoursAfter(NOW, 4)));
      expect((await store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'open', snoozedBy: null, snoozedUntil: null });
    });

    it('acknowledging a snoozed incident ends the snooze; a resolved one cannot be acknowledged or snoozed', async () => {
      await store.snooze(['inc_1'], 'U1', new Date(hoursAfter(NOW, 4)));
      expect(await store.acknowledge(['inc_1'], 'U2', now)).toEqual(['inc_1']);
      expect((await store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'acknowledged', snoozedUntil: null });
      expect(await store.resolve(['inc_1'], now)).toEqual(['inc_1']);
      expect(await store.resolve(['inc_1'], now)).toEqual([]);
      expect(await store.acknowledge(['inc_1'], 'U3', now)).toEqual([]);
      expect(await store.snooze(['inc_1'], 'U3', new Date(hoursAfter(NOW, 1)))).toEqual([]);
    });

    it('records seen facts for active incidents only', async () => {
      await store.recordSeen([{ incidentId: 'inc_1', severity: 'warning', summary: 'better now', since: null, details: { a: 1 }, lastSeenAt: hoursAfter(NOW, 1) }]);
      expect((await store.getIncidents(['inc_1']))[0]).toMatchObject({ severity: 'warning', summary: 'better now', details: { a: 1 }, lastSeenAt: hoursAfter(NOW, 1) });
      await store.resolve(['inc_1'], now);
      await store.recordSeen([{ incidentId: 'inc_1', severity: 'critical', summary: 'after', since: null, details: {}, lastSeenAt: hoursAfter(NOW, 2) }]);
      expect((await store.getIncidents(['inc_1']))[0]).toMatchObject({ summary: 'better now' });
    });
  });

  it('writes hundreds of incidents in chunks', async () => {
    const many = Array.from({ length: 450 }, (_, index) => fresh({ incidentId: `inc_${index}`, fingerprint: `f:${index}` }));
    await store.insertIncidents(many);
    await store.recordSeen(many.map((incident) => ({ incidentId: incident.incidentId, severity: 'warning' as const, summary: 's', since: null, details: {}, lastSeenAt: NOW })));
    const loaded = await store.loadForRun(now);
    expect(loaded).toHaveLength(450);
    expect(loaded.every((incident) => incident.severity === 'warning')).toBe(true);
  });

  it('keeps an audit trail, newest first, filterable by incident', async () => {
    await store.audit([
      { at: minutesBefore(NOW, 2), actor: 'pulse', action: 'opened', incidentId: 'inc_1', fingerprint: 'f', channel: null, detail: HOSTILE },
      { at: minutesBefore(NOW, 1), actor: 'U1', action: 'acknowledged', incidentId: 'inc_1', fingerprint: 'f', channel: 'C1', detail: null },
      { at: NOW, actor: 'pulse', action: 'opened', incidentId: 'inc_2', fingerprint: 'g', channel: null, detail: null },
    ]);
    const trail = await store.listAudit({ incidentId: 'inc_1' });
    expect(trail.map((entry) => [entry.action, entry.actor])).toEqual([['acknowledged', 'U1'], ['opened', 'pulse']]);
    expect(trail[1]?.detail).toBe(HOSTILE);
    expect(await store.listAudit({ limit: 1 })).toHaveLength(1);
  });

  it('keeps a small key/value monitor state', async () => {
    expect(await store.getMonitorState('monitoring_degraded')).toBeNull();
    await store.setMonitorState('monitoring_degraded', 'true', now);
    await store.setMonitorState('monitoring_degraded', 'false', now);
    await store.setMonitorState('other', null, now);
    expect(await store.getMonitorState('monitoring_degraded')).toBe('false');
    expect(await store.getMonitorState('other')).toBeNull();
    const rows = await warehouse.query("SELECT COUNT(*) AS n FROM pulse_state.monitor_state WHERE state_key = 'monitoring_degraded'");
    expect(rows[0]?.n).toBe(1);
  });

  it('lists recent incidents, active first', async () => {
    await store.insertIncidents([fresh({ incidentId: 'inc_a', fingerprint: 'f:a' }), fresh({ incidentId: 'inc_b', fingerprint: 'f:b' })]);
    await store.resolve(['inc_a'], now);
    const recent = await store.listRecent(10);
    expect(recent.map((incident) => incident.incidentId)).toEqual(['inc_b', 'inc_a']);
    expect(await store.listRecent(1)).toHaveLength(1);
    expect(await store.listRecent(Number.NaN)).toHaveLength(2);
    expect(await store.listAudit({ limit: Number.POSITIVE_INFINITY })).toEqual([]);
  });

  it('lists the active incidents, with where each was posted', async () => {
    await store.insertIncidents([fresh({ incidentId: 'inc_a', fingerprint: 'f:a' }), fresh({ incidentId: 'inc_b', fingerprint: 'f:b' }), fresh({ incidentId: 'inc_c', fingerprint: 'f:c' })]);
    await store.resolve(['inc_a'], now);
    await store.acknowledge(['inc_c'], 'U0ACK', now);
    await store.claimPostings([{ incidentId: 'inc_b', fingerprint: 'f:b', channel: 'fivetran-ops', groupId: null, claimToken: 'clm_b' }], [], now);
    await store.recordPosted('clm_b', { ts: '1.2', channelId: 'C0OPS' }, now);
    const active = await store.listActive();
    expect(active.map((incident) => incident.incidentId).sort()).toEqual(['inc_b', 'inc_c']);
    expect(active.find((incident) => incident.incidentId === 'inc_b')?.messages).toEqual([expect.objectContaining({ channel: 'fivetran-ops', channelId: 'C0OPS', ts: '1.2' })]);
    expect(active.find((incident) => incident.incidentId === 'inc_c')).toMatchObject({ status: 'acknowledged', ackedBy: 'U0ACK' });
  });
});
