import pino from 'pino';
import { createAlertStore } from '../../src/alerts/store';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { countingWarehouse } from '../support/countingWarehouse';

describe('alert store init', () => {
  it('creates the state schema and tables once, and afterwards sends no DDL at all', async () => {
    const warehouse = countingWarehouse(createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger: pino({ level: 'silent' }) }));
    try {
      await createAlertStore(warehouse, 'PULSE_STATE').init();
      expect(warehouse.statements.filter((s) => /^\s*CREATE/i.test(s.sql))).toHaveLength(5);
      warehouse.statements.length = 0;
      await createAlertStore(warehouse, 'PULSE_STATE').init();
      expect(warehouse.statements).toHaveLength(1);
      expect(warehouse.statements[0]?.sql).toMatch(/^SELECT .* FROM INFORMATION_SCHEMA\.TABLES/);
    } finally {
      await warehouse.close();
    }
  });

  it('creates only the tables that are missing', async () => {
    const warehouse = countingWarehouse(createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger: pino({ level: 'silent' }) }));
    try {
      await createAlertStore(warehouse, 'PULSE_STATE').init();
      await warehouse.query('DROP TABLE PULSE_STATE.monitor_state', [], { tag: 'test' });
      warehouse.statements.length = 0;
      await createAlertStore(warehouse, 'PULSE_STATE').init();
      expect(warehouse.statements.map((s) => s.sql).filter((sql) => /CREATE/.test(sql))).toEqual([expect.stringMatching(/CREATE TABLE IF NOT EXISTS PULSE_STATE\.monitor_state/)]);
    } finally {
      await warehouse.close();
    }
  });
});
