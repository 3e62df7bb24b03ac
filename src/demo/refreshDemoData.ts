import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { generateDemoData } from './generateDemoData';
import { DEMO_MARKER_TABLE, DEMO_SCHEMA, DEMO_TENANTS_SCHEMA, DEMO_TENANTS_TABLE, type DemoNaming } from './demoSchema';
import type { Logger } from '../log/logger';
import { messageOf } from '../errors/messageOf';

/** Older than this, the demo's "now" has drifted enough to show everything as late. */
export const DEMO_MAX_AGE_MINUTES = 60;

/** What a demo database was generated from, as its marker table says. */
export interface DemoMarker {
  generatedAt: number;
  connections: number;
  days: number;
  seed: number;
  naming: DemoNaming;
}

/** The demo marker, or null for a database that is not a generated demo (real data is never touched). */
export async function readDemoMarker(connection: DuckDBConnection): Promise<DemoMarker | null> {
  try {
    const reader = await connection.runAndReadAll(`SELECT epoch_ms(generated_at) AS generated_ms, connections, days, seed, naming FROM ${DEMO_TENANTS_SCHEMA}.${DEMO_MARKER_TABLE}`);
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    return { generatedAt: Number(row.generated_ms), connections: Number(row.connections), days: Number(row.days), seed: Number(row.seed), naming: row.naming === 'legacy' ? 'legacy' : 'current' };
  } catch {
    return null;
  }
}

/**
 * Replaces the demo schema and tenants with new ones generated for `now`, with the options the
 * marker records, in one transaction; `alsoDrop` names more tables to drop in it. On failure
 * nothing has changed.
 */
async function regenerateDemoData(connection: DuckDBConnection, marker: DemoMarker, now: Date, alsoDrop: readonly string[] = []): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(`DROP SCHEMA ${DEMO_SCHEMA} CASCADE`);
    await connection.run(`DROP TABLE ${DEMO_TENANTS_SCHEMA}.${DEMO_TENANTS_TABLE}`);
    await connection.run(`DROP TABLE ${DEMO_TENANTS_SCHEMA}.${DEMO_MARKER_TABLE}`);
    for (const table of alsoDrop) await connection.run(`DROP TABLE IF EXISTS ${table}`);
    const { connections, days, seed, naming } = marker;
    await generateDemoData(connection, { connections, days, seed, naming, now });
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

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
    const marker = await readDemoMarker(connection);
    if (!marker || now.getTime() - marker.generatedAt < DEMO_MAX_AGE_MINUTES * 60_000) return false;
    try {
      await regenerateDemoData(connection, marker, now);
    } catch (error) {
      throw new Error(`could not bring the demo warehouse up to date: ${messageOf(error)}`);
    }
    logger.info({ path: file, generatedAt: new Date(marker.generatedAt).toISOString() }, 'brought the demo warehouse up to date: its times are relative to now again');
    return true;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Starts the demo over on an open connection: new demo data for `now`, and the tables in `stateTables`
 * (Pulse's alert state) dropped, in one transaction. Returns false, changing nothing, when the
 * database is not a generated demo.
 */
export async function resetDemoData(connection: DuckDBConnection, stateTables: readonly string[], now: Date): Promise<boolean> {
  const marker = await readDemoMarker(connection);
  if (!marker) return false;
  await regenerateDemoData(connection, marker, now, stateTables);
  return true;
}
