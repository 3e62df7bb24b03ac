import { createAlertStore, type AlertStore } from '../../../src/alerts/store';
import { NOW } from '../../support/fixtures/assessment';
import type { Warehouse } from '../../../src/warehouse/types';
import { memoryWarehouse } from '../support/warehouse';

const now = new Date(NOW);

describe('alert store on DuckDB: monitor state', () => {
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
});
