import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { createSnowflakeWarehouse, type SnowflakeWarehouse } from '../../src/warehouse/snowflake';
import type { WarehouseError } from '../../src/warehouse/errors';
import { eventually } from '../support/eventually';
import { manualClock, type ManualClock } from '../support/manualClock';
import { captureLogger, standInConfig } from '../support/snowflake/fixtures';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../support/snowflake';

const PASSWORD = 'fault-tolerant';
/** Long enough on DuckDB to outlast any deadline here; DuckDB stops it when interrupted. */
const HANGING_QUERY = 'SELECT SUM(a.range * b.range) AS total FROM range(400000) AS a, range(400000) AS b';

/**
 * Every deadline here runs on a clock the test moves: a deadline passes when the test says so,
 * after the event it waits for (a statement running, a request held on its way, a retry), and
 * never because the machine is slow.
 */
describe('the Snowflake warehouse when Snowflake misbehaves', () => {
  let standIn: SnowflakeStandIn;
  const capture = captureLogger();
  let opened: SnowflakeWarehouse[] = [];
  let clock: ManualClock;

  function warehouse(logger = capture.logger): SnowflakeWarehouse {
    const created = createSnowflakeWarehouse({ config: standInConfig(standIn, 'PULSE', { kind: 'password', password: PASSWORD }), queryTimeoutSeconds: 1, logger, clock });
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

  /** Waits until the driver is retrying the statement tagged `tag`, then lets its deadline pass. */
  async function missDeadlineWhileRetrying(tag: string, ms: number): Promise<void> {
    const retries = capture.entries().filter((entry) => entry.tag === tag && entry.msg === 'Snowflake did not answer; the driver sends the statement again').length;
    await eventually(() => capture.entries().filter((entry) => entry.tag === tag && entry.msg === 'Snowflake did not answer; the driver sends the statement again').length > retries, undefined, `a retry of ${tag}`);
    await clock.advance(ms);
  }

  beforeAll(async () => {
    standIn = await startSnowflakeStandIn({ users: [{ name: 'PULSE', password: PASSWORD }] });
  });

  beforeEach(() => {
    clock = manualClock();
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
    const answer = failure(snowflake.query(HANGING_QUERY, [], { tag: 'pulse:hang', deadlineMs: 1000 }));
    const hung = await eventually(() => standIn.statements.find((statement) => statement.sqlText === HANGING_QUERY && statement.status === 'running'), undefined, 'the statement running');
    await clock.advance(1000);
    expect(await answer).toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', deadlineSeconds: 1, message: 'the Snowflake query did not finish within 1 s' });

    expect(hung.parameters.STATEMENT_TIMEOUT_IN_SECONDS).toBe(2);
    await eventually(() => hung.status === 'cancelled', undefined, 'the statement cancelled');
    expect(standIn.aborts).toContainEqual(expect.objectContaining({ requestId: hung.requestId, sessionId: hung.sessionId, interrupted: true }));

    // The session is still good for the next statement.
    await expect(snowflake.query('SELECT 1 AS ok')).resolves.toEqual([{ ok: 1 }]);
  });

  it('reports 5xx answers as unavailable at the deadline, and never runs the statement later', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'http5xx', status: 503 });
    const sql = "SELECT 'given up' AS outcome";
    const answer = failure(snowflake.query(sql, [], { tag: 'pulse:5xx' }));
    await missDeadlineWhileRetrying('pulse:5xx', 1000);
    const error = await answer;
    expect(error.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect(error.message).toBe('Snowflake did not answer within 1 s (HTTP 503)');

    const attempts = standIn.requests.filter((request) => request.path === '/queries/v1/query-request' && request.status === 503);
    expect(attempts.length).toBeGreaterThan(1);
    const requestId = attempts[0]?.requestId;
    expect(attempts.every((request) => request.requestId === requestId)).toBe(true);

    // Snowflake comes back: the driver's next attempt would run the statement; Pulse stops it, and
    // the driver reports the statement over.
    await standIn.heal();
    await eventually(() => capture.entries().some((entry) => entry.tag === 'pulse:5xx' && entry.msg === 'a Snowflake statement ended after its deadline'), undefined, 'the statement reported over');
    expect(standIn.statements.filter((statement) => statement.sqlText === sql)).toEqual([]);
    expect(standIn.requests.filter((request) => request.requestId === requestId && request.status === 200)).toEqual([]);
  });

  it('reports a refused connection as unavailable at the deadline', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'refuse' });
    const answer = failure(snowflake.query('SELECT 1 AS ok', [], { tag: 'pulse:refused' }));
    await missDeadlineWhileRetrying('pulse:refused', 1000);
    expect(await answer).toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: 'Snowflake did not answer within 1 s (no connection)' });
  });

  it('reports a Snowflake that accepts the request but does not answer as a timeout, not as unreachable', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'hold', requests: 'statements' });
    const answer = failure(snowflake.query('SELECT 1 AS ok', [], { tag: 'pulse:slow', deadlineMs: 500 }));
    await eventually(() => standIn.holding > 0, undefined, 'the statement held');
    await clock.advance(500);
    expect(await answer).toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', deadlineSeconds: 0.5, message: 'the Snowflake query did not finish within 0.5 s' });
  });

  it('reports a refused login as unavailable, not as bad credentials', async () => {
    standIn.inject({ kind: 'refuse' });
    const error = await failure(warehouse().query('SELECT 1 AS ok'));
    expect(error.code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect(error.message).toBe('Snowflake could not be reached to log in: connection refused');
  });

  it('reports a login that does not answer by the deadline as unavailable', async () => {
    standIn.inject({ kind: 'hold', requests: 'logins' });
    const answer = failure(warehouse().query('SELECT 1 AS ok'));
    await eventually(() => standIn.holding > 0, undefined, 'the login held');
    await clock.advance(1000);
    expect(await answer).toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: 'Snowflake did not complete the login within 1 s' });
  });

  it('rebuilds the connection after three failures in a row and works again once Snowflake is back', async () => {
    const snowflake = warehouse();
    await snowflake.query('SELECT 1 AS ok');
    const firstSession = standIn.statements.at(-1)?.sessionId;
    const sessionOfLast = () => standIn.statements.at(-1)?.sessionId;
    const unreachable = async () => {
      const answer = failure(snowflake.query('SELECT 1 AS ok', [], { tag: 'pulse:rebuild', deadlineMs: 500 }));
      await missDeadlineWhileRetrying('pulse:rebuild', 500);
      expect((await answer).code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    };

    // Two failures are not enough to give up on the session.
    standIn.inject({ kind: 'refuse' });
    for (let n = 0; n < 2; n += 1) await unreachable();
    await standIn.heal();
    await snowflake.query('SELECT 2 AS ok');
    expect(sessionOfLast()).toBe(firstSession);

    const loginsBefore = standIn.logins.length;
    standIn.inject({ kind: 'refuse' });
    for (let n = 0; n < 3; n += 1) await unreachable();
    await standIn.heal();
    await expect(snowflake.query('SELECT 3 AS ok')).resolves.toEqual([{ ok: 3 }]);
    expect(standIn.logins.slice(loginsBefore)).toEqual([expect.objectContaining({ ok: true })]);
    expect(sessionOfLast()).not.toBe(firstSession);
    expect(capture.lines().some((line) => line.includes('3 statements in a row were unreachable or timed out'))).toBe(true);
  });

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
  });

  it('logs in again when Snowflake has ended the session, and runs the statement once', async () => {
    const snowflake = warehouse();
    await snowflake.query('SELECT 1 AS ok');
    const loginsBefore = standIn.logins.length;
    standIn.endSessions();
    await expect(snowflake.query("SELECT 'again' AS word", [], { tag: 'pulse:again', deadlineMs: 5000 })).resolves.toEqual([{ word: 'again' }]);
    expect(standIn.logins.length).toBe(loginsBefore + 1);
    expect(standIn.statements.filter((statement) => statement.sqlText === "SELECT 'again' AS word")).toHaveLength(1);
  });
});

