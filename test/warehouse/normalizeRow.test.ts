import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { normalizeRow, normalizeValue } from '../../src/warehouse/normalizeRow';

describe('normalizeRow on values DuckDB really returns', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run("SET TimeZone='UTC'");
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  async function one(sql: string) {
    const [row] = (await connection.runAndReadAll(sql)).getRowObjects();
    if (!row) throw new Error('no row');
    return normalizeRow(row);
  }

  it('lower-cases keys and turns every scalar type into the engine-neutral value', async () => {
    const row = await one(`SELECT
      42::BIGINT AS "BigOne", 170141183460469231731687303715884105727::HUGEINT AS huge, 12.50::DECIMAL(10,2) AS amount,
      TIMESTAMP '2026-01-02 03:04:05.678901' AS ts, TIMESTAMPTZ '2026-01-02 05:04:05+02' AS tz, DATE '2026-01-02' AS d,
      '{"status":"SUCCESSFUL"}'::JSON AS j, true AS b, NULL AS nothing, 'text' AS s, 1.5::DOUBLE AS dbl, 7::INTEGER AS i`);
    expect(row).toEqual({
      bigone: 42,
      huge: 1.7014118346046923e38,
      amount: 12.5,
      ts: '2026-01-02T03:04:05.678Z',
      tz: '2026-01-02T03:04:05.000Z',
      d: '2026-01-02',
      j: '{"status":"SUCCESSFUL"}',
      b: true,
      nothing: null,
      s: 'text',
      dbl: 1.5,
      i: 7,
    });
  });

  it('keeps dates before 1970 on the right millisecond and day', async () => {
    expect(await one(`SELECT TIMESTAMP '1969-12-31 23:59:59.9995' AS ts, DATE '1969-12-31' AS d`)).toEqual({ ts: '1969-12-31T23:59:59.999Z', d: '1969-12-31' });
  });

  it('writes nested values as JSON text and other types in their canonical text', async () => {
    const row = await one(`SELECT [1, 2] AS l, {'a': 1, 'b': 'x'} AS st, MAP {'k': 2} AS m, '00000000-0000-4000-8000-000000000001'::UUID AS u, TIME '10:11:12' AS t, INTERVAL 90 MINUTE AS iv`);
    expect(row).toMatchObject({ l: '[1,2]', st: '{"a":1,"b":"x"}', m: '{"k":2}', u: '00000000-0000-4000-8000-000000000001', t: '10:11:12' });
    expect(typeof row.iv).toBe('string');
  });

  it('keeps infinite timestamps and dates readable instead of throwing', async () => {
    const row = await one(`SELECT 'infinity'::TIMESTAMP AS ts, '-infinity'::DATE AS d`);
    expect(row).toEqual({ ts: 'infinity', d: '-infinity' });
  });
});

describe('normalizeValue on constructed values', () => {
  it('converts each kind', () => {
    expect(normalizeValue(new DuckDBTimestampValue(0n))).toBe('1970-01-01T00:00:00.000Z');
    expect(normalizeValue(new DuckDBTimestampTZValue(1_000_000n))).toBe('1970-01-01T00:00:01.000Z');
    expect(normalizeValue(new DuckDBDateValue(1))).toBe('1970-01-02');
    expect(normalizeValue(new DuckDBDecimalValue(-1250n, 10, 2))).toBe(-12.5);
    expect(normalizeValue(9007199254740993n)).toBe(9007199254740992);
    expect(normalizeValue(Number.NaN)).toBe('NaN');
    expect(normalizeValue(null)).toBeNull();
  });
});
