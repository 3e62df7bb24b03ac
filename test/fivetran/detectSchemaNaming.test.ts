import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoDatabase } from '../../src/demo';
import { detectSchemaNaming } from '../../src/fivetran/detectSchemaNaming';
import { createLogger } from '../../src/log/logger';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { WarehouseError } from '../../src/warehouse/errors';
import type { Bind, QueryOptions, Row, Warehouse } from '../../src/warehouse/types';

const logger = createLogger({ level: 'silent', format: 'json' });
const now = new Date('2026-03-10T12:00:00.000Z');
let folder: string;

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-naming-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** Counts the statements a real warehouse runs, so "one query" is checked. */
function counting(inner: Warehouse): Warehouse & { statements: string[] } {
  const statements: string[] = [];
  return {
    engine: inner.engine,
    statements,
    query<T extends Row = Row>(sql: string, binds?: readonly Bind[], options?: QueryOptions) {
      statements.push(sql);
      return inner.query<T>(sql, binds, options);
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

async function failure(promise: Promise<unknown>): Promise<WarehouseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WarehouseError);
  expect((error as WarehouseError).code).toBe('PULSE_WAREHOUSE_SCHEMA');
  return error as WarehouseError;
}

describe('on the demo data', () => {
  it('detects the current naming in one query', async () => {
    const file = path.join(folder, 'current.duckdb');
    await writeDemoDatabase(file, { now, days: 7 });
    const warehouse = counting(createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger }));
    try {
      expect(await detectSchemaNaming(warehouse, 'FIVETRAN_LOG')).toEqual({
        schema: 'FIVETRAN_LOG',
        connectionTable: 'CONNECTION',
        connectionIdColumn: 'connection_id',
        connectionNameColumn: 'connection_name',
        connectorTypeColumn: 'connector_type_id',
        logIdColumns: ['connection_id', 'connector_id'],
        marNameColumn: 'connection_name',
        hasConnectorTypeTable: true,
        hasDestinationTable: true,
        hasDeletedColumn: true,
      });
      expect(warehouse.statements).toHaveLength(1);
      // Names compare case-insensitively, and a database-qualified schema reads that database.
      expect((await detectSchemaNaming(warehouse, 'fivetran_log')).connectionTable).toBe('CONNECTION');
      expect((await detectSchemaNaming(warehouse, 'current.FIVETRAN_LOG')).schema).toBe('current.FIVETRAN_LOG');
      const elsewhere = await failure(detectSchemaNaming(warehouse, 'other_db.FIVETRAN_LOG'));
      expect(elsewhere.message).toContain('other_db.FIVETRAN_LOG holds none of the Fivetran Platform Connector tables');
    } finally {
      await warehouse.close();
    }
  });

  it('detects the legacy naming', async () => {
    const file = path.join(folder, 'legacy.duckdb');
    await writeDemoDatabase(file, { now, days: 7, naming: 'legacy' });
    const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
    try {
      expect(await detectSchemaNaming(warehouse, 'FIVETRAN_LOG')).toMatchObject({
        connectionTable: 'CONNECTOR',
        connectionIdColumn: 'connector_id',
        connectionNameColumn: 'connector_name',
        connectorTypeColumn: 'connector_type',
        logIdColumns: ['connector_id'],
        marNameColumn: 'connector_name',
      });
    } finally {
      await warehouse.close();
    }
  });
});

