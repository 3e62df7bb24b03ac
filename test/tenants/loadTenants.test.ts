import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoDatabase } from '../../src/fivetran/demo';
import { createLogger } from '../../src/log/logger';
import { loadTenants, tenantsFromRows } from '../../src/tenants/loadTenants';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { WarehouseError } from '../../src/warehouse/errors';
import type { Warehouse } from '../../src/warehouse/types';

const logger = createLogger({ level: 'silent', format: 'json' });

it('reads the demo tenants, a tenant without a channel included', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-tenants-'));
  const file = path.join(folder, 'demo.duckdb');
  await writeDemoDatabase(file, { now: new Date('2026-03-10T12:00:00Z'), days: 7 });
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
  try {
    const { tenants, problem } = await loadTenants(warehouse, 'PUBLIC.TENANTS');
    expect(problem).toBeNull();
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
    expect(await loadTenants(warehouse, 'PUBLIC.TENANTS')).toEqual({
      tenants: [],
      problem: 'the tenants table PUBLIC.TENANTS does not exist (or Pulse cannot read it): every connection is unassigned until it does',
    });
  });

  it('reports a table without the expected columns', async () => {
    await warehouse.query('CREATE TABLE tenants (id VARCHAR, name VARCHAR)');
    const { tenants, problem } = await loadTenants(warehouse, 'tenants');
    expect(tenants).toEqual([]);
    expect(problem).toMatch(/^the tenants table tenants could not be read \(.*tenant_id.*\): it needs the columns tenant_id, tenant_name and alert_channel$/);
  });

  it('refuses a name that is not a table name, without querying', async () => {
    expect(await loadTenants(warehouse, 'TENANTS; DROP TABLE x')).toEqual({
      tenants: [],
      problem: '"TENANTS; DROP TABLE x" is not a table name Pulse can use: is TENANTS_TABLE right?',
    });
  });

  it('still fails when the warehouse does not answer in time', async () => {
    // A deadline of 1 s that the view's query always misses; the statement that makes it has time.
    const impatient = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 1, logger });
    await impatient.query(
      `CREATE VIEW slow_tenants AS
      SELECT CAST(SUM(a.range * b.range) AS VARCHAR) AS tenant_id, 'x' AS tenant_name, NULL AS alert_channel FROM range(300000) a, range(300000) b`,
      [],
      { tag: 'test:setup', deadlineMs: 60_000 },
    );
    const error = await loadTenants(impatient, 'slow_tenants').finally(() => impatient.close()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WarehouseError);
    expect((error as WarehouseError).code).toBe('WAREHOUSE_TIMEOUT');
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
