import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../../src/cli/main';
import { captureIo } from '../../src/cli/io';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { manualClock, type ManualClock } from '../support/manualClock';
import { rsaKeyPair } from '../support/snowflake/fixtures';
import { startSnowflakeStandIn, type RecordedStatement, type SnowflakeStandIn } from '../support/snowflake';
import { assertParsesAsSnowflake } from '../support/sqlCheck';

/**
 * The CLI end to end on Snowflake: the real snowflake-sdk driver, pointed by SNOWFLAKE_ACCESS_URL
 * at the protocol stand-in, which serves the very demo DuckDB file the embedded warehouse reads.
 * Every command must reach the same judgments on both, to the byte, so nothing above the
 * warehouse adapters may depend on which engine answered. Deadlines run on a clock that stands
 * still unless a test moves it, so a slow machine never makes a statement miss one.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** What the stand-in received during this run (none on DuckDB). */
  statements: RecordedStatement[];
}

const PASSWORD = 'correct horse battery staple';
const PASSPHRASE = 'open sesame, said the key';
const QUERY_TIMEOUT_SECONDS = 20;
const AT = ['--at', DEMO_NOW.toISOString()];

const COMMANDS = [
  ['status'],
  ['status', 'hubspot_acme'],
  ['tenant', 'acme'],
  ['alerts'],
  ['errors'],
  ['syncs'],
  ['schema-changes'],
  ['mar'],
  ['check'],
  ['analyze'],
  ['api-calls'],
] as const;
const nameOf = (args: readonly string[]) => args.join(' ');

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let standIn: SnowflakeStandIn;
let keyDir: string;
let keyPath: string;
/** DuckDB names a file's catalog after the file; on Snowflake that is the database Pulse logs in to. */
let database: string;
const onDuckDb = new Map<string, Run>();
const onSnowflake = new Map<string, Run>();

async function cli(args: readonly string[], env: Record<string, string>, clock: ManualClock = manualClock()): Promise<Run> {
  const io = captureIo();
  const recordedBefore = standIn?.statements.length ?? 0;
  const code = await runCli([...args], { ...io, env: { LOG_LEVEL: 'silent', ...env }, clock });
  return {
    code,
    stdout: io.out(),
    stderr: io.err(),
    statements: standIn ? standIn.statements.slice(recordedBefore) : [],
  };
}

function snowflakeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    WAREHOUSE: 'snowflake',
    SNOWFLAKE_ACCOUNT: standIn.account,
    SNOWFLAKE_USER: 'pulse',
    SNOWFLAKE_PASSWORD: PASSWORD,
    SNOWFLAKE_ROLE: 'PULSE_ROLE',
    SNOWFLAKE_WAREHOUSE: 'PULSE_WH',
    SNOWFLAKE_DATABASE: database,
    SNOWFLAKE_ACCESS_URL: standIn.url,
    WAREHOUSE_QUERY_TIMEOUT_SECONDS: String(QUERY_TIMEOUT_SECONDS),
    ...extra,
  };
}

function keyPairEnv(): Record<string, string> {
  const env = snowflakeEnv({ SNOWFLAKE_USER: 'pulse_key', SNOWFLAKE_PRIVATE_KEY_PATH: keyPath, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: PASSPHRASE });
  delete env.SNOWFLAKE_PASSWORD;
  return env;
}

/**
 * Fivetran's Quickstart data model next to the Platform Connector schema, as dbt deploys it, so
 * `check` also sends the statement that reads the model's freshness.
 */
