import type { Config } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import type { Clock } from '../warehouse/deadline';
import { createDuckDbWarehouse } from '../warehouse/duckdb';
import { ensureDemoDatabase } from '../warehouse/openDemoWarehouse';
import { createSnowflakeWarehouse } from '../warehouse/snowflake';
import type { Warehouse } from '../warehouse/types';

/**
 * The configured warehouse, reachable and logged in, or a WarehouseError that says why not.
 * `clock` is where its deadlines read time (tests move one by hand); the system clock otherwise.
 */
export async function openWarehouse(config: Config, logger: Logger, options: { clock?: Clock } = {}): Promise<Warehouse> {
  const { kind, queryTimeoutSeconds, duckdbPath, snowflake } = config.warehouse;
  const { clock } = options;
  if (kind === 'duckdb') {
    if (duckdbPath !== ':memory:') await ensureDemoDatabase(duckdbPath, logger);
    return createDuckDbWarehouse({ path: duckdbPath, queryTimeoutSeconds, logger, clock });
  }
  if (!snowflake) throw new Error('WAREHOUSE=snowflake without Snowflake settings: loadConfig should have refused this');
  const warehouse = createSnowflakeWarehouse({ config: snowflake, queryTimeoutSeconds, logger, clock });
  await warehouse.verify();
  return warehouse;
}
