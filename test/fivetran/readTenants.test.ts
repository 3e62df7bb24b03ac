import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoDatabase } from '../../src/demo';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/loadConfig';
import { createLogger } from '../../src/log/logger';
import { startMonitor } from '../../src/jobs/monitor';
import { readTenants, tenantsFromRows } from '../../src/fivetran/readTenants';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { WarehouseError } from '../../src/warehouse/errors';
import type { Warehouse } from '../../src/warehouse/types';
import { countingWarehouse } from '../support/countingWarehouse';

const logger = createLogger({ level: 'silent', format: 'json' });

it('reads the demo tenants, a tenant without a channel included', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-tenants-'));
  const file = path.join(folder, 'demo.duckdb');
  await writeDemoDatabase(file, { now: new Date('2026-03-10T12:00:00Z'), days: 7 });
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
  try {
    const { tenants, problem, missingColumns } = await readTenants(warehouse, 'PUBLIC.TENANTS');
    expect(problem).toBeNull();
    expect(missingColumns).toEqual([]);
    expect(tenants).toEqual([
      { tenantId: 'acme', tenantName: 'Acme Inc.', alertChannel: '#acme-data' },
      { tenantId: 'acme_eu', tenantName: 'Acme Europe GmbH', alertChannel: '#acme-eu-data' },
      { tenantId: 'globex', tenantName: 'Globex Corporation', alertChannel: '#globex-data' },
      { tenantId: 'initech', tenantName: 'Initech', alertChannel: null },
    ]);
  } finally {
    await warehouse.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

describe('tables that are missing or odd', () => {
  let warehouse: Warehouse;
  beforeEach(() => {
    warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger });
  });
  afterEach(() => warehouse.close());

  it('reports a missing table without failing', async () => {
    expect(await readTenants(warehouse, 'PUBLIC.TENANTS')).toEqual({
      tenants: [],
      problem: 'the tenants table PUBLIC.TENANTS does not exist (or Pulse cannot read it): every connection is unassigned until it does',
      missingColumns: [],
    });
  });

  it('knows a missing table by the warehouse\'s code, never by the words of its message', async () => {
    // The table is found in INFORMATION_SCHEMA, then reading it fails: dropped in between, or a
    // grant taken away. What the warehouse says is its own business; the code is Pulse's.
    await warehouse.query('CREATE TABLE tenants (tenant_id VARCHAR)');
    const failing = (error: WarehouseError): Warehouse => ({
      ...warehouse,
      query: (sql, binds, options) => (/ AS tenant_id/.test(sql) ? Promise.reject(error) : warehouse.query(sql, binds, options)),
    });
    const gone = await readTenants(failing(new WarehouseError('PULSE_WAREHOUSE_MISSING_OBJECT', "Objekt 'TENANTS' ist nicht vorhanden")), 'tenants');
    expect(gone.problem).toBe('the tenants table tenants does not exist (or Pulse cannot read it): every connection is unassigned until it does');
    const refused = await readTenants(failing(new WarehouseError('PULSE_WAREHOUSE_SQL', 'Scalar Function with name lower_x does not exist')), 'tenants');
    expect(refused.problem).toBe('the tenants table tenants could not be read (Scalar Function with name lower_x does not exist): every connection is unassigned until it can');
  });

  it('is told a missing catalog by DuckDB\'s own code', async () => {
    expect((await readTenants(warehouse, 'nodb.public.tenants')).problem).toBe(
      'the tenants table nodb.public.tenants does not exist (or Pulse cannot read it): every connection is unassigned until it does',
    );
  });

  it('names a table without a tenant_id column as the problem, with the columns it has', async () => {
    await warehouse.query('CREATE TABLE tenants (id VARCHAR, name VARCHAR)');
    expect(await readTenants(warehouse, 'tenants')).toEqual({
      tenants: [],
      problem: 'the tenants table tenants has no tenant_id column (its columns: id, name): every connection is unassigned until it has one',
      missingColumns: [],
    });
  });

  it('reads a table without alert_channel: its tenants, and that the column is missing', async () => {
    await warehouse.query('CREATE SCHEMA PUBLIC');
    await warehouse.query('CREATE TABLE PUBLIC.TENANTS (tenant_id VARCHAR, tenant_name VARCHAR)');
    await warehouse.query("INSERT INTO PUBLIC.TENANTS VALUES ('acme', 'Acme Inc.'), ('globex', 'Globex')");
    expect(await readTenants(warehouse, 'PUBLIC.TENANTS')).toEqual({
      tenants: [
        { tenantId: 'acme', tenantName: 'Acme Inc.', alertChannel: null },
        { tenantId: 'globex', tenantName: 'Globex', alertChannel: null },
      ],
      problem: null,
      missingColumns: ['alert_channel'],
    });
  });

  it('needs only tenant_id, and finds it in any letter case, in the current schema when unqualified', async () => {
    await warehouse.query('CREATE TABLE "Tenants" ("TENANT_ID" VARCHAR, "Segment" VARCHAR)');
    await warehouse.query("INSERT INTO \"Tenants\" VALUES ('acme', 'enterprise')");
    expect(await readTenants(warehouse, 'tenants')).toEqual({
      tenants: [{ tenantId: 'acme', tenantName: 'acme', alertChannel: null }],
      problem: null,
      missingColumns: ['tenant_name', 'alert_channel'],
    });
  });

  it('reads columns of mixed case from a table of mixed case, named in another case', async () => {
    await warehouse.query('CREATE SCHEMA "Public"');
    await warehouse.query('CREATE TABLE "Public"."Tenants" ("Tenant_Id" VARCHAR, "TENANT_NAME" VARCHAR, "alert_channel" VARCHAR)');
    await warehouse.query("INSERT INTO \"Public\".\"Tenants\" VALUES ('acme', 'Acme Inc.', '#acme-data')");
    expect(await readTenants(warehouse, 'PUBLIC.TENANTS')).toEqual({
      tenants: [{ tenantId: 'acme', tenantName: 'Acme Inc.', alertChannel: '#acme-data' }],
      problem: null,
      missingColumns: [],
    });
  });

  it('refuses a name that is not a table name, without querying', async () => {
    expect(await readTenants(warehouse, 'TENANTS; DROP TABLE x')).toEqual({
      tenants: [],
      problem: '"TENANTS; DROP TABLE x" is not a table name Pulse can use: is TENANTS_TABLE right?',
      missingColumns: [],
    });
  });

  it('still fails when the warehouse does not answer in time', async () => {
    // A view that never finishes: a deadline of 1 s that its query always misses; the statement that makes it has time.
    const impatient = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 1, logger });
    await impatient.query(
      `CREATE VIEW slow_tenants AS
      SELECT CAST(SUM(a.range * b.range) AS VARCHAR) AS tenant_id, 'x' AS tenant_name, NULL AS alert_channel FROM range(300000) a, range(300000) b`,
      [],
      { tag: 'test:setup', deadlineMs: 60_000 },
    );
    const error = await readTenants(impatient, 'slow_tenants').then(
      () => null,
      (e: unknown) => e,
    ).finally(() => impatient.close());
    expect(error).toBeInstanceOf(WarehouseError);
    expect((error as WarehouseError).code).toBe('PULSE_WAREHOUSE_TIMEOUT');
  });
});

