import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { normalizeRow } from '../../src/warehouse/normalizeRow';
import { createLogger } from '../../src/log/logger';
import type { Row, Warehouse } from '../../src/warehouse/types';
import { warehouseRejection } from '../support/warehouseRejection';

/** Long enough to outlive any deadline used here; interrupted long before it finishes. */
const SLOW_QUERY = 'SELECT SUM(a.range * b.range) AS s FROM range(300000) a, range(300000) b';

function quietLogger() {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { logger: createLogger({ level: 'debug', format: 'json', destination: stream }), lines };
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

  it('keeps one database for its lifetime, and works in UTC on every connection', async () => {
    await warehouse.query('CREATE TABLE kept (happened TIMESTAMP, tz TIMESTAMPTZ)');
    await warehouse.query(`INSERT INTO kept VALUES ('2026-03-10 12:00:00', '2026-03-10 12:00:00')`);
    const rows = await Promise.all([1, 2, 3].map(() => warehouse.query('SELECT happened, tz, CAST(tz AS TIMESTAMP) AS naive, current_setting(\'TimeZone\') AS zone FROM kept')));
    for (const result of rows) {
      expect(result).toEqual([{ happened: '2026-03-10T12:00:00.000Z', tz: '2026-03-10T12:00:00.000Z', naive: '2026-03-10T12:00:00.000Z', zone: 'UTC' }]);
    }
  });

  it('rejects bad SQL with PULSE_WAREHOUSE_SQL (a missing table with PULSE_WAREHOUSE_MISSING_OBJECT) and a message without the echoed statement', async () => {
    const syntax = await warehouseRejection(warehouse.query('SELEC 1'));
    expect(syntax.code).toBe('PULSE_WAREHOUSE_SQL');
    expect(syntax.message).toMatch(/syntax error at or near "SELEC"/);
    expect(syntax.message).not.toMatch(/LINE 1/);
    const missing = await warehouseRejection(warehouse.query('SELECT * FROM no_such_table'));
    expect(missing.code).toBe('PULSE_WAREHOUSE_MISSING_OBJECT');
    expect(missing.message).toMatch(/no_such_table does not exist/);
    const binds = await warehouseRejection(warehouse.query('SELECT ?'));
    expect(binds.code).toBe('PULSE_WAREHOUSE_SQL');
  });

  it('interrupts a query at its deadline with PULSE_WAREHOUSE_TIMEOUT, and stays usable', async () => {
    const timeout = await warehouseRejection(warehouse.query(SLOW_QUERY, [], { tag: 'test:slow', deadlineMs: 300 }));
    expect(timeout.code).toBe('PULSE_WAREHOUSE_TIMEOUT');
    expect(timeout.deadlineSeconds).toBe(0.3);
    expect(lines.some((line) => line.includes('test:slow') && line.includes('interrupted'))).toBe(true);
    expect(await warehouse.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('uses queryTimeoutSeconds when a query names no deadline', async () => {
    const short = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 1, logger });
    try {
      const timeout = await warehouseRejection(short.query(SLOW_QUERY));
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
    const closed = await warehouseRejection(other.query('SELECT 1'));
    expect(closed.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
  });
});

/**
 * 5,000 rows (three chunks) of every type the warehouse converts, NULL every so often. Timestamps
 * span 1696 to 2243 with microseconds on both sides of 1970; a few rows hold ±infinity and instants
 * beyond a double's exact microseconds (the years 1500 and 3000). The `*_text` columns are DuckDB's
 * own text for the same instants, the expected answer written by the database.
 */
const EVERY_TYPE = `
  WITH numbers AS (SELECT range AS i, (range - 2500) * 3456789012345 + (range * 7919) % 1000000 AS micros FROM range(5000)),
  instants AS (
    SELECT i,
      CASE
        WHEN i % 11 = 0 THEN NULL
        WHEN i % 500 = 1 THEN 'infinity'::TIMESTAMP
        WHEN i % 500 = 2 THEN '-infinity'::TIMESTAMP
        WHEN i % 500 = 3 THEN TIMESTAMP '3000-01-01 00:00:00.123456' + to_microseconds(i)
        WHEN i % 500 = 4 THEN TIMESTAMP '1500-06-01 00:00:00.999999' - to_microseconds(i)
        ELSE make_timestamp(micros)
      END AS ts,
      CASE
        WHEN i % 11 = 0 OR i % 500 IN (3, 4) THEN NULL
        WHEN i % 500 = 1 THEN 'infinity'::TIMESTAMP_NS
        WHEN i % 500 = 2 THEN '-infinity'::TIMESTAMP_NS
        ELSE make_timestamp(micros)::TIMESTAMP_NS
      END AS ts_ns
    FROM numbers
  ),
  typed AS (
    SELECT i, ts, ts::TIMESTAMPTZ AS tstz, ts::TIMESTAMP_MS AS ts_ms, ts::TIMESTAMP_S AS ts_s, ts_ns,
      CASE WHEN i % 500 = 6 THEN DATE '20000-01-01' ELSE ts::DATE END AS d,
      isfinite(ts) AND year(ts) BETWEEN 1000 AND 9999 AS plain
    FROM instants
  )
  SELECT i AS "I", i AS "7", 1 AS dup, 2 AS dup, 3 AS "DUP", ts AS "__proto__",
    ts, tstz, ts_ms, ts_s, ts_ns, d,
    CASE WHEN plain THEN strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') END AS ts_text,
    CASE WHEN plain THEN strftime(ts_ms::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%gZ') END AS ts_ms_text,
    CASE WHEN plain THEN strftime(ts_s::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%gZ') END AS ts_s_text,
    CASE WHEN plain THEN strftime(ts_ns, '%Y-%m-%dT%H:%M:%S.%gZ') END AS ts_ns_text,
    CASE WHEN isfinite(d) AND year(d) BETWEEN 1000 AND 9999 THEN strftime(d, '%Y-%m-%d') END AS d_text,
    (i % 200 - 100)::TINYINT AS tiny, (i * 7 - 9000)::SMALLINT AS small, (i * 100003 - 250000000)::INTEGER AS int,
    CASE WHEN i % 13 = 0 THEN NULL ELSE (i - 2500) * 3000000000000000 + i END AS big,
    (i - 2500)::HUGEINT * 1000000000000000000000000000000 AS huge, i::UBIGINT * 3689348814741910 AS ubig,
    i::UHUGEINT * 100000000000000000000000000000000 AS uhuge, (i % 256)::UTINYINT AS utiny, i::USMALLINT AS usmall, (i * 858993)::UINTEGER AS uint,
    CASE i % 7 WHEN 0 THEN 'nan'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE WHEN 2 THEN '-inf'::DOUBLE WHEN 3 THEN -0.0::DOUBLE ELSE (i - 2500) / 3.0 END AS dbl,
    CASE i % 5 WHEN 0 THEN 'nan'::FLOAT ELSE ((i - 2500) / 7.0)::FLOAT END AS flt,
    ((i - 2500) / 7.0)::DECIMAL(18, 3) AS dec18, ((i % 999) / 10.0)::DECIMAL(4, 1) AS dec4, ((i - 2500) / 3.0)::DECIMAL(38, 10) AS dec38,
    CASE WHEN i % 17 = 0 THEN NULL ELSE 'c' || i END AS short_text, repeat('x', i % 40) || i AS long_text,
    'zürich ✓ ' || i AS unicode, chr(65279) || i AS bom, i % 3 = 0 AS flag, ('{"n":' || i || '}')::JSON AS j,
    ('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS u, to_seconds(i * 37) + to_months(i % 14) AS iv,
    ('ab' || i)::BLOB AS bl, TIME '00:00:00' + to_seconds(i * 17) AS t, (CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END)::ENUM('a', 'b') AS e,
    CASE WHEN i % 19 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS ints, [ts, tstz::TIMESTAMP] AS stamps,
    {'a': i, 'b': 'x' || i, 'c': ts, 'd': d} AS st, MAP {'k' || i: i, 'm': NULL} AS m, [i, i + 1, i + 2]::INTEGER[3] AS arr,
    [{'n': i, 'at': ts_ms}] AS list_of_structs, NULL AS nothing
  FROM typed`;

describe('turning a large result of every type into rows', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let warehouse: Warehouse;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run("SET TimeZone='UTC'");
    warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 120, logger: quietLogger().logger });
  });
  afterAll(async () => {
    connection.closeSync();
    instance.closeSync();
    await warehouse.close();
  });

  /** The same statement turned into rows one DuckDB row object at a time. */
  async function rowByRow(sql: string): Promise<Row[]> {
    const result = await connection.run(sql);
    expect(result.chunkCount).toBeGreaterThan(2); // the conversion meets chunk boundaries
    const names = result.deduplicatedColumnNames();
    const rows: Row[] = [];
    for (let index = 0; index < result.chunkCount; index += 1) rows.push(...result.getChunk(index).getRowObjects(names).map(normalizeRow));
    return rows;
  }

  it('gives exactly what normalizing each row object gives, and DuckDB\'s own text for every instant', async () => {
    const rows = await warehouse.query(EVERY_TYPE);
    expect(rows).toHaveLength(5000);
    // Same keys in the same order, same values of the same types.
    const expected = await rowByRow(EVERY_TYPE);
    expect(rows).toStrictEqual(expected);
    expect(JSON.stringify(rows)).toBe(JSON.stringify(expected));

    const checked = rows.flatMap((row) =>
      [
        [row.ts, row.ts_text],
        [row.tstz, row.ts_text],
        [row.ts_ms, row.ts_ms_text],
        [row.ts_s, row.ts_s_text],
        [row.ts_ns, row.ts_ns_text],
        [row.d, row.d_text],
      ].filter(([, text]) => typeof text === 'string'),
    );
    expect(checked.length).toBeGreaterThan(25_000);
    expect(checked.filter(([value, text]) => value !== text)).toEqual([]);
    // The statement's edges really are in it: before 1970 with milliseconds, and the instants a double cannot hold.
    expect(rows.filter((row) => typeof row.ts_text === 'string' && row.ts_text < '1970' && !row.ts_text.endsWith('.000Z')).length).toBeGreaterThan(1000);
    expect(rows[1]).toMatchObject({ i: 1, ts: 'infinity', tstz: 'infinity', d: 'infinity' });
    expect(rows[2]).toMatchObject({ ts: '-infinity', tstz: '-infinity', d: '-infinity' });
    expect(rows[3]).toMatchObject({ ts: '3000-01-01T00:00:00.123Z', ts_ms: '3000-01-01T00:00:00.123Z', d: '3000-01-01' });
    expect(rows[4]).toMatchObject({ ts: '1500-06-01T00:00:00.999Z', tstz: '1500-06-01T00:00:00.999Z', d: '1500-06-01' });
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(['7', 'i', 'dup', 'dup:1', 'ts']));
    expect(rows[0]).toMatchObject({ '7': 0, dup: 3, 'dup:1': 2, ts: null, dbl: 'NaN' });
    expect(Object.prototype.hasOwnProperty.call(rows[0], '__proto__')).toBe(false);
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
    const error = await warehouseRejection(warehouse.query('SELECT 1'));
    expect(error.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect(error.message).toMatch(/could not open the DuckDB file/);
    await warehouse.close();
  });
});
