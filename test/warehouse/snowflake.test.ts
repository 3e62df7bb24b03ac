import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { isWarehouseError, type WarehouseError } from '../../src/warehouse/errors';
import { createSnowflakeWarehouse, type SnowflakeWarehouse } from '../../src/warehouse/snowflake';
import type { SnowflakeConfig } from '../../src/config/loadConfig';
import { manualClock } from '../support/manualClock';
import { captureLogger, rsaKeyPair, standInConfig, type RsaKeyPair } from '../support/snowflake/fixtures';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../support/snowflake';

const PASSWORD = 'correct horse battery staple';
const PASSPHRASE = 'open sesame, said the key';

describe('the Snowflake warehouse, through snowflake-sdk against the stand-in', () => {
  let standIn: SnowflakeStandIn;
  let plainKey: RsaKeyPair;
  let encryptedKey: RsaKeyPair;
  let strangerKey: RsaKeyPair;
  let tmp: string;
  const capture = captureLogger();
  const opened: SnowflakeWarehouse[] = [];
  const driverLogBefore = driverLogState();

  function warehouse(username: string, auth: SnowflakeConfig['auth'], extra: { queryTimeoutSeconds?: number } = {}): SnowflakeWarehouse {
    // Deadlines that never pass: nothing here is about them, and a slow machine must not miss one.
    const created = createSnowflakeWarehouse({ config: standInConfig(standIn, username, auth), queryTimeoutSeconds: extra.queryTimeoutSeconds ?? 10, logger: capture.logger, clock: manualClock() });
    opened.push(created);
    return created;
  }

  beforeAll(async () => {
    plainKey = rsaKeyPair();
    encryptedKey = rsaKeyPair(PASSPHRASE);
    strangerKey = rsaKeyPair();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pulse-snowflake-'));
    standIn = await startSnowflakeStandIn({
      users: [
        { name: 'PULSE', password: PASSWORD },
        { name: 'PULSE_KEY', publicKeyPem: plainKey.publicKeyPem },
        { name: 'PULSE_ENCRYPTED_KEY', publicKeyPem: encryptedKey.publicKeyPem },
      ],
    });
  });

  afterAll(async () => {
    await Promise.all(opened.map((created) => created.close()));
    await standIn.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('logs in with a password and runs a statement with binds of each type', async () => {
    const snowflake = warehouse('pulse', { kind: 'password', password: PASSWORD });
    const rows = await snowflake.query(
      'SELECT ? AS label, ? AS whole, ? AS fraction, ? AS flag, ? AS nothing, ?::TIMESTAMP AS at, 1 AS MixedCase, 2 AS "Quoted"',
      ['acme', 42, 1.5, true, null, '2026-11-26T08:00:00.000Z'],
      { tag: 'pulse:binds' },
    );
    expect(rows).toEqual([{ label: 'acme', whole: 42, fraction: 1.5, flag: true, nothing: null, at: '2026-11-26T08:00:00.000Z', mixedcase: 1, quoted: 2 }]);

    const sent = standIn.statements.at(-1);
    expect(sent?.binds).toEqual([
      { type: 'TEXT', value: 'acme' },
      { type: 'FIXED', value: '42' },
      { type: 'REAL', value: '1.5' },
      { type: 'BOOLEAN', value: 'true' },
      { type: 'TEXT', value: null },
      { type: 'TEXT', value: '2026-11-26T08:00:00.000Z' },
    ]);
    const login = standIn.logins.find((candidate) => candidate.sessionId === sent?.sessionId);
    expect(login).toMatchObject({ user: 'pulse', authenticator: 'SNOWFLAKE', ok: true, application: 'FivetranPulse' });
    expect(standIn.sessions.find((session) => session.id === sent?.sessionId)).toMatchObject({ user: 'PULSE', open: true });
  });

  it('logs in with a key pair whose PEM came from an environment variable with literal \\n', async () => {
    const fromEnv = plainKey.privateKeyPem.trim().replace(/\n/g, '\\n');
    const snowflake = warehouse('pulse_key', { kind: 'keyPair', privateKey: fromEnv });
    await snowflake.verify();
    expect(standIn.logins.at(-1)).toMatchObject({ user: 'pulse_key', authenticator: 'SNOWFLAKE_JWT', ok: true });
  });

  it('logs in with an encrypted private key file and its passphrase', async () => {
    const keyPath = path.join(tmp, 'rsa_key.p8');
    writeFileSync(keyPath, encryptedKey.privateKeyPem, { mode: 0o600 });
    const snowflake = warehouse('PULSE_ENCRYPTED_KEY', { kind: 'keyPairPath', privateKeyPath: keyPath, passphrase: PASSPHRASE });
    await expect(snowflake.query('SELECT 7 AS n', [], { tag: 'pulse:key-file' })).resolves.toEqual([{ n: 7 }]);
    expect(standIn.logins.at(-1)).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', ok: true });
  });

  it('says in plain words when the password is wrong, and does not hammer the login', async () => {
    const snowflake = warehouse('pulse', { kind: 'password', password: 'not the password' });
    const error = await snowflake.connect().then(() => null, (caught: unknown) => caught as WarehouseError);
    expect(isWarehouseError(error)).toBe(true);
    expect(error?.code).toBe('PULSE_WAREHOUSE_AUTH');
    expect(error?.message).toBe('Snowflake rejected the login for user pulse: Incorrect username or password was specified.');
    expect(standIn.logins.at(-1)).toMatchObject({ ok: false, code: '390100', detail: 'wrong password' });

    // A repeated wrong password would lock the Snowflake user: Pulse answers from memory for a while.
    const loginsSoFar = standIn.logins.length;
    await expect(snowflake.query('SELECT 1 AS ok')).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_AUTH', message: error?.message });
    expect(standIn.logins).toHaveLength(loginsSoFar);
  });

  it('rejects a key that is not the one registered for the user, and a wrong passphrase', async () => {
    const stranger = warehouse('PULSE_KEY', { kind: 'keyPair', privateKey: strangerKey.privateKeyPem });
    await expect(stranger.connect()).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_AUTH', message: 'Snowflake rejected the login for user PULSE_KEY: JWT token is invalid.' });
    expect(standIn.logins.at(-1)?.detail).toMatch(/signature does not match/);

    const loginsSoFar = standIn.logins.length;
    const wrongPassphrase = warehouse('PULSE_ENCRYPTED_KEY', { kind: 'keyPair', privateKey: encryptedKey.privateKeyPem, passphrase: 'wrong' });
    await expect(wrongPassphrase.connect()).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_AUTH', message: expect.stringMatching(/^Pulse could not use the private key for user PULSE_ENCRYPTED_KEY: /) });
    // The key could not even be read: nothing was sent.
    expect(standIn.logins).toHaveLength(loginsSoFar);
  });

  it('returns the same rows as the DuckDB adapter for the same table', async () => {
    const file = path.join(tmp, 'types.duckdb');
    const duckdb = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 10, logger: capture.logger, idleCloseMs: 0, clock: manualClock() });
    await duckdb.query(
      'CREATE TABLE typed (label VARCHAR, whole INTEGER, big BIGINT, amount DECIMAL(12,2), ratio DOUBLE, flag BOOLEAN, day DATE, happened_at TIMESTAMP, happened_at_tz TIMESTAMPTZ, detail JSON)',
    );
    await duckdb.query(
      "INSERT INTO typed VALUES ('acme', 7, 9007199254740991, 12.50, 0.25, true, DATE '2026-11-26', TIMESTAMP '2026-11-26 08:00:00.123', TIMESTAMPTZ '2026-11-26 09:00:00.5+01', '{\"status\":\"ok\",\"tables\":[1,2]}')",
    );
    await duckdb.query('INSERT INTO typed VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)');
    const select = 'SELECT label, whole, big, amount, ratio, flag, day, happened_at, happened_at_tz, detail FROM typed ORDER BY label NULLS LAST';
    const fromDuckDb = await duckdb.query(select);
    await duckdb.close();

    const expected = [
      {
        label: 'acme',
        whole: 7,
        big: 9007199254740991,
        amount: 12.5,
        ratio: 0.25,
        flag: true,
        day: '2026-11-26',
        happened_at: '2026-11-26T08:00:00.123Z',
        happened_at_tz: '2026-11-26T08:00:00.500Z',
        detail: '{"status":"ok","tables":[1,2]}',
      },
      { label: null, whole: null, big: null, amount: null, ratio: null, flag: null, day: null, happened_at: null, happened_at_tz: null, detail: null },
    ];
    expect(fromDuckDb).toEqual(expected);

    // TIMESTAMPTZ reaches the driver once as TIMESTAMP_TZ (with an offset) and once as TIMESTAMP_LTZ.
    for (const timestampTzAs of ['timestamp_tz', 'timestamp_ltz'] as const) {
      const typed = await startSnowflakeStandIn({ duckdbPath: file, users: [{ name: 'PULSE', password: PASSWORD }], timestampTzAs });
      const snowflake = createSnowflakeWarehouse({ config: standInConfig(typed, 'PULSE', { kind: 'password', password: PASSWORD }), queryTimeoutSeconds: 10, logger: capture.logger, clock: manualClock() });
      try {
        expect(await snowflake.query(select)).toEqual(fromDuckDb);
      } finally {
        await snowflake.close();
        await typed.close();
      }
    }
  });

  it('tags every statement in the query history and sets a server-side time limit', async () => {
    const snowflake = warehouse('PULSE', { kind: 'password', password: PASSWORD }, { queryTimeoutSeconds: 30 });
    await snowflake.query('SELECT 1 AS a', [], { tag: 'pulse:snapshot' });
    await snowflake.query('SELECT 2 AS b', [], { tag: 'alerts' });
    await snowflake.query('SELECT 3 AS c', [], { tag: 'pulse:watch', deadlineMs: 4500 });
    await snowflake.query('SELECT 4 AS d');
    await snowflake.ping();

    const mine = standIn.statements.slice(-5);
    expect(mine.map((statement) => statement.queryTag)).toEqual(['pulse:snapshot', 'pulse:alerts', 'pulse:watch', 'pulse:query', 'pulse:ping']);
    expect(mine.map((statement) => statement.parameters.STATEMENT_TIMEOUT_IN_SECONDS)).toEqual([31, 31, 6, 31, 31]);
    // Not one statement the warehouse ever received went untagged.
    expect(standIn.statements.filter((statement) => !statement.queryTag?.startsWith('pulse:'))).toEqual([]);
  });

  it('runs concurrent statements over one session', async () => {
    const snowflake = warehouse('PULSE', { kind: 'password', password: PASSWORD });
    const loginsBefore = standIn.logins.length;
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => snowflake.query('SELECT ? AS n', [n], { tag: 'pulse:concurrent' })));
    expect(results).toEqual([1, 2, 3, 4, 5].map((n) => [{ n }]));
    expect(standIn.logins.length).toBe(loginsBefore + 1);
    expect(new Set(standIn.statements.slice(-5).map((statement) => statement.sessionId)).size).toBe(1);
  });

  it('turns a statement Snowflake rejects into PULSE_WAREHOUSE_SQL with Snowflake\'s reason', async () => {
    const snowflake = warehouse('PULSE', { kind: 'password', password: PASSWORD });
    await expect(snowflake.query('SELECT missing_column FROM (SELECT 1 AS present) AS t', [], { tag: 'pulse:bad' })).rejects.toMatchObject({
      code: 'PULSE_WAREHOUSE_SQL',
      message: expect.stringMatching(/^SQL compilation error: Binder Error: .*missing_column.* \(000904\)$/),
    });
    expect(standIn.requests.at(-1)).toMatchObject({ path: '/queries/v1/query-request', status: 200 });
  });

  it('routes the driver\'s warnings into Pulse\'s log, never to the console or a file, and logs no secret', async () => {
    const printed: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    const logSpy = jest.spyOn(console, 'log');
    try {
      const snowflake = warehouse('PULSE', { kind: 'password', password: PASSWORD });
      // Beyond 2^53 a NUMBER loses precision in a JS number: the driver warns about it.
      await expect(snowflake.query('SELECT 9007199254740993 AS huge')).resolves.toEqual([{ huge: 9007199254740992 }]);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      logSpy.mockRestore();
    }
    expect(printed).toEqual([]);
    expect(logSpy).not.toHaveBeenCalled();

    const driverLines = capture.entries().filter((entry) => entry.source === 'snowflake-sdk');
    expect(driverLines.some((entry) => String(entry.msg).includes('precision loss'))).toBe(true);
    expect(driverLogState()).toEqual(driverLogBefore);

    const everything = capture.lines().join('\n');
    for (const secret of [PASSWORD, PASSPHRASE, plainKey.privateKeyPem.split('\n')[1] as string, encryptedKey.privateKeyPem.split('\n')[1] as string]) {
      expect(everything).not.toContain(secret);
    }
  });
});

/** The driver's default log file in the working directory: it must never appear or grow. */
function driverLogState(): { exists: boolean; size: number } {
  const file = path.join(process.cwd(), 'snowflake.log');
  return existsSync(file) ? { exists: true, size: statSync(file).size } : { exists: false, size: 0 };
}