describe('tenantsFromRows', () => {
  it('trims values, defaults the name to the id, and blank channels to null', () => {
    expect(tenantsFromRows('T', [{ tenant_id: ' acme ', tenant_name: null, alert_channel: '  ' }])).toEqual({
      tenants: [{ tenantId: 'acme', tenantName: 'acme', alertChannel: null }],
      problem: null,
    });
  });

  it('skips rows without an id and repeated ids, and says so', () => {
    const { tenants, problem } = tenantsFromRows('PUBLIC.TENANTS', [
      { tenant_id: 'acme', tenant_name: 'Acme', alert_channel: '#a' },
      { tenant_id: null, tenant_name: 'Nobody', alert_channel: null },
      { tenant_id: 'acme', tenant_name: 'Acme again', alert_channel: '#b' },
    ]);
    expect(tenants).toEqual([{ tenantId: 'acme', tenantName: 'Acme', alertChannel: '#a' }]);
    expect(problem).toBe('the tenants table PUBLIC.TENANTS: 1 row without a tenant_id was skipped; tenant_id acme appears more than once (the first row counts)');
  });

  it('says an empty table leaves every connection unassigned', () => {
    expect(tenantsFromRows('PUBLIC.TENANTS', [])).toEqual({ tenants: [], problem: 'the tenants table PUBLIC.TENANTS: it has no rows: every connection is unassigned' });
  });
});

describe('the monitor', () => {
  it('says once that a column is missing, though it reads the tenants again every few minutes, and check says it too', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-tenants-'));
    const file = path.join(folder, 'demo.duckdb');
    await writeDemoDatabase(file, { now: new Date('2026-03-10T12:00:00Z'), days: 7 });
    const lines: Array<Record<string, unknown>> = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)));
    const recording = createLogger({ level: 'info', format: 'json', destination: stream });
    const warehouse = countingWarehouse(createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger }));
    const clock = jest.spyOn(Date, 'now');
    try {
      await warehouse.query('ALTER TABLE PUBLIC.TENANTS DROP COLUMN alert_channel');
      const monitor = await startMonitor(loadConfig({ DUCKDB_PATH: file }), warehouse, recording, () => new Date('2026-03-10T12:00:00Z'));
      const start = Date.parse('2026-03-10T12:00:00Z');
      for (const minutes of [0, 1, 6, 12]) {
        clock.mockReturnValue(start + minutes * 60_000);
        expect((await monitor.tenants()).map((t) => t.tenantId)).toEqual(['acme', 'acme_eu', 'globex', 'initech']);
      }
      const report = await monitor.check();
      await new Promise((resolve) => setImmediate(resolve));

      // Read three times (at 0, 6 and 12 min: each read is two statements), said once.
      expect(warehouse.statements.filter((s) => s.tag === 'pulse:tenants')).toHaveLength(6);
      const said = lines.filter((line) => /tenants/.test(String(line.msg)));
      expect(said).toEqual([expect.objectContaining({ level: 30, msg: 'tenants: the tenants table PUBLIC.TENANTS has no alert_channel column, so alerts go to the ops channel only', missingColumns: ['alert_channel'] })]);
      expect(report.tenants).toEqual({ count: 4, missingColumns: ['alert_channel'] });
      expect(report.problems).toEqual([]);
    } finally {
      clock.mockRestore();
      await warehouse.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
