import { createAlertStore, type AlertStore } from '../../../src/alerts/store';
import type { Incident } from '../../../src/alerts/types';
import { NOW, anIncident, hoursAfter } from '../../support/fixtures/assessment';
import type { Warehouse } from '../../../src/warehouse/types';
import { memoryWarehouse } from '../support/warehouse';

const now = new Date(NOW);

function fresh(overrides: Partial<Incident> = {}): Incident {
  return anIncident({ openedAt: NOW, lastSeenAt: NOW, messages: [], ...overrides });
}

describe('alert store on DuckDB: writing incidents', () => {
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

  it('does not open a second active incident for a fingerprint', async () => {
    await store.insertIncidents([fresh({ incidentId: 'inc_a' })]);
    await store.insertIncidents([fresh({ incidentId: 'inc_b' })]);
    const loaded = await store.loadForRun(now);
    expect(loaded.map((incident) => incident.incidentId)).toEqual(['inc_a']);
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
});
