import type { Incident } from '../../../src/alerts/types';
import { HOSTILE, NOW, anIncident, minutesBefore } from '../../support/fixtures/assessment';
import { freshStoreForEachTest } from '../support/warehouse';

const now = new Date(NOW);

function fresh(overrides: Parameters<typeof anIncident>[0] = {}): Incident {
  return anIncident({ openedAt: NOW, lastSeenAt: NOW, messages: [], ...overrides });
}

describe('alert store on DuckDB: reading incidents', () => {
  const state = freshStoreForEachTest();

  it('stores an incident and reads it back whole, hostile text included', async () => {
    const incident = fresh({ summary: `${HOSTILE} 'quoted' "double"`, details: { reason: HOSTILE, count: 3, none: null }, since: minutesBefore(NOW, 90) });
    await state.store.insertIncidents([incident]);
    const [loaded] = await state.store.getIncidents([incident.incidentId]);
    expect(loaded).toEqual(incident);
  });

  it('loads active incidents and those resolved within the window, in one read', async () => {
    await state.store.insertIncidents([
      fresh({ incidentId: 'inc_open', fingerprint: 'f:open' }),
      fresh({ incidentId: 'inc_recent', fingerprint: 'f:recent' }),
      fresh({ incidentId: 'inc_old', fingerprint: 'f:old', openedAt: minutesBefore(NOW, 5000) }),
    ]);
    expect(await state.store.resolve(['inc_recent'], now)).toEqual(['inc_recent']);
    await state.store.resolve(['inc_old'], new Date(minutesBefore(NOW, 4000)));
    const loaded = await state.store.loadForRun(new Date(minutesBefore(NOW, 60)));
    expect(loaded.map((incident) => [incident.incidentId, incident.status]).sort()).toEqual([
      ['inc_open', 'open'],
      ['inc_recent', 'resolved'],
    ]);
  });

  it('loads an old resolved incident that shares a grouped message with an active one', async () => {
    await state.store.insertIncidents([fresh({ incidentId: 'inc_a', fingerprint: 'f:a' }), fresh({ incidentId: 'inc_b', fingerprint: 'f:b' })]);
    const claims = ['inc_a', 'inc_b'].map((incidentId) => ({ incidentId, fingerprint: `f:${incidentId.slice(-1)}`, channel: 'ops', groupId: 'grp_1', claimToken: 'clm_g' }));
    expect((await state.store.claimPostings(claims, [], now)).size).toBe(2);
    await state.store.recordPosted('clm_g', { ts: '1.1', channelId: 'C0OPS' }, now);
    await state.store.resolve(['inc_b'], new Date(minutesBefore(NOW, 5000)));
    const loaded = await state.store.loadForRun(now);
    expect(loaded.map((incident) => incident.incidentId).sort()).toEqual(['inc_a', 'inc_b']);
    expect(loaded.every((incident) => incident.messages[0]?.groupId === 'grp_1' && incident.messages[0]?.ts === '1.1')).toBe(true);
    expect((await state.store.getGroupMembers('grp_1')).length).toBe(2);
    expect((await state.store.findByMessage('C0OPS', '1.1')).length).toBe(2);
  });

  it('reads incidents with every other member of the grouped messages they were posted in, and nothing else', async () => {
    await state.store.insertIncidents(['a', 'b', 'c', 'd'].map((x) => fresh({ incidentId: `inc_${x}`, fingerprint: `f:${x}` })));
    const claim = (incidentId: string, groupId: string | null, claimToken: string) => ({ incidentId, fingerprint: `f:${incidentId.slice(-1)}`, channel: 'ops', groupId, claimToken });
    await state.store.claimPostings([claim('inc_a', 'grp_1', 'clm_g'), claim('inc_b', 'grp_1', 'clm_g'), claim('inc_c', null, 'clm_c'), claim('inc_d', null, 'clm_d')], [], now);
    await state.store.recordPosted('clm_g', { ts: '1.1', channelId: 'C0OPS' }, now);
    await state.store.recordPosted('clm_c', { ts: '2.2', channelId: 'C0OPS' }, now);
    expect((await state.store.getShownWith(['inc_a', 'inc_c'])).map((incident) => incident.incidentId).sort()).toEqual(['inc_a', 'inc_b', 'inc_c']);
    expect((await state.store.getShownWith(['inc_d'])).map((incident) => incident.incidentId)).toEqual(['inc_d']);
    expect(await state.store.getShownWith([])).toEqual([]);
  });

  it('lists recent incidents, active first', async () => {
    await state.store.insertIncidents([fresh({ incidentId: 'inc_a', fingerprint: 'f:a' }), fresh({ incidentId: 'inc_b', fingerprint: 'f:b' })]);
    await state.store.resolve(['inc_a'], now);
    const recent = await state.store.listRecent(10);
    expect(recent.map((incident) => incident.incidentId)).toEqual(['inc_b', 'inc_a']);
    expect(await state.store.listRecent(1)).toHaveLength(1);
    expect(await state.store.listRecent(Number.NaN)).toHaveLength(2);
    expect(await state.store.listAudit({ limit: Number.POSITIVE_INFINITY })).toEqual([]);
  });

  it('lists the active incidents, with where each was posted', async () => {
    await state.store.insertIncidents([fresh({ incidentId: 'inc_a', fingerprint: 'f:a' }), fresh({ incidentId: 'inc_b', fingerprint: 'f:b' }), fresh({ incidentId: 'inc_c', fingerprint: 'f:c' })]);
    await state.store.resolve(['inc_a'], now);
    await state.store.acknowledge(['inc_c'], 'U0ACK', now);
    await state.store.claimPostings([{ incidentId: 'inc_b', fingerprint: 'f:b', channel: 'fivetran-ops', groupId: null, claimToken: 'clm_b' }], [], now);
    await state.store.recordPosted('clm_b', { ts: '1.2', channelId: 'C0OPS' }, now);
    const active = await state.store.listActive();
    expect(active.map((incident) => incident.incidentId).sort()).toEqual(['inc_b', 'inc_c']);
    expect(active.find((incident) => incident.incidentId === 'inc_b')?.messages).toEqual([expect.objectContaining({ channel: 'fivetran-ops', channelId: 'C0OPS', ts: '1.2' })]);
    expect(active.find((incident) => incident.incidentId === 'inc_c')).toMatchObject({ status: 'acknowledged', ackedBy: 'U0ACK' });
  });
});
