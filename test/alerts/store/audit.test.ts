import { HOSTILE, NOW, minutesBefore } from '../../support/fixtures/assessment';
import { freshStoreForEachTest } from '../support/warehouse';

describe('alert store on DuckDB: audit trail', () => {
  const state = freshStoreForEachTest();

  it('keeps an audit trail, newest first, filterable by incident', async () => {
    await state.store.audit([
      { at: minutesBefore(NOW, 2), actor: 'pulse', action: 'opened', incidentId: 'inc_1', fingerprint: 'f', channel: null, detail: HOSTILE },
      { at: minutesBefore(NOW, 1), actor: 'U1', action: 'acknowledged', incidentId: 'inc_1', fingerprint: 'f', channel: 'C1', detail: null },
      { at: NOW, actor: 'pulse', action: 'opened', incidentId: 'inc_2', fingerprint: 'g', channel: null, detail: null },
    ]);
    const trail = await state.store.listAudit({ incidentId: 'inc_1' });
    expect(trail.map((entry) => [entry.action, entry.actor])).toEqual([['acknowledged', 'U1'], ['opened', 'pulse']]);
    expect(trail[1]?.detail).toBe(HOSTILE);
    expect(await state.store.listAudit({ limit: 1 })).toHaveLength(1);
  });
});
