import { DuckDBInstance } from '@duckdb/node-api';
import { generateDemoData } from '../fivetran/demo';
import { DEMO_MARKER_TABLE, DEMO_SCHEMA, DEMO_TENANTS_SCHEMA, DEMO_TENANTS_TABLE, type DemoNaming } from '../fivetran/demo/demoSchema';
import type { Logger } from '../log/logger';
import { messageOf } from './errorMessage';

/** Older than this, the demo's "now" has drifted enough to show everything as late. */
export const DEMO_MAX_AGE_MINUTES = 60;

/**
 * Brings a demo warehouse back to the present: the demo's times are relative to when it was
 * generated, so a file from yesterday would show every connection as delayed. Regenerates only
 * the demo schema and tenants, with the options it was made with; Pulse's own alert state in
 * the same file stays. A file without the demo marker (real data) is never touched.
 * Runs before the app opens its warehouse: DuckDB allows one process per file.
 */
export async function refreshDemoDataIfOld(file: string, logger: Logger, now: Date = new Date()): Promise<boolean> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    let marker: { generatedAt: number; connections: number; days: number; seed: number; naming: DemoNaming } | null = null;
    try {
      const reader = await connection.runAndReadAll(`SELECT epoch_ms(generated_at) AS generated_ms, connections, days, seed, naming FROM ${DEMO_TENANTS_SCHEMA}.${DEMO_MARKER_TABLE}`);
      const row = reader.getRowObjectsJS()[0];
      if (row) marker = { generatedAt: Number(row.generated_ms), connections: Number(row.connections), days: Number(row.days), seed: Number(row.seed), naming: row.naming === 'legacy' ? 'legacy' : 'current' };
    } catch {
      return false;
    }
    if (!marker || now.getTime() - marker.generatedAt < DEMO_MAX_AGE_MINUTES * 60_000) return false;

    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(`DROP SCHEMA ${DEMO_SCHEMA} CASCADE`);
      await connection.run(`DROP TABLE ${DEMO_TENANTS_SCHEMA}.${DEMO_TENANTS_TABLE}`);
      await connection.run(`DROP TABLE ${DEMO_TENANTS_SCHEMA}.${DEMO_MARKER_TABLE}`);
      const { connections, days, seed, naming } = marker;
      await generateDemoData(connection, { connections, days, seed, naming, now });
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw new Error(`could not bring the demo warehouse up to date: ${messageOf(error)}`);
    }
    logger.info({ path: file, generatedAt: new Date(marker.generatedAt).toISOString() }, 'brought the demo warehouse up to date: its times are relative to now again');
    return true;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