describe('on schemas Pulse cannot use', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger });
    await warehouse.query('CREATE SCHEMA FIVETRAN_LOG');
  });
  afterEach(() => warehouse.close());

  const connectionDdl = `CREATE TABLE FIVETRAN_LOG.CONNECTION (connection_id VARCHAR, connection_name VARCHAR, connector_type_id VARCHAR,
    destination_id VARCHAR, paused BOOLEAN, signed_up TIMESTAMP, sync_frequency INTEGER)`;
  const logDdl = `CREATE TABLE FIVETRAN_LOG.LOG (id VARCHAR, time_stamp TIMESTAMP, connector_id VARCHAR, event VARCHAR, message_event VARCHAR,
    message_data VARCHAR, sync_id VARCHAR, _fivetran_synced TIMESTAMP)`;

  it('says when the schema holds nothing Pulse knows', async () => {
    const error = await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'));
    expect(error.message).toBe("FIVETRAN_LOG holds none of the Fivetran Platform Connector tables (CONNECTION, LOG…), or Pulse's role cannot see them: is FIVETRAN_SCHEMA right?");
  });

  it('says when there is no CONNECTION or CONNECTOR table', async () => {
    await warehouse.query(logDdl);
    const error = await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'));
    expect(error.message).toBe('FIVETRAN_LOG has no CONNECTION or CONNECTOR table: is FIVETRAN_SCHEMA right?');
  });

  it('says when there is no LOG table', async () => {
    await warehouse.query(connectionDdl);
    const error = await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'));
    expect(error.message).toMatch(/^FIVETRAN_LOG has no LOG table/);
  });

  it('names the missing columns', async () => {
    await warehouse.query(logDdl);
    await warehouse.query('CREATE TABLE FIVETRAN_LOG.CONNECTOR (connector_id VARCHAR, connector_name VARCHAR, connector_type VARCHAR, destination_id VARCHAR)');
    const error = await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'));
    expect(error.message).toBe('FIVETRAN_LOG.CONNECTOR is missing the columns paused, signed_up and sync_frequency');

    await warehouse.query('DROP TABLE FIVETRAN_LOG.CONNECTOR');
    await warehouse.query('CREATE TABLE FIVETRAN_LOG.CONNECTOR (id VARCHAR, connector_name VARCHAR)');
    expect((await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'))).message).toBe('FIVETRAN_LOG.CONNECTOR has no connection_id or connector_id column');
  });

  it('names a LOG without connection ids or required columns', async () => {
    await warehouse.query(connectionDdl);
    await warehouse.query('CREATE TABLE FIVETRAN_LOG.LOG (id VARCHAR, time_stamp TIMESTAMP, event VARCHAR)');
    expect((await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'))).message).toBe('FIVETRAN_LOG.LOG has no connection_id or connector_id column');
    await warehouse.query('ALTER TABLE FIVETRAN_LOG.LOG ADD COLUMN connection_id VARCHAR');
    expect((await failure(detectSchemaNaming(warehouse, 'FIVETRAN_LOG'))).message).toBe(
      'FIVETRAN_LOG.LOG is missing the columns message_event, message_data, sync_id and _fivetran_synced',
    );
  });

  it('degrades without the optional tables and columns', async () => {
    await warehouse.query(connectionDdl);
    await warehouse.query(logDdl);
    expect(await detectSchemaNaming(warehouse, 'FIVETRAN_LOG')).toMatchObject({
      logIdColumns: ['connector_id'],
      marNameColumn: null,
      hasConnectorTypeTable: false,
      hasDestinationTable: false,
      hasDeletedColumn: false,
    });
    // The oldest INCREMENTAL_MAR held the connection's name in connector_id.
    await warehouse.query('CREATE TABLE FIVETRAN_LOG.INCREMENTAL_MAR (measured_date DATE, connector_id VARCHAR, incremental_rows BIGINT)');
    expect((await detectSchemaNaming(warehouse, 'FIVETRAN_LOG')).marNameColumn).toBe('connector_id');
  });

  it('refuses a schema name that is not an identifier, without querying', async () => {
    const recording = counting(warehouse);
    const error = await failure(detectSchemaNaming(recording, 'FIVETRAN_LOG; DROP TABLE x'));
    expect(error.message).toContain('is not a schema name Pulse can use');
    expect(recording.statements).toHaveLength(0);
  });
});

it('reads DB.INFORMATION_SCHEMA.COLUMNS on Snowflake for a qualified schema', async () => {
  const seen: Array<{ sql: string; binds: readonly Bind[] | undefined }> = [];
  const snowflakeShaped: Warehouse = {
    engine: 'snowflake',
    async query<T extends Row = Row>(sql: string, binds?: readonly Bind[]) {
      seen.push({ sql, binds });
      return [] as T[];
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
  await failure(detectSchemaNaming(snowflakeShaped, 'MERCURIOS_DATA.FIVETRAN_LOG'));
  expect(seen).toHaveLength(1);
  expect(seen[0]?.sql).toContain('FROM MERCURIOS_DATA.INFORMATION_SCHEMA.COLUMNS');
  expect(seen[0]?.binds?.slice(0, 2)).toEqual(['MERCURIOS_DATA', 'FIVETRAN_LOG']);
});
