import { existsSync } from 'node:fs';
import { ConfigError, type Config } from '../config/loadConfig';
import { DEFAULT_DUCKDB_PATH } from '../config/schema';
import type { Logger } from '../log/logger';
import type { Clock } from '../warehouse/deadline';
import { createDuckDbWarehouse } from '../warehouse/duckdb';
import { ensureDemoDatabase } from '../demo/ensureDemoDatabase';
import { createSnowflakeWarehouse } from '../warehouse/snowflake';
import type { Warehouse } from '../warehouse/types';

/**
 * The configured warehouse, reachable and logged in, or a WarehouseError that says why not. A
 * missing DuckDB file becomes the demo only where the configuration allows it (the default path,
 * or DEMO=true); anywhere else it is a ConfigError naming DUCKDB_PATH, and nothing is created.
 * `clock` is where its deadlines read time (tests move one by hand); the system clock otherwise.
 */
export async function openWarehouse(config: Config, logger: Logger, options: { clock?: Clock } = {}): Promise<Warehouse> {
  const { kind, queryTimeoutSeconds, duckdbPath, duckdbMemoryLimit, createDemo, demo, snowflake } = config.warehouse;
  const { clock } = options;
  if (kind === 'duckdb') {
    if (duckdbPath !== ':memory:') {
      if (createDemo) await ensureDemoDatabase(duckdbPath, logger);
      else if (!existsSync(duckdbPath)) {
        const expected =
          demo === false
            ? 'an existing DuckDB file (DEMO=false: Pulse creates no demo data)'
            : `an existing DuckDB file (only the default ${DEFAULT_DUCKDB_PATH}, or any path with DEMO=true, is created with demo data when missing)`;
        throw new ConfigError([{ variable: 'DUCKDB_PATH', expected, got: `${JSON.stringify(duckdbPath)}, which does not exist` }]);
      }
    }
    return createDuckDbWarehouse({ path: duckdbPath, queryTimeoutSeconds, logger, clock, memoryLimit: duckdbMemoryLimit });
  }
  if (!snowflake) throw new Error('WAREHOUSE=snowflake without Snowflake settings: loadConfig should have refused this');
  const warehouse = createSnowflakeWarehouse({ config: snowflake, queryTimeoutSeconds, logger, clock });
  await warehouse.verify();
  return warehouse;
}