async function addQuickstartModel(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await connection.run('CREATE SCHEMA ANALYTICS_FIVETRAN_PLATFORM');
    await connection.run('CREATE TABLE ANALYTICS_FIVETRAN_PLATFORM.fivetran_platform__connection_status (connection_id VARCHAR, last_sync_completed_at TIMESTAMP)');
    await connection.run("INSERT INTO ANALYTICS_FIVETRAN_PLATFORM.fivetran_platform__connection_status VALUES ('spry_kestrel', '2026-11-20 07:45:00'), ('other', '2026-11-20 08:15:30.250')");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function json(run: Run): unknown {
  return JSON.parse(run.stdout);
}

beforeAll(async () => {
  demo = await makeDemoFile();
  await addQuickstartModel(demo.path);
  database = basename(demo.path).replace(/\.duckdb$/, '').toUpperCase();
  const key = rsaKeyPair(PASSPHRASE);
  keyDir = mkdtempSync(join(tmpdir(), 'pulse-key-'));
  keyPath = join(keyDir, 'rsa_key.p8');
  writeFileSync(keyPath, key.privateKeyPem, { mode: 0o600 });

  // DuckDB first, then the stand-in on the same file: one DuckDB instance per file at a time.
  for (const args of COMMANDS) onDuckDb.set(nameOf(args), await cli([...args, '--json', ...AT], { DUCKDB_PATH: demo.path }));
  standIn = await startSnowflakeStandIn({
    duckdbPath: demo.path,
    users: [
      { name: 'PULSE', password: PASSWORD },
      { name: 'PULSE_KEY', publicKeyPem: key.publicKeyPem },
    ],
  });
  for (const args of COMMANDS) onSnowflake.set(nameOf(args), await cli([...args, '--json', ...AT], snowflakeEnv()));
  onSnowflake.set('status (key pair)', await cli(['status', '--json', ...AT], keyPairEnv()));
  onSnowflake.set(
    'check (qualified names)',
    await cli(['check', '--json', ...AT], snowflakeEnv({ FIVETRAN_SCHEMA: `${database}.FIVETRAN_LOG`, TENANTS_TABLE: `${database}.PUBLIC.TENANTS` })),
  );
});

afterAll(async () => {
  await standIn?.close();
  demo?.remove();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('the CLI through snowflake-sdk and the stand-in judges as it does on DuckDB', () => {
  it.each(COMMANDS.map((args) => [nameOf(args)]))('%s --json', (name) => {
    const duck = onDuckDb.get(name) as Run;
    const snow = onSnowflake.get(name) as Run;
    // The DuckDB run is the reference: it must be a real answer, not two identical failures.
    expect(duck.stderr).toBe('');
    expect(duck.code).toBe(name === 'alerts' ? 1 : 0);
    expect(duck.stdout.length).toBeGreaterThan(200);

    expect(snow.stderr).toBe('');
    expect(snow.code).toBe(duck.code);
    expect(json(snow)).toEqual(json(duck));
    // No normalisation was needed: timestamps, numbers, booleans and message_data text come back
    // from Snowflake in the same form as from DuckDB, so even the printed JSON is identical.
    expect(snow.stdout).toBe(duck.stdout);

    // It really went through Snowflake, as the configured user, every statement tagged and bounded.
    expect(snow.statements.length).toBeGreaterThan(0);
    for (const statement of snow.statements) {
      expect(statement).toMatchObject({ status: 'succeeded', user: 'PULSE', queryTag: expect.stringMatching(/^pulse:/) });
      expect(Number(statement.parameters.STATEMENT_TIMEOUT_IN_SECONDS)).toBe(QUERY_TIMEOUT_SECONDS + 1);
    }
  });

  it('compares answers with substance: many connections in several states, and alerts', () => {
    const status = json(onSnowflake.get('status') as Run) as { connections: Array<{ health: string }> };
    expect(status.connections.length).toBeGreaterThan(10);
    expect(new Set(status.connections.map((c) => c.health)).size).toBeGreaterThanOrEqual(4);
    const alerts = json(onSnowflake.get('alerts') as Run) as { alerts: unknown[] };
    expect(alerts.alerts.length).toBeGreaterThan(0);
  });

  it('logs in with an encrypted key pair read from a file, with the same answer', () => {
    const run = onSnowflake.get('status (key pair)') as Run;
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe((onDuckDb.get('status') as Run).stdout);
    const sessions = new Set(run.statements.map((statement) => statement.sessionId));
    expect(sessions.size).toBe(1);
    const login = standIn.logins.find((candidate) => sessions.has(candidate.sessionId ?? ''));
    expect(login).toMatchObject({ user: 'pulse_key', authenticator: 'SNOWFLAKE_JWT', ok: true });
  });

  it('reads a database-qualified FIVETRAN_SCHEMA and TENANTS_TABLE through that database\'s INFORMATION_SCHEMA', () => {
    const run = onSnowflake.get('check (qualified names)') as Run;
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe((onDuckDb.get('check') as Run).stdout);
    const sql = run.statements.map((statement) => statement.sqlText).join('\n');
    expect(sql).toContain(`${database}.INFORMATION_SCHEMA.COLUMNS`);
    expect(sql).toContain(`${database}.INFORMATION_SCHEMA.TABLES`);
    expect(sql).toContain(`${database}.FIVETRAN_LOG.LOG`);
    expect(sql).toContain(`${database}.PUBLIC.TENANTS`);
  });

  it('reads the Quickstart model\'s freshness the same way', () => {
    const check = json(onSnowflake.get('check') as Run);
    expect(JSON.stringify(check)).toContain('2026-11-20T08:15:30.250Z');
    const tags = (onSnowflake.get('check') as Run).statements.map((statement) => statement.queryTag);
    expect(tags).toEqual(expect.arrayContaining(['pulse:check:quickstart', 'pulse:check:quickstart-freshness']));
  });

  it('costs two statements a monitoring cycle, and every read of LOG is bounded by time', () => {
    const cycle = (onSnowflake.get('alerts') as Run).statements.filter((statement) => statement.queryTag?.startsWith('pulse:snapshot:'));
    expect(cycle.map((statement) => statement.queryTag)).toEqual(['pulse:snapshot:connections', 'pulse:snapshot:events']);

    const everything = [...onSnowflake.values()].flatMap((run) => run.statements.map((statement) => statement.sqlText));
    const logReads = everything.flatMap((sql) => sql.match(/FROM\s+[\w.]*FIVETRAN_LOG\.LOG\b[^]*?(?=\)|$)/g) ?? []);
    expect(logReads.length).toBeGreaterThan(5);
    for (const read of logReads) expect(read).toMatch(/WHERE\s+(\w+\.)?time_stamp\s*>=\s*\?/);
  });

  it('sends only statements that parse as Snowflake SQL', async () => {
    const statements = [...onSnowflake.values()].flatMap((run) => run.statements.map((statement) => statement.sqlText));
    const tags = new Set([...onSnowflake.values()].flatMap((run) => run.statements.map((statement) => statement.queryTag)));
    // Every kind of statement the CLI sends is in the sample.
    expect([...tags].sort()).toEqual(
      expect.arrayContaining(['pulse:detect-schema', 'pulse:tenants', 'pulse:snapshot:connections', 'pulse:snapshot:events', 'pulse:check:quickstart', 'pulse:check:quickstart-freshness', 'pulse:analysis:api-calls']),
    );
    await assertParsesAsSnowflake(statements);
  });
});

describe('the CLI on a Snowflake that fails', () => {
  afterEach(async () => {
    await standIn.heal();
  });

  /** Runs the CLI with a 2 s deadline that passes once Snowflake holds a request on its way. */
  async function cliWhileHeld(): Promise<Run> {
    const clock = manualClock();
    const run = cli(['status', '--json', ...AT], snowflakeEnv({ WAREHOUSE_QUERY_TIMEOUT_SECONDS: '2' }), clock);
    await eventually(() => standIn.holding > 0, undefined, 'a request held on its way');
    await clock.advance(2000);
    return run;
  }

  it('exits 2 when the warehouse does not answer within WAREHOUSE_QUERY_TIMEOUT_SECONDS', async () => {
    // Logins still answer (cloud services); the virtual warehouse does not.
    standIn.inject({ kind: 'hold', requests: 'statements' });
    const run = await cliWhileHeld();
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'Pulse could not read the warehouse: the warehouse did not answer in 2 s.\n' });
  });

  it('calls a login that never answers unreachable, not slow', async () => {
    standIn.inject({ kind: 'hold', requests: 'logins' });
    const run = await cliWhileHeld();
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'Pulse could not read the warehouse: the warehouse is unreachable right now.\n' });
  });

  it('exits 2 and says unreachable when the connection is refused', async () => {
    standIn.inject({ kind: 'refuse' });
    const run = await cli(['status', '--json', ...AT], snowflakeEnv({ WAREHOUSE_QUERY_TIMEOUT_SECONDS: '2' }));
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'Pulse could not read the warehouse: the warehouse is unreachable right now.\n' });
  });

  it('exits 2 on a wrong password in plain words, tries once, and shows no secret', async () => {
    const wrong = 'hunter2-not-the-password';
    const loginsBefore = standIn.logins.length;
    const run = await cli(['status', '--json', ...AT], snowflakeEnv({ SNOWFLAKE_PASSWORD: wrong }));
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^Pulse could not read the warehouse: Snowflake rejected the login for user pulse: Incorrect username or password was specified\b/);
    // Snowflake locks a user after a few failed logins: one run makes one attempt.
    expect(standIn.logins.slice(loginsBefore)).toEqual([expect.objectContaining({ user: 'pulse', ok: false, code: '390100' })]);
    expect(run.stderr).not.toContain(wrong);
    expect(run.stderr).not.toContain(PASSWORD);
  });

  it('says which setting is missing when an encrypted key comes without its passphrase', async () => {
    const env = keyPairEnv();
    delete env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE;
    const loginsBefore = standIn.logins.length;
    const run = await cli(['status', '--json', ...AT], env);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^Pulse could not read the warehouse: Pulse could not use the private key for user pulse_key: it is encrypted and no passphrase was given \(SNOWFLAKE_PRIVATE_KEY_PASSPHRASE\)/);
    expect(standIn.logins.length).toBe(loginsBefore);
  });

  it('keeps the password out of every line a real process prints, even at LOG_LEVEL=debug', async () => {
    const wrong = 'hunter2-not-the-password';
    const cwd = mkdtempSync(join(tmpdir(), 'pulse-cli-'));
    try {
      // The driver would write ./snowflake.log if it were left to itself: a scratch folder keeps the tree clean either way.
      const result = await runProcess(
        [join(__dirname, '../../node_modules/tsx/dist/cli.mjs'), join(__dirname, '../../src/cli/main.ts'), 'status', '--json', ...AT],
        { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...snowflakeEnv({ SNOWFLAKE_PASSWORD: wrong }), LOG_LEVEL: 'debug', LOG_FORMAT: 'json' } },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Pulse could not read the warehouse: Snowflake rejected the login for user pulse');
      expect(result.stderr).toMatch(/Snowflake login failed/);
      expect(`${result.stdout}${result.stderr}`).not.toContain(wrong);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

/** A child process run without blocking: the stand-in it talks to lives in this process. */
function runProcess(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
