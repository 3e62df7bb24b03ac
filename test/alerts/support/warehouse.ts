import pino from 'pino';
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
