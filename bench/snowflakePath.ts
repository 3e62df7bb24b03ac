import { DuckDBInstance } from '@duckdb/node-api';
import type { SchemaNaming } from '../src/fivetran/schemaNaming';
import type { Logger } from '../src/log/logger';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../src/config/duckdbMemoryLimit';
import { createSnowflakeWarehouse } from '../src/warehouse/snowflake';
import { startSnowflakeStandIn } from '../test/support/snowflake';
import { standInConfig } from '../test/support/snowflake/fixtures';
import { measureCycle, type CycleStats } from './measureCycle';
import { timedWarehouse } from './timedWarehouse';

const PASSWORD = 'bench-only password';

/**
 * The same cycle through the real snowflake-sdk driver against the Snowflake stand-in, which runs
 * the statements on the same DuckDB file: the difference from the embedded path is the driver,
 * HTTP, and Snowflake's string-encoded result rows.
 */
export async function measureSnowflakePath(file: string, naming: SchemaNaming, logger: Logger, at: Date, runs: number, warmup: number): Promise<CycleStats> {
  // The stand-in's own default is one DuckDB thread; the embedded warehouse uses them all, under the app's memory limit.
  const instance = await DuckDBInstance.create(file, { memory_limit: DEFAULT_DUCKDB_MEMORY_LIMIT });
  try {
    const standIn = await startSnowflakeStandIn({ duckdbPath: instance, users: [{ name: 'PULSE', password: PASSWORD }] });
    try {
      const snowflake = createSnowflakeWarehouse({ config: standInConfig(standIn, 'PULSE', { kind: 'password', password: PASSWORD }), queryTimeoutSeconds: 300, logger });
      try {
        await snowflake.verify();
        const warehouse = timedWarehouse(snowflake);
        return (await measureCycle({ warehouse, naming, logger, at, runs, warmup })).stats;
      } finally {
        await snowflake.close();
      }
    } finally {
      await standIn.close();
    }
  } finally {
    instance.closeSync();
  }
}
