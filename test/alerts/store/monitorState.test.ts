import { NOW } from '../../support/fixtures/assessment';
import { freshStoreForEachTest } from '../support/warehouse';

const now = new Date(NOW);

describe('alert store on DuckDB: monitor state', () => {
  const state = freshStoreForEachTest();

  it('keeps a small key/value monitor state', async () => {
    expect(await state.store.getMonitorState('monitoring_degraded')).toBeNull();
    await state.store.setMonitorState('monitoring_degraded', 'true', now);
    await state.store.setMonitorState('monitoring_degraded', 'false', now);
    await state.store.setMonitorState('other', null, now);
    expect(await state.store.getMonitorState('monitoring_degraded')).toBe('false');
    expect(await state.store.getMonitorState('other')).toBeNull();
    const rows = await state.warehouse.query("SELECT COUNT(*) AS n FROM pulse_state.monitor_state WHERE state_key = 'monitoring_degraded'");
    expect(rows[0]?.n).toBe(1);
  });
});
