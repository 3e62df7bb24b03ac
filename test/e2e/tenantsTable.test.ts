import { basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../../src/cli/main';
import { DEMO_SCENARIOS } from '../../src/demo';
import { captureIo } from '../../src/cli/io';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { startSnowflakeStandIn, type RecordedStatement, type SnowflakeStandIn } from '../support/snowflake';
import { assertParsesAsSnowflake } from '../support/sqlCheck';

/**
 * The tenants table most teams already have: tenant_id and a name, no alert_channel, made with
 * quoted names of their own letter case ("Tenants", "TENANT_ID", "Tenant_Name"). TENANTS_TABLE
 * keeps its default, PUBLIC.TENANTS. Pulse must read its tenants on DuckDB and, through the real
 * snowflake-sdk and the stand-in, on Snowflake, where an unquoted name would miss that table.
 */

const PASSWORD = 'tenants table password';
const AT = ['--at', DEMO_NOW.toISOString()];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  statements: RecordedStatement[];
}

let duckFile: Awaited<ReturnType<typeof makeDemoFile>>;
let snowFile: Awaited<ReturnType<typeof makeDemoFile>>;
let standIn: SnowflakeStandIn;
let database: string;

/** The demo's tenants, moved to a table of their own spelling without alert_channel. */
async function withTeamTenantsTable(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE PUBLIC.previous_tenants AS SELECT * FROM PUBLIC.TENANTS');
    await connection.run('DROP TABLE PUBLIC.TENANTS');
    await connection.run('CREATE TABLE PUBLIC."Tenants" ("TENANT_ID" VARCHAR, "Tenant_Name" VARCHAR)');
    await connection.run('INSERT INTO PUBLIC."Tenants" SELECT tenant_id, tenant_name FROM PUBLIC.previous_tenants');
    await connection.run('DROP TABLE PUBLIC.previous_tenants');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function snowflakeEnv(): Record<string, string> {
  return {
    WAREHOUSE: 'snowflake',
    SNOWFLAKE_ACCOUNT: standIn.account,
    SNOWFLAKE_USER: 'pulse',
    SNOWFLAKE_PASSWORD: PASSWORD,
    SNOWFLAKE_WAREHOUSE: 'PULSE_WH',
    SNOWFLAKE_DATABASE: database,
    SNOWFLAKE_ACCESS_URL: standIn.url,
    // Generous: a busy machine must not turn a slow answer into a failure.
    WAREHOUSE_QUERY_TIMEOUT_SECONDS: '60',
  };
}

async function cli(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const io = captureIo();
  const before = standIn?.statements.length ?? 0;
  const code = await runCli([...args], { ...io, env: { LOG_LEVEL: 'silent', ...env } });
  return { code, stdout: io.out(), stderr: io.err(), statements: standIn ? standIn.statements.slice(before) : [] };
}

const acmeConnections = DEMO_SCENARIOS.filter((s) => s.expectedTenantId === 'acme' && s.expectedHealth !== 'deleted').map((s) => s.connectionName);

beforeAll(async () => {
  [duckFile, snowFile] = [await makeDemoFile(), await makeDemoFile()];
  await withTeamTenantsTable(duckFile.path);
  await withTeamTenantsTable(snowFile.path);
  database = basename(snowFile.path).replace(/\.duckdb$/, '').toUpperCase();
  standIn = await startSnowflakeStandIn({ duckdbPath: snowFile.path, users: [{ name: 'PULSE', password: PASSWORD }] });
});

afterAll(async () => {
  await standIn?.close();
  duckFile?.remove();
  snowFile?.remove();
});

describe.each([
  ['DuckDB', () => ({ DUCKDB_PATH: duckFile.path })],
  ['Snowflake', snowflakeEnv],
])('the CLI on %s, with a tenants table without alert_channel', (engine, env) => {
  it('tenant acme answers with acme\'s connections', async () => {
    const run = await cli(['tenant', 'acme', '--json', ...AT], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { tenant: unknown; connections: Array<{ connectionName: string; tenantId: string }> };
    expect(body.tenant).toEqual({ tenantId: 'acme', tenantName: 'Acme Inc.', alertChannel: null });
    expect(body.connections.map((c) => c.connectionName)).toEqual(expect.arrayContaining(acmeConnections));
    expect(new Set(body.connections.map((c) => c.tenantId))).toEqual(new Set(['acme']));

    const text = await cli(['tenant', 'acme', ...AT], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Acme Inc.');
    expect(text.stdout).toContain('hubspot_acme');
  });

  it('alerts carry their tenant', async () => {
    const run = await cli(['alerts', '--json', ...AT], env());
    expect(run.code).toBe(1);
    const alerts = (JSON.parse(run.stdout) as { alerts: Array<{ connectionId: string | null; tenantId: string | null }> }).alerts;
    const staged = alerts.filter((a) => DEMO_SCENARIOS.some((s) => s.connectionId === a.connectionId && s.expectedTenantId !== null));
    expect(staged.length).toBeGreaterThan(3);
    for (const alert of staged) {
      expect(alert.tenantId).toBe(DEMO_SCENARIOS.find((s) => s.connectionId === alert.connectionId)?.expectedTenantId);
    }
  });

  it('check says which column is missing and what that means, without calling it a failure', async () => {
    const json = JSON.parse((await cli(['check', '--json', ...AT], env())).stdout) as { tenants: unknown; problems: string[] };
    expect(json.tenants).toEqual({ count: 4, missingColumns: ['alert_channel'] });
    expect(json.problems.filter((p) => /tenant/i.test(p))).toEqual([]);
    const text = await cli(['check', ...AT], env());
    expect(text.stdout).toMatch(/Tenants\s+4 tenants; no alert_channel column, so alerts go to the ops channel only/);
  });

  if (engine === 'Snowflake') {
    it('names the table and its columns as Snowflake resolves them, in SQL Snowflake parses', async () => {
      const run = await cli(['tenant', 'acme', '--json', ...AT], env());
      const reads = run.statements.filter((s) => s.queryTag === 'pulse:tenants').map((s) => s.sqlText);
      expect(reads).toEqual([expect.stringContaining('INFORMATION_SCHEMA.COLUMNS'), 'SELECT TENANT_ID AS tenant_id, "Tenant_Name" AS tenant_name FROM PUBLIC."Tenants"']);
      await assertParsesAsSnowflake(reads);
    });
  }
});

describe('a tenants table without tenant_id', () => {
  it('is named as the problem in check, on both engines alike', async () => {
    const file = await makeDemoFile();
    try {
      const instance = await DuckDBInstance.create(file.path);
      const connection = await instance.connect();
      await connection.run('ALTER TABLE PUBLIC.TENANTS RENAME COLUMN tenant_id TO customer');
      connection.closeSync();
      instance.closeSync();
      const run = await cli(['check', ...AT], { DUCKDB_PATH: file.path });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Tenants\s+none\n/);
      expect(run.stdout).toContain(
        'The tenants table PUBLIC.TENANTS has no tenant_id column (its columns: customer, tenant_name, alert_channel): every connection is unassigned until it has one.',
      );
      const tenant = await cli(['tenant', 'acme', ...AT], { DUCKDB_PATH: file.path });
      expect(tenant.code).toBe(2);
      expect(tenant.stderr).toContain('No tenants are configured: PUBLIC.TENANTS is missing, empty or has no tenant_id column ("npm run cli -- check" says which).');
    } finally {
      file.remove();
    }
  });
});

describe.each([
  ['DuckDB', () => ({ path: duckFile.path, env: {} })],
  ['Snowflake', () => ({ path: snowFile.path, env: snowflakeEnv() })],
])('the Slack app on %s, with a tenants table without alert_channel', (_engine, setup) => {
  let harness: Harness;
  beforeAll(async () => {
    const { path, env } = setup();
    harness = await startHarness({ duckdbPath: path, now: DEMO_NOW, env });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('/fivetran tenant acme answers with acme\'s connections', async () => {
    const { answer } = await harness.command('tenant acme');
    const body = JSON.stringify(answer.body);
    expect(body).toContain('Acme Inc.');
    for (const name of acmeConnections) expect(body).toContain(name);
    expect(body).not.toContain('No tenant "acme"');
  });

  it('/fivetran check shows the missing column', async () => {
    const { answer } = await harness.command('check');
    expect(JSON.stringify(answer.body)).toContain('4 tenants; no alert_channel column, so alerts go to the ops channel only');
  });

  it('alerts carry their tenant and go to the ops channel, the only channel there is', async () => {
    const report = await harness.jobs.runAlerts();
    expect(report?.failures).toEqual([]);
    const incidents = await harness.services.store.listRecent(200);
    const acme = incidents.filter((i) => i.connectionName === 'hubspot_acme');
    expect(acme.length).toBeGreaterThan(0);
    expect(acme.every((i) => i.tenantId === 'acme')).toBe(true);
    const channels = new Set(harness.standIn.callsTo('chat.postMessage').map((c) => c.args.channel));
    expect([...channels]).toEqual([CHANNELS.ops.name]);
  });
});
