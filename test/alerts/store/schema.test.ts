import pino from 'pino';
import { createAlertStore } from '../../../src/alerts/store';
import { createDuckDbWarehouse } from '../../../src/warehouse/duckdb';
import { countingWarehouse } from '../../support/countingWarehouse';
import { memoryWarehouse } from '../support/warehouse';

describe('alert store schema', () => {
  it('creates its schema and tables once, and init can run again', async () => {
    const warehouse = memoryWarehouse();
    try {
      const store = createAlertStore(warehouse, 'pulse_state');
      await store.init();
      await store.init();
      const tables = await warehouse.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'pulse_state' ORDER BY table_name",
      );
      expect(tables.map((row) => row.table_name)).toEqual(['alert_audit', 'alert_deliveries', 'alert_incidents', 'alert_messages', 'monitor_state']);
    } finally {
      await warehouse.close();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const warehouse = memoryWarehouse();
    try {
      expect(() => createAlertStore(warehouse, 'pulse; DROP TABLE x')).toThrow(/not a plain schema name/);
    } finally {
      await warehouse.close();
    }
  });

  it('creates the state schema and tables once, and afterwards sends no DDL at all', async () => {
    const warehouse = countingWarehouse(createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger: pino({ level: 'silent' }) }));
    try {
      await createAlertStore(warehouse, 'PULSE_STATE').init();
      expect(warehouse.statements.filter((s) => /^\s*CREATE/i.test(s.sql))).toHaveLength(6);
      warehouse.statements.length = 0;
      await createAlertStore(warehouse, 'PULSE_STATE').init();
      expect(warehouse.statements).toHaveLength(1);
      expect(warehouse.statements[0]?.sql).toMatch(/^SELECT .* FROM INFORMATION_SCHEMA\.COLUMNS/);
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
