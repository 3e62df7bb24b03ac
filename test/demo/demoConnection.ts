import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { generateDemoData, type DemoDataOptions, type DemoDataSummary } from '../../src/demo';
import { normalizeRow } from '../../src/warehouse/normalizeRow';
import type { Row } from '../../src/warehouse/types';

export const FIXED_NOW = new Date('2026-03-10T12:00:00.000Z');

export interface DemoConnection {
  connection: DuckDBConnection;
  summary: DemoDataSummary;
  rows(sql: string): Promise<Row[]>;
  close(): void;
}

/** A private in-memory database holding a freshly generated demo. */
export async function openDemo(options: DemoDataOptions = {}): Promise<DemoConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone='UTC'");
  const summary = await generateDemoData(connection, { now: FIXED_NOW, ...options });
  return {
    connection,
    summary,
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects().map(normalizeRow),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
