import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createDuckDbWarehouse, type DuckDbWarehouse } from '../../src/warehouse/duckdb';
import { normalizeRow } from '../../src/warehouse/normalizeRow';
import { WarehouseError } from '../../src/warehouse/errors';
import { createLogger } from '../../src/log/logger';
import type { Warehouse } from '../../src/warehouse/types';

/** Long enough to outlive any deadline used here; interrupted long before it finishes. */
const SLOW_QUERY = 'SELECT SUM(a.range * b.range) AS s FROM range(300000) a, range(300000) b';

function quietLogger() {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { logger: createLogger({ level: 'debug', format: 'json', destination: stream }), lines };
}

async function rejection(promise: Promise<unknown>): Promise<WarehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WarehouseError);
    return error as WarehouseError;
  }
  throw new Error('expected the query to fail');
}

describe('the DuckDB warehouse in memory', () => {
  let warehouse: Warehouse;
  const { logger, lines } = quietLogger();
  beforeAll(() => {
    warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger });
  });
  afterAll(() => warehouse.close());

  it('answers with engine-neutral rows and binds with ?', async () => {
    expect(warehouse.engine).toBe('duckdb');
    const rows = await warehouse.query(
      `SELECT ? AS "Name", ? + 1 AS n, ? AS flag, ? AS nothing, ?::TIMESTAMP AS at, DATEDIFF('minute', ?::TIMESTAMP, ?::TIMESTAMP) AS minutes`,
      ['acme', 41, true, null, '2026-03-10T12:00:00.000Z', '2026-03-10T12:00:00Z', '2026-03-10T13:30:00Z'],
      { tag: 'test:binds' },
    );
    expect(rows).toEqual([{ name: 'acme', n: 42, flag: true, nothing: null, at: '2026-03-10T12:00:00.000Z', minutes: 90 }]);
  });

  it('gives each row of a result of several chunks as normalizeRow gives it a row at a time', async () => {
    const sql = `SELECT i AS "Id", 'row ' || i AS "Text", TIMESTAMP '2026-01-02 03:04:05.678901' + i * INTERVAL 1 MINUTE AS at,
      CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag, (i * 1000)::HUGEINT AS huge, 12.50::DECIMAL(10,2) AS amount,
      DATE '2026-01-02' + (i % 30)::INTEGER AS day, [i, i + 1] AS list, i AS "ID"
      FROM range(5000) t(i) ORDER BY i`;
    const expected = await (warehouse as DuckDbWarehouse).withConnection(async (connection) => (await connection.runAndReadAll(sql)).getRowObjects().map(normalizeRow), { tag: 'test:expected' });
    const rows = await warehouse.query(sql, [], { tag: 'test:rows' });
    expect(rows).toHaveLength(5000);
    expect(rows).toEqual(expected);
    expect(rows[4]).toEqual({ id: 4, text: 'row 4', at: '2026-01-02T03:08:05.678Z', flag: true, huge: 4000, amount: 12.5, day: '2026-01-06', list: '[4,5]' });
  });

  it('keeps one database for its lifetime, and works in UTC on every connection', async () => {
    await warehouse.query('CREATE TABLE kept (happened TIMESTAMP, tz TIMESTAMPTZ)');
    await warehouse.query(`INSERT INTO kept VALUES ('2026-03-10 12:00:00', '2026-03-10 12:00:00')`);
    const rows = await Promise.all([1, 2, 3].map(() => warehouse.query('SELECT happened, tz, CAST(tz AS TIMESTAMP) AS naive, current_setting(\'TimeZone\') AS zone FROM kept')));
    for (const result of rows) {
      expect(result).toEqual([{ happened: '2026-03-10T12:00:00.000Z', tz: '2026-03-10T12:00:00.000Z', naive: '2026-03-10T12:00:00.000Z', zone: 'UTC' }]);
    }
  });

  it('rejects bad SQL with PULSE_WAREHOUSE_SQL (a missing table with PULSE_WAREHOUSE_MISSING_OBJECT) and a message without the echoed statement', async () => {
    const syntax = await rejection(warehouse.query('SELEC 1'));
    expect(syntax.code).toBe('PULSE_WAREHOUSE_SQL');
    expect(syntax.message).toMatch(/syntax error at or near "SELEC"/);
    expect(syntax.message).not.toMatch(/LINE 1/);
    const missing = await rejection(warehouse.query('SELECT * FROM no_such_table'));
    expect(missing.code).toBe('PULSE_WAREHOUSE_MISSING_OBJECT');
    expect(missing.message).toMatch(/no_such_table does not exist/);
    const binds = await rejection(warehouse.query('SELECT ?'));
    expect(binds.code).toBe('PULSE_WAREHOUSE_SQL');
  });

  it('interrupts a query at its deadline with PULSE_WAREHOUSE_TIMEOUT, and stays usable', async () => {
    const timeout = await rejection(warehouse.query(SLOW_QUERY, [], { tag: 'test:slow', deadlineMs: 300 }));
    expect(timeout.code).toBe('PULSE_WAREHOUSE_TIMEOUT');
    expect(timeout.deadlineSeconds).toBe(0.3);
    expect(lines.some((line) => line.includes('test:slow') && line.includes('interrupted'))).toBe(true);
    expect(await warehouse.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('uses queryTimeoutSeconds when a query names no deadline', async () => {
    const short = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 1, logger });
    try {
      const timeout = await rejection(short.query(SLOW_QUERY));
      expect(timeout).toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', deadlineSeconds: 1 });
    } finally {
      await short.close();
    }
  });

  it('pings, and refuses queries once closed', async () => {
    const other = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger });
    await expect(other.ping()).resolves.toBeUndefined();
    await other.close();
    await other.close();
    const closed = await rejection(other.query('SELECT 1'));
    expect(closed.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
  });
});

describe('the DuckDB warehouse on a file', () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-duckdb-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('keeps data across close and reopen', async () => {
    const file = path.join(folder, 'kept.duckdb');
    const { logger } = quietLogger();
    const first = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger, idleCloseMs: 50 });
    await first.query('CREATE TABLE t (n INTEGER)');
    await first.query('INSERT INTO t VALUES (1), (2)');
    await first.close();
    const second = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
    expect(await second.query('SELECT SUM(n) AS total FROM t')).toEqual([{ total: 3 }]);
    await second.close();
  });

  it('shares one instance between warehouses on the same file in one process', async () => {
    const file = path.join(folder, 'shared.duckdb');
    const { logger } = quietLogger();
    const a = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
    const b = createDuckDbWarehouse({ path: path.join(folder, '.', 'shared.duckdb'), queryTimeoutSeconds: 60, logger });
    await a.query('CREATE TABLE t AS SELECT 1 AS n');
    await Promise.all([a.query('INSERT INTO t VALUES (2)'), b.query('INSERT INTO t VALUES (3)')]);
    await a.close();
    expect(await b.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
    await b.close();
  });

  it('reports a file it cannot open as PULSE_WAREHOUSE_UNAVAILABLE', async () => {
    const { logger } = quietLogger();
    const warehouse = createDuckDbWarehouse({ path: path.join(folder, 'missing-folder', 'x.duckdb'), queryTimeoutSeconds: 60, logger });
    const error = await rejection(warehouse.query('SELECT 1'));
    expect(error.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect(error.message).toMatch(/could not open the DuckDB file/);
    await warehouse.close();
  });
});
