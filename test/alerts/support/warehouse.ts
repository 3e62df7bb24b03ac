import pino from 'pino';
import { createAlertStore, type AlertStore } from '../../../src/alerts/store';
import { createDuckDbWarehouse } from '../../../src/warehouse/duckdb';
import type { Warehouse } from '../../../src/warehouse/types';

export const silentLogger = pino({ level: 'silent' });

/** A real, private, in-memory DuckDB warehouse. */
export function memoryWarehouse(): Warehouse {
  return createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger: silentLogger });
}

export function fileWarehouse(path: string): Warehouse {
  return createDuckDbWarehouse({ path, queryTimeoutSeconds: 60, logger: silentLogger, idleCloseMs: 0 });
}

/**
 * A new alert store on its own in-memory warehouse for every test of the calling `describe`, closed
 * after each. Read `store` and `warehouse` inside the tests (they change with every test).
 */
export function freshStoreForEachTest(): { readonly store: AlertStore; readonly warehouse: Warehouse } {
  const current = {} as { store: AlertStore; warehouse: Warehouse };
  beforeEach(async () => {
    current.warehouse = memoryWarehouse();
    current.store = createAlertStore(current.warehouse, 'pulse_state');
    await current.store.init();
  });
  afterEach(async () => {
    await current.warehouse.close();
  });
  return current;
}