/**
 * A statement Pulse gave up on (its deadline passed, its caller was told it failed) must never run
 * later: a state write that lands after Pulse reported it failed corrupts what Pulse believes.
 */
describe('a Snowflake statement after its deadline', () => {
  let standIn: SnowflakeStandIn;
  const capture = captureLogger();
  let opened: SnowflakeWarehouse[] = [];
  let clock: ManualClock;

  function warehouse(logger = capture.logger): SnowflakeWarehouse {
    const created = createSnowflakeWarehouse({ config: standInConfig(standIn, 'PULSE', { kind: 'password', password: PASSWORD }), queryTimeoutSeconds: 60, logger, clock });
    opened.push(created);
    return created;
  }

  const WRITE = "INSERT INTO alert_state VALUES ('late write')";
  let statementsBefore = 0;
  const writes = () => standIn.statements.slice(statementsBefore).filter((statement) => statement.sqlText === WRITE);
  const stateRows = async (snowflake: SnowflakeWarehouse) => (await snowflake.query('SELECT COUNT(*) AS n FROM alert_state'))[0]?.n;

  beforeAll(async () => {
    standIn = await startSnowflakeStandIn({ users: [{ name: 'PULSE', password: PASSWORD }] });
  });

  beforeEach(async () => {
    clock = manualClock();
    const setup = warehouse();
    await setup.query('CREATE OR REPLACE TABLE alert_state (note VARCHAR)');
    statementsBefore = standIn.statements.length;
  });

  afterEach(async () => {
    await standIn.heal();
    await Promise.all(opened.map((created) => created.close()));
    opened = [];
  });

  afterAll(async () => {
    await standIn.close();
  });

  it('never reaches Snowflake when it was still on its way at the deadline and gets through afterwards', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'hold', requests: 'statements' });
    const answer = snowflake.query(WRITE, [], { tag: 'pulse:alerts:store', deadlineMs: 1000 });
    await eventually(() => standIn.holding > 0, undefined, 'the write held on its way');
    const held = standIn.requests.find((request) => request.held && request.path === '/queries/v1/query-request');

    await clock.advance(1000);
    await expect(answer).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT' });
    // Pulse cancelled it; the cancel found nothing running, since the write had not arrived.
    await eventually(() => standIn.aborts.some((abort) => abort.requestId === held?.requestId), undefined, 'the cancel');

    // The network lets the write through now.
    standIn.release();
    await eventually(() => held?.status !== 0, undefined, 'the held write delivered or dropped');
    expect(held?.status).toBe('abandoned');
    expect(writes()).toEqual([]);
    expect(await stateRows(snowflake)).toBe(0);
  });

  it('is never sent when the login it waited for completes after the deadline', async () => {
    const snowflake = warehouse();
    standIn.inject({ kind: 'hold', requests: 'logins' });
    const answer = snowflake.query(WRITE, [], { tag: 'pulse:alerts:store', deadlineMs: 1000 });
    await eventually(() => standIn.holding > 0, undefined, 'the login held');
    await clock.advance(1000);
    await expect(answer).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: 'Snowflake did not complete the login within 1 s' });

    standIn.release();
    // The session the late login opened serves the next statement, and only that one.
    expect(await stateRows(snowflake)).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('is never sent when the login completes just as the deadline passes, before its timer has run', async () => {
    // A machine so busy that the deadline passes between the login's answer and Pulse's next step.
    const busy = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunk.toString().includes('connected to Snowflake')) clock.jump(1000);
        done();
      },
    });
    const snowflake = warehouse(createLogger({ level: 'info', format: 'json', destination: busy }));
    await expect(snowflake.query(WRITE, [], { tag: 'pulse:alerts:store', deadlineMs: 1000 })).rejects.toMatchObject({
      code: 'PULSE_WAREHOUSE_UNAVAILABLE',
      message: 'Snowflake did not complete the login within 1 s',
    });
    await clock.advance(0);
    expect(await stateRows(snowflake)).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('stops the driver from sending it again as soon as the deadline has passed, before Pulse\'s timer has run', async () => {
    const snowflake = warehouse();
    await snowflake.connect();
    standIn.inject({ kind: 'http5xx', status: 503 });
    const answer = snowflake.query(WRITE, [], { tag: 'pulse:alerts:store', deadlineMs: 1000 });
    await eventually(() => capture.entries().some((entry) => entry.tag === 'pulse:alerts:store' && entry.msg === 'Snowflake did not answer; the driver sends the statement again'), undefined, 'a retry');
    // Time passes, but Pulse's timer has not run (the clock fires nothing): the driver's next
    // attempt is refused all the same, and that is the deadline's answer.
    clock.jump(1000);
    await expect(answer).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: 'Snowflake did not answer within 1 s (HTTP 503)' });
    await standIn.heal();
    await clock.advance(0);
    expect(writes()).toEqual([]);
    expect(await stateRows(snowflake)).toBe(0);
  });
});
