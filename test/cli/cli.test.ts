import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../../src/cli/main';
import { DEMO_NOTE } from '../../src/views/demoNote';
import { DEMO_SCENARIOS } from '../../src/demo';
import { captureIo } from '../../src/cli/io';
import { ensureBuiltCli } from '../support/builtCli';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let staleDemo: Awaited<ReturnType<typeof makeDemoFile>>;

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const io = captureIo();
  const code = await runCli(args, { ...io, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent', ...env } });
  return { code, stdout: io.out(), stderr: io.err(), json: <T>() => JSON.parse(io.out()) as T };
}

const AT = ['--at', DEMO_NOW.toISOString()];

beforeAll(async () => {
  demo = await makeDemoFile();
  staleDemo = await makeDemoFile({ staleHours: 5 });
});
afterAll(() => {
  demo.remove();
  staleDemo.remove();
});

describe('npm run cli', () => {
  it('status --json follows the contract and judges every demo scenario as staged', async () => {
    const run = await cli(['status', '--json', ...AT]);
    expect(run.code).toBe(0);
    const body = run.json<{ observedAt: string; connections: Array<Record<string, unknown>> }>();
    expect(Date.parse(body.observedAt)).toBeLessThanOrEqual(DEMO_NOW.getTime());
    const byId = new Map(body.connections.map((c) => [c.connectionId, c]));
    for (const scenario of DEMO_SCENARIOS) {
      const connection = byId.get(scenario.connectionId);
      if (scenario.expectedHealth === 'deleted') {
        expect(connection).toBeUndefined();
        continue;
      }
      expect(connection).toMatchObject({ connectionName: scenario.connectionName, tenantId: scenario.expectedTenantId, health: scenario.expectedHealth });
      expect(Object.keys(connection ?? {})).toEqual(expect.arrayContaining(['connectionId', 'connectionName', 'tenantId', 'health', 'paused', 'lastSuccessfulSyncAt', 'lastSyncStatus']));
    }
  });

  it('alerts --json exits 1, follows the contract, and the demo shows every connection rule', async () => {
    const run = await cli(['alerts', '--json', ...AT]);
    expect(run.code).toBe(1);
    const body = run.json<{ observedAt: string; alerts: Array<Record<string, unknown>> }>();
    for (const alert of body.alerts) {
      expect(Object.keys(alert)).toEqual(expect.arrayContaining(['rule', 'connectionId', 'tenantId', 'severity', 'summary', 'fingerprint', 'since', 'incident', 'lifecycle']));
      expect(alert.fingerprint).toBe(`${String(alert.rule)}:${String(alert.connectionId)}`);
      expect(alert.incident).toMatchObject({ fingerprint: `connection:${String(alert.connectionId)}`, rules: expect.arrayContaining([alert.rule]) });
    }
    expect(new Set(body.alerts.map((a) => a.rule))).toEqual(new Set(['sync_failed', 'sync_delayed', 'sync_running_long', 'frequent_errors']));
    const expected = DEMO_SCENARIOS.flatMap((s) => s.expectedAlerts.map((rule) => `${rule}:${s.connectionId}`)).sort();
    expect(body.alerts.map((a) => a.fingerprint).filter((f) => DEMO_SCENARIOS.some((s) => String(f).endsWith(`:${s.connectionId}`))).sort()).toEqual(expected);
  });

  it('says loudly when the monitoring data is stale', async () => {
    const run = await cli(['alerts', '--json', ...AT], { DUCKDB_PATH: staleDemo.path });
    expect(run.code).toBe(1);
    const stale = run.json<{ stale: boolean; alerts: Array<Record<string, unknown>> }>();
    expect(stale.stale).toBe(true);
    expect(stale.alerts[0]).toMatchObject({ rule: 'metadata_stale', connectionId: null, tenantId: null, severity: 'critical' });
    const text = await cli(['status', ...AT], { DUCKDB_PATH: staleDemo.path });
    expect(text.stdout).toMatch(/STALE/i);
  });

  it('tenant <id> shows that tenant only; --tenant filters other views', async () => {
    const run = await cli(['tenant', 'ACME', '--json', ...AT]);
    expect(run.code).toBe(0);
    const body = run.json<{ tenant: { tenantId: string }; connections: Array<{ tenantId: string }>; alerts: Array<{ tenantId: string | null }> }>();
    expect(body.tenant.tenantId).toBe('acme');
    expect(body.connections.length).toBeGreaterThan(0);
    expect(new Set(body.connections.map((c) => c.tenantId))).toEqual(new Set(['acme']));
    expect(body.alerts.every((a) => a.tenantId === 'acme' || a.tenantId === null)).toBe(true);
    const alerts = (await cli(['alerts', '--json', '--tenant', 'globex', ...AT])).json<{ alerts: Array<{ tenantId: string }> }>();
    expect(alerts.alerts.length).toBeGreaterThan(0);
    expect(alerts.alerts.every((a) => a.tenantId === 'globex')).toBe(true);
  });

  it('answers unknown tenants, connections and commands with exit 2 and close names', async () => {
    const tenant = await cli(['tenant', 'acm', ...AT]);
    expect(tenant).toMatchObject({ code: 2, stdout: '' });
    expect(tenant.stderr).toMatch(/Unknown tenant "acm". Did you mean acme/);
    const connection = await cli(['status', 'globex_postgre', ...AT]);
    expect(connection.code).toBe(2);
    expect(connection.stderr).toMatch(/Unknown connection "globex_postgre". Did you mean globex_postgres/);
    const command = await cli(['stauts']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/Did you mean status/);
    expect((await cli(['status', '--at', 'yesterday'])).stderr).toMatch(/--at expects an ISO time/);
    expect((await cli(['status', '--bogus'])).code).toBe(2);
    expect((await cli(['tenant'])).stderr).toMatch(/Usage: npm run cli -- tenant <tenant_id>/);
  });

  it('asks which tenant, naming them, says what was extra, and lists tenants when none is close', async () => {
    const missing = await cli(['tenant']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('Usage: npm run cli -- tenant <tenant_id>\nWhich tenant? Tenants: acme, acme_eu, globex, initech\n');
    // Without a readable warehouse the usage still answers.
    expect((await cli(['tenant'], { WAREHOUSE: 'snowflake' })).stderr).toBe('Usage: npm run cli -- tenant <tenant_id>\n');
    const extra = await cli(['mar', 'now', 'please']);
    expect(extra).toMatchObject({ code: 2, stdout: '' });
    expect(extra.stderr).toBe('Usage: npm run cli -- mar\nmar takes no arguments: "now please" is extra.\n');
    expect((await cli(['tenant', 'zzzzzzzz', ...AT])).stderr).toBe('Unknown tenant "zzzzzzzz". Tenants: acme, acme_eu, globex, initech\n');
    expect((await cli(['syncs', 'zzzzzzzz', ...AT])).stderr).toBe('Unknown connection "zzzzzzzz". "npm run cli -- status" lists them.\n');
    expect((await cli(['status', 'hubspot_acme', 'globex_s3'])).stderr).toMatch(/status takes one argument: "globex_s3" is extra\./);
  });

  it('reports a configuration error with exit 2', async () => {
    const run = await cli(['status'], { WAREHOUSE: 'snowflake' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SNOWFLAKE_ACCOUNT: expected/);
  });

  it('shows one connection in detail, by name or id', async () => {
    const byName = await cli(['status', 'hubspot_acme', '--json', ...AT]);
    const byId = await cli(['status', 'spry_kestrel', '--json', ...AT]);
    expect(byName.json()).toEqual(byId.json());
    expect(byName.json<{ connections: unknown[] }>().connections).toHaveLength(1);
    const text = await cli(['status', 'hubspot_acme', ...AT]);
    expect(text.stdout).toMatch(/hubspot_acme/);
    // Words in the text; Fivetran's raw status only in --json.
    expect(text.stdout).toMatch(/Last sync\s+failed \(task: reconnect\)/);
    expect(text.stdout).not.toMatch(/FAILURE_WITH_TASK/);
    expect(byName.json<{ connections: Array<{ lastSyncStatus: string }> }>().connections[0]?.lastSyncStatus).toBe('FAILURE_WITH_TASK');
  });

  it.each([['errors'], ['syncs'], ['schema-changes'], ['mar'], ['check'], ['analyze'], ['api-calls']])('%s answers in text and in JSON', async (command) => {
    const text = await cli([command, ...AT]);
    expect(text.code).toBe(0);
    expect(text.stdout.length).toBeGreaterThan(40);
    const json = await cli([command, '--json', ...AT]);
    expect(json.code).toBe(0);
    expect(() => json.json()).not.toThrow();
  });

  it('reports a DUCKDB_PATH that does not exist as a configuration error naming it, and creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-cli-'));
    try {
      const mistyped = join(dir, 'data', 'pulse.duckb');
      const run = await cli(['status', ...AT], { DUCKDB_PATH: mistyped });
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toBe(
        'Pulse cannot start: 1 configuration problem\n' +
          `  - DUCKDB_PATH: expected an existing DuckDB file (only the default ./data/pulse.duckdb, or any path with DEMO=true, is created with demo data when missing); got ${JSON.stringify(mistyped)}, which does not exist\n`,
      );
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends every text report on demo data with the demo note, and keeps it out of JSON', async () => {
    for (const command of [['status'], ['status', 'hubspot_acme'], ['tenant', 'acme'], ['alerts'], ['errors'], ['syncs'], ['schema-changes'], ['mar'], ['check'], ['analyze'], ['api-calls']]) {
      const text = await cli([...command, ...AT]);
      expect({ command, end: text.stdout.slice(-DEMO_NOTE.length - 2) }).toEqual({ command, end: `\n${DEMO_NOTE}\n` });
      const json = await cli([...command, '--json', ...AT]);
      expect(json.stdout).not.toContain('Demo data');
    }
  });

  it('says nothing of a demo on data that is not one', async () => {
    const real = await makeDemoFile();
    try {
      // Without the demo's marker table, this is a database like any other.
      const instance = await DuckDBInstance.create(real.path);
      const connection = await instance.connect();
      await connection.run('DROP TABLE PUBLIC.PULSE_DEMO');
      connection.closeSync();
      instance.closeSync();
      const run = await cli(['status', ...AT], { DUCKDB_PATH: real.path });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('hubspot_acme');
      expect(run.stdout).not.toContain('Demo data');
    } finally {
      real.remove();
    }
  });

  it('runs as a real process through npm run cli, exit code included', async () => {
    const result = spawnSync(process.execPath, [await ensureBuiltCli(), 'alerts', '--json', ...AT], {
      env: { ...process.env, DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as { alerts: unknown[] }).alerts.length).toBeGreaterThan(0);
  });
});
