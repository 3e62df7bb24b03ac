import type { Incident } from '../../../src/alerts/types';
import { NOW, anIncident, hoursAfter } from '../../support/fixtures/assessment';
import { freshStoreForEachTest } from '../support/warehouse';

const now = new Date(NOW);

function fresh(overrides: Parameters<typeof anIncident>[0] = {}): Incident {
  return anIncident({ openedAt: NOW, lastSeenAt: NOW, messages: [], ...overrides });
}

describe('alert store on DuckDB: writing incidents', () => {
  const state = freshStoreForEachTest();

  it('does not open a second active incident for a fingerprint', async () => {
    await state.store.insertIncidents([fresh({ incidentId: 'inc_a' })]);
    await state.store.insertIncidents([fresh({ incidentId: 'inc_b' })]);
    const loaded = await state.store.loadForRun(now);
    expect(loaded.map((incident) => incident.incidentId)).toEqual(['inc_a']);
  });

  describe('people acting on incidents', () => {
    beforeEach(async () => {
      await state.store.insertIncidents([fresh()]);
    });

    it('keeps the first acknowledgement when two people click', async () => {
      expect(await state.store.acknowledge(['inc_1'], 'U_FIRST', now)).toEqual(['inc_1']);
      expect(await state.store.acknowledge(['inc_1'], 'U_SECOND', new Date(hoursAfter(NOW, 1)))).toEqual([]);
      const [incident] = await state.store.getIncidents(['inc_1']);
      expect(incident).toMatchObject({ status: 'acknowledged', ackedBy: 'U_FIRST', ackedAt: NOW });
    });

    it('snoozes, and expires a snooze only once it has ended', async () => {
      expect(await state.store.snooze(['inc_1'], 'U1', new Date(hoursAfter(NOW, 4)))).toEqual(['inc_1']);
      await state.store.expireSnoozes([{ incidentId: 'inc_1', status: 'open' }], now);
      expect((await state.store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'snoozed', snoozedBy: 'U1', snoozedUntil: hoursAfter(NOW, 4) });
      await state.store.expireSnoozes([{ incidentId: 'inc_1', status: 'open' }], new Date(hoursAfter(NOW, 4)));
      expect((await state.store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'open', snoozedBy: null, snoozedUntil: null });
    });

    it('acknowledging a snoozed incident ends the snooze; a resolved one cannot be acknowledged or snoozed', async () => {
      await state.store.snooze(['inc_1'], 'U1', new Date(hoursAfter(NOW, 4)));
      expect(await state.store.acknowledge(['inc_1'], 'U2', now)).toEqual(['inc_1']);
      expect((await state.store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'acknowledged', snoozedUntil: null });
      expect(await state.store.resolve(['inc_1'], now)).toEqual(['inc_1']);
      expect(await state.store.resolve(['inc_1'], now)).toEqual([]);
      expect(await state.store.acknowledge(['inc_1'], 'U3', now)).toEqual([]);
      expect(await state.store.snooze(['inc_1'], 'U3', new Date(hoursAfter(NOW, 1)))).toEqual([]);
    });

    it('records seen facts for active incidents only', async () => {
      const [stored] = await state.store.getIncidents(['inc_1']);
      const better = [{ ...stored!.rules[0]!, severity: 'warning' as const, summary: 'better now', details: { a: 1 } }];
      await state.store.recordSeen([{ incidentId: 'inc_1', severity: 'warning', rules: better, lastSeenAt: hoursAfter(NOW, 1) }]);
      expect((await state.store.getIncidents(['inc_1']))[0]).toMatchObject({ severity: 'warning', rules: better, lastSeenAt: hoursAfter(NOW, 1) });
      await state.store.resolve(['inc_1'], now);
      await state.store.recordSeen([{ incidentId: 'inc_1', severity: 'critical', rules: [{ ...better[0]!, summary: 'after' }], lastSeenAt: hoursAfter(NOW, 2) }]);
      expect((await state.store.getIncidents(['inc_1']))[0]!.rules).toEqual(better);
    });

    it('reopens a resolved incident, forgetting who acknowledged it, unless its connection has another active incident', async () => {
      await state.store.acknowledge(['inc_1'], 'U1', now);
      await state.store.resolve(['inc_1'], now);
      await state.store.insertIncidents([fresh({ incidentId: 'inc_2', openedAt: hoursAfter(NOW, 1) })]);
      expect(await state.store.reopen(['inc_1'], new Date(hoursAfter(NOW, 2)))).toEqual([]);
      await state.store.resolve(['inc_2'], new Date(hoursAfter(NOW, 2)));
      expect(await state.store.reopen(['inc_1'], new Date(hoursAfter(NOW, 3)))).toEqual(['inc_1']);
      expect((await state.store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'open', resolvedAt: null, ackedBy: null, ackedAt: null, lastSeenAt: hoursAfter(NOW, 3) });
      expect(await state.store.reopen(['inc_1'], new Date(hoursAfter(NOW, 4)))).toEqual([]);
    });

    it('closes an incident merged into another, and never reopens it', async () => {
      expect(await state.store.closeMerged([{ incidentId: 'inc_1', into: 'inc_0' }], now)).toEqual(['inc_1']);
      expect((await state.store.getIncidents(['inc_1']))[0]).toMatchObject({ status: 'resolved', resolvedAt: NOW, mergedInto: 'inc_0' });
      expect(await state.store.closeMerged([{ incidentId: 'inc_1', into: 'inc_0' }], now)).toEqual([]);
      expect(await state.store.reopen(['inc_1'], new Date(hoursAfter(NOW, 1)))).toEqual([]);
    });
  });

  it('writes hundreds of incidents in chunks', async () => {
    const many = Array.from({ length: 450 }, (_, index) => fresh({ incidentId: `inc_${index}`, fingerprint: `f:${index}` }));
    await state.store.insertIncidents(many);
    await state.store.recordSeen(many.map((incident) => ({ incidentId: incident.incidentId, severity: 'warning' as const, rules: incident.rules, lastSeenAt: NOW })));
    const loaded = await state.store.loadForRun(now);
    expect(loaded).toHaveLength(450);
    expect(loaded.every((incident) => incident.severity === 'warning')).toBe(true);
  });
});
