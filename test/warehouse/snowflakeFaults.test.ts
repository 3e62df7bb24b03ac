import { createSnowflakeWarehouse, type SnowflakeWarehouse } from '../../src/warehouse/snowflake';
import type { WarehouseError } from '../../src/warehouse/errors';
import { captureLogger, eventually, standInConfig } from '../support/snowflake/fixtures';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../support/snowflake';

const PASSWORD = 'fault-tolerant';
/** Long enough on DuckDB to outlast any deadline here; DuckDB stops it when interrupted. */
const HANGING_QUERY = 'SELECT SUM(a.range * b.range) AS total FROM range(400000) AS a, range(400000) AS b';

describe('the Snowflake warehouse when Snowflake misbehaves', () => {
  let standIn: SnowflakeStandIn;
  const capture = captureLogger();
  let opened: SnowflakeWarehouse[] = [];

  function warehouse(): SnowflakeWarehouse {
    const created = createSnowflakeWarehouse({ config: standInConfig(standIn, 'PULSE', { kind: 'password', password: PASSWORD }), queryTimeoutSeconds: 1, logger: capture.logger });
    opened.push(created);
    return created;
  }

  async function failure(promise: Promise<unknown>): Promise<WarehouseError> {
    return promise.then(
      () => {
        throw new Error('expected the query to fail');
      },
      (error: unknown) => error as WarehouseError,
    );
  }

  beforeAll(async () => {
    standIn = await startSnowflakeStandIn({ users: [{ name: 'PULSE', password: PASSWORD }] });
  });

  afterEach(async () => {
    await standIn.heal();
    await Promise.all(opened.map((created) => created.close()));
    opened = [];
  });

  afterAll(async () => {
    await standIn.close();
  });

  it('cancels a statement still running at the deadline, and the cancel reaches Snowflake', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    const error = await failure(snowflake.query(HANGING_QUERY, [], { tag: 'pulse:hang', deadlineMs: 1000 }));
    expect(error).toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', deadlineSeconds: 1, message: 'the Snowflake query did not finish within 1 s' });

    const hung = standIn.statements.find((statement) => statement.sqlText === HANGING_QUERY);
    expect(hung?.parameters.STATEMENT_TIMEOUT_IN_SECONDS).toBe(2);
    await eventually(() => hung?.status === 'cancelled');
    expect(standIn.aborts).toContainEqual(expect.objectContaining({ requestId: hung?.requestId, sessionId: hung?.sessionId, interrupted: true }));

    // The session is still good for the next statement.
    await expect(snowflake.query('SELECT 1 AS ok')).resolves.toEqual([{ ok: 1 }]);
  }, 15_000);

  it('reports 5xx answers as unavailable at the deadline, and never runs the statement later', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'http5xx', status: 503 });
    const sql = "SELECT 'given up' AS outcome";
    const error = await failure(snowflake.query(sql, [], { tag: 'pulse:5xx' }));
    expect(error.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect(error.message).toBe('Snowflake did not answer within 1 s (HTTP 503)');

    const attempts = standIn.requests.filter((request) => request.path === '/queries/v1/query-request' && request.status === 503);
    expect(attempts.length).toBeGreaterThan(1);
    const requestId = attempts[0]?.requestId;
    expect(attempts.every((request) => request.requestId === requestId)).toBe(true);

    // Snowflake comes back: the driver's next attempt would run the statement; Pulse stops it, and
    // the driver reports the statement over.
    await standIn.heal();
    await eventually(() => capture.entries().some((entry) => entry.tag === 'pulse:5xx' && entry.msg === 'a Snowflake statement ended after its deadline'), 8000);
    expect(standIn.statements.filter((statement) => statement.sqlText === sql)).toEqual([]);
    expect(standIn.requests.filter((request) => request.requestId === requestId && request.status === 200)).toEqual([]);
  }, 15_000);

  it('reports a refused connection as unavailable at the deadline', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'refuse' });
    const error = await failure(snowflake.query('SELECT 1 AS ok', [], { tag: 'pulse:refused' }));
    expect(error).toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: 'Snowflake did not answer within 1 s (no connection)' });
  }, 15_000);

  it('reports a Snowflake that accepts the request but does not answer as a timeout, not as unreachable', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'slow', delayMs: 10_000 });
    const error = await failure(snowflake.query('SELECT 1 AS ok', [], { tag: 'pulse:slow', deadlineMs: 500 }));
    expect(error).toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', deadlineSeconds: 0.5, message: 'the Snowflake query did not finish within 0.5 s' });
  }, 15_000);

  it('reports a refused login as unavailable, not as bad credentials', async () => {
    standIn.inject({ kind: 'refuse' });
    const error = await failure(warehouse().query('SELECT 1 AS ok'));
    expect(error.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect(error.message).toMatch(/^Snowflake (could not be reached to log in: connection refused|did not complete the login within 1 s)$/);
  }, 15_000);

  it('rebuilds the connection after three failures in a row and works again once Snowflake is back', async () => {
    const snowflake = warehouse();
    await snowflake.query('SELECT 1 AS ok');
    const firstSession = standIn.statements.at(-1)?.sessionId;
    const sessionOfLast = () => standIn.statements.at(-1)?.sessionId;

    // Two failures are not enough to give up on the session.
    const quick = { tag: 'pulse:rebuild', deadlineMs: 500 };
    standIn.inject({ kind: 'refuse' });
    for (let n = 0; n < 2; n += 1) expect((await failure(snowflake.query('SELECT 1 AS ok', [], quick))).code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    await standIn.heal();
    await snowflake.query('SELECT 2 AS ok');
    expect(sessionOfLast()).toBe(firstSession);

    const loginsBefore = standIn.logins.length;
    standIn.inject({ kind: 'refuse' });
    for (let n = 0; n < 3; n += 1) expect((await failure(snowflake.query('SELECT 1 AS ok', [], quick))).code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    await standIn.heal();
    await expect(snowflake.query('SELECT 3 AS ok')).resolves.toEqual([{ ok: 3 }]);
    expect(standIn.logins.slice(loginsBefore)).toEqual([expect.objectContaining({ ok: true })]);
    expect(sessionOfLast()).not.toBe(firstSession);
    expect(capture.lines().some((line) => line.includes('3 statements in a row were unreachable or timed out'))).toBe(true);
  }, 20_000);

  it('answers a retried request from its first run instead of running it twice', async () => {
    const snowflake = warehouse();
    await snowflake.query('CREATE TABLE deliveries (id INTEGER)');
    standIn.inject({ kind: 'dropResponse', times: 1 });
    await expect(snowflake.query('INSERT INTO deliveries VALUES (?)', [1], { tag: 'pulse:insert', deadlineMs: 5000 })).resolves.toEqual([{ 'number of rows inserted': 1 }]);

    const insert = standIn.statements.filter((statement) => statement.sqlText.startsWith('INSERT INTO deliveries'));
    expect(insert).toHaveLength(1);
    const requests = standIn.requests.filter((request) => request.requestId === insert[0]?.requestId);
    expect(requests.map((request) => [request.status, request.replayed ?? false])).toEqual([
      ['dropped', false],
      [200, true],
    ]);
    await expect(snowflake.query('SELECT COUNT(*) AS n FROM deliveries')).resolves.toEqual([{ n: 1 }]);
  }, 15_000);

  it('logs in again when Snowflake has ended the session, and runs the statement once', async () => {
    const snowflake = warehouse();
    await snowflake.query('SELECT 1 AS ok');
    const loginsBefore = standIn.logins.length;
    standIn.endSessions();
    await expect(snowflake.query("SELECT 'again' AS word", [], { tag: 'pulse:again', deadlineMs: 5000 })).resolves.toEqual([{ word: 'again' }]);
    expect(standIn.logins.length).toBe(loginsBefore + 1);
    expect(standIn.statements.filter((statement) => statement.sqlText === "SELECT 'again' AS word")).toHaveLength(1);
  }, 15_000);
});
