import type { Connection, RowStatement } from 'snowflake-sdk';
import type { SnowflakeConfig } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import { messageOf } from '../errors/messageOf';
import { deadlineIn, formatSeconds, systemClock, type Clock, type Deadline } from './deadline';
import { WarehouseError } from './errors';
import { classifyLoginError, classifyStatementError, type StatementFailure } from './snowflake/classifyError';
import { driverConnectionOptions } from './snowflake/connectionOptions';
import { loadSnowflakeDriver } from './snowflake/loadDriver';
import { normalizeSnowflakeRows, type ResultColumn } from './snowflake/normalizeRows';
import { installRetryPolicy, type RetryTracker } from './snowflake/retryPolicy';
import type { Bind, QueryOptions, Row, Warehouse } from './types';

export interface SnowflakeWarehouseOptions {
  config: SnowflakeConfig;
  queryTimeoutSeconds: number;
  logger: Logger;
  /** Prefix of every statement's QUERY_TAG (`pulse:snapshot`). Default `pulse`. */
  queryTagPrefix?: string;
  /** Consecutive unreachable or timed-out statements after which the connection is rebuilt. Default 3. */
  rebuildAfterFailures?: number;
  /** Login attempts the driver makes after a failed first one (network errors and 5xx). Default 1. */
  loginRetries?: number;
  /**
   * After a rejected login, how long Pulse answers with that rejection before trying again, so a
   * wrong password cannot lock the Snowflake user (Snowflake locks it after 5 failures). Default 60 s.
   */
  authRetryAfterMs?: number;
  /** Where deadlines read time. Default the system clock; tests move one by hand. */
  clock?: Clock;
}

export interface SnowflakeWarehouse extends Warehouse {
  readonly engine: 'snowflake';
  /** Logs in now rather than at the first query; a rejected login becomes PULSE_WAREHOUSE_AUTH in plain words. */
  connect(): Promise<void>;
  /** Logs in and makes one round trip: what start-up checks before announcing itself ready. */
  verify(): Promise<void>;
}

const MAX_QUERY_TAG_LENGTH = 2000;
const DESTROY_WAIT_MS = 2000;

/**
 * Pulse's Snowflake adapter over snowflake-sdk: one lazily opened connection, a deadline of its own
 * around every statement (the driver would retry for hours), a query tag on every statement, rows
 * in the engine-neutral shape, and a fresh connection after repeated failures.
 *
 * A statement whose deadline has passed is never sent, nor sent again, nor left on its way: its
 * caller was told it failed, so it must not run later (a state write least of all).
 */
export function createSnowflakeWarehouse(options: SnowflakeWarehouseOptions): SnowflakeWarehouse {
  const { config, queryTimeoutSeconds } = options;
  const log = options.logger.child({ warehouse: 'snowflake' });
  const tagPrefix = options.queryTagPrefix ?? 'pulse';
  const rebuildAfter = options.rebuildAfterFailures ?? 3;
  const loginRetries = options.loginRetries ?? 1;
  const authRetryAfterMs = options.authRetryAfterMs ?? 60_000;
  const clock = options.clock ?? systemClock;

  // Loaded here rather than at the first login, so loading it (a second or more on a cold start)
  // never eats into a statement's deadline.
  const sdk = loadSnowflakeDriver(log);
  const tracker: RetryTracker | null = installRetryPolicy(log);
  let current: Promise<Connection> | null = null;
  let authFailure: { error: WarehouseError; until: number } | null = null;
  let consecutiveFailures = 0;
  let closed = false;
  const inFlight = new Set<string>();
  /** Logins that have completed, so closing need not wait for one that has not. */
  const loggedIn = new WeakMap<Promise<Connection>, Connection>();

  function openConnection(): Promise<Connection> {
    const attempt = (async () => {
      let connection: Connection;
      try {
        connection = sdk.createConnection(driverConnectionOptions(config, { loginRetries }));
      } catch (error) {
        throw classifyLoginError(error, config.username);
      }
      await new Promise<void>((resolve, reject) => {
        connection.connect((error) => (error ? reject(classifyLoginError(error, config.username)) : resolve()));
      });
      // A rejected login can leave a connection object that merely is not up.
      if (!connection.isUp()) throw new WarehouseError('PULSE_WAREHOUSE_AUTH', `Snowflake rejected the login for user ${config.username}: no session was opened`);
      log.info({ account: config.account, user: config.username, accessUrl: config.accessUrl ?? null }, 'connected to Snowflake');
      return connection;
    })();
    attempt.then(
      (connected) => {
        loggedIn.set(attempt, connected);
        authFailure = null;
      },
      (error: unknown) => {
        if (current === attempt) current = null;
        if (error instanceof WarehouseError && error.code === 'PULSE_WAREHOUSE_AUTH') authFailure = { error, until: clock.now() + authRetryAfterMs };
        log.warn({ code: error instanceof WarehouseError ? error.code : null, reason: messageOf(error) }, 'Snowflake login failed');
      },
    );
    return attempt;
  }

  /** The open connection, logging in first if there is none; a login gets the caller's deadline. */
  async function connection(deadline: Deadline): Promise<{ connected: Connection; attempt: Promise<Connection> }> {
    const loginTooSlow = () => new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `Snowflake did not complete the login within ${formatSeconds(deadline.ms)} s`);
    for (let round = 1; ; round += 1) {
      if (closed) throw new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'the Snowflake warehouse has been closed');
      if (authFailure && clock.now() < authFailure.until) throw authFailure.error;
      if (!current) current = openConnection();
      const attempt = current;
      const connected = await deadline.race(attempt, loginTooSlow);
      // A login that ends after the deadline, before its timer has had its turn, leaves no time
      // for the statement: it must not be sent.
      if (deadline.passed) throw loginTooSlow();
      if (connected.isUp()) return { connected, attempt };
      // The driver gave the session up (Snowflake ended it): log in afresh, once.
      dropConnection(attempt, 'the connection is no longer up');
      if (round >= 2) throw new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'the Snowflake session ended and a new one did not stay up');
    }
  }

  /** Forgets a connection (if it is still the current one) and logs it out in the background. */
  function dropConnection(attempt: Promise<Connection> | null, reason: string): void {
    if (!attempt) return;
    if (current === attempt) current = null;
    log.warn({ reason }, 'dropping the Snowflake connection; the next statement opens a new one');
    attempt.then(destroyQuietly, () => undefined);
  }

  function queryTag(tag: string | undefined): string {
    const name = tag ?? 'query';
    const full = name.startsWith(`${tagPrefix}:`) ? name : `${tagPrefix}:${name}`;
    return full.slice(0, MAX_QUERY_TAG_LENGTH);
  }

  function execute(connection: Connection, sql: string, binds: readonly Bind[], tag: string, deadline: Deadline): Promise<Row[]> {
    const deadlineSeconds = deadline.seconds;
    const timedOut = () => new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', `the Snowflake query did not finish within ${formatSeconds(deadline.ms)} s`, { deadlineSeconds });
    return new Promise<Row[]>((resolve, reject) => {
      let settled = false;
      let statement: RowStatement | undefined;
      const fail = (failure: StatementFailure) => reject(failure);
      if (deadline.passed) {
        fail({ error: timedOut(), sessionLost: false });
        return;
      }

      const onDeadline = () => {
        if (settled) return;
        settled = true;
        const requestId = statement?.getRequestId();
        const unreachable = requestId ? tracker?.failureOf(requestId) : null;
        fail({
          error: unreachable ? new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `Snowflake did not answer within ${formatSeconds(deadline.ms)} s (${unreachable})`) : timedOut(),
          sessionLost: false,
        });
        if (statement) cancel(statement, tag);
      };
      const cancelTimer = deadline.onPass(onDeadline);

      try {
        statement = connection.execute({
          sqlText: sql,
          ...(binds.length > 0 ? { binds: [...binds] } : {}),
          parameters: {
            QUERY_TAG: tag,
            // The server's own limit, a little after ours: it stops the statement even if our
            // cancel never arrives.
            STATEMENT_TIMEOUT_IN_SECONDS: Math.ceil(deadlineSeconds) + 1,
          },
          complete: (error, completed, rows) => {
            // Failed once the deadline had passed (the retry policy refuses late attempts), before
            // its timer had its turn: that is the deadline's answer.
            if (error && deadline.passed) onDeadline();
            const requestId = completed?.getRequestId();
            if (requestId) {
              inFlight.delete(requestId);
              tracker?.forget(requestId);
            }
            if (settled) {
              log.debug({ tag, outcome: error ? 'failed' : 'succeeded' }, 'a Snowflake statement ended after its deadline');
              return;
            }
            settled = true;
            cancelTimer();
            if (error) {
              fail(classifyStatementError(error, { deadlineSeconds }));
              return;
            }
            try {
              resolve(normalizeSnowflakeRows((rows ?? []) as Record<string, unknown>[], columnsOf(completed)));
            } catch (normalizeError) {
              fail({ error: new WarehouseError('PULSE_WAREHOUSE_SQL', `could not read the Snowflake result: ${messageOf(normalizeError)}`, { cause: normalizeError }), sessionLost: false });
            }
          },
        });
        const requestId = statement.getRequestId();
        inFlight.add(requestId);
        tracker?.track(requestId, {
          expired: () => deadline.passed,
          retried: (reason) => log.debug({ tag, requestId, reason }, 'Snowflake did not answer; the driver sends the statement again'),
        });
      } catch (error) {
        settled = true;
        cancelTimer();
        fail(classifyStatementError(error, { deadlineSeconds }));
      }
    });
  }

  function cancel(statement: RowStatement, tag: string): void {
    // First, so the cancel leaves after the attempt on its way was abandoned: whatever the cancel
    // achieves, the driver must not deliver this statement later.
    tracker?.retire(statement.getRequestId());
    statement.cancel((error) => {
      if (error) log.debug({ tag, reason: messageOf(error) }, 'Snowflake did not confirm the cancel');
    });
  }

  async function runStatement(sql: string, binds: readonly Bind[], tag: string, deadline: Deadline): Promise<Row[]> {
    for (let round = 1; ; round += 1) {
      const { connected, attempt } = await connection(deadline);
      try {
        return await execute(connected, sql, binds, tag, deadline);
      } catch (failure) {
        if (!isStatementFailure(failure)) throw failure;
        const { error, sessionLost } = failure;
        if (!sessionLost) throw error;
        // The session expired or was closed: the statement never ran, so a new session may run it.
        dropConnection(attempt, 'the Snowflake session ended');
        if (round >= 2 || deadline.passed) throw error;
      }
    }
  }

  async function query<T extends Row = Row>(sql: string, binds: readonly Bind[] = [], queryOptions?: QueryOptions): Promise<T[]> {
    const deadline = deadlineIn(queryOptions?.deadlineMs ?? queryTimeoutSeconds * 1000, clock);
    const startedAt = Date.now();
    const tag = queryTag(queryOptions?.tag);
    try {
      const rows = await runStatement(sql, binds, tag, deadline);
      consecutiveFailures = 0;
      log.debug({ tag, ms: Date.now() - startedAt, rows: rows.length }, 'Snowflake query');
      return rows as T[];
    } catch (raw) {
      const error = raw instanceof WarehouseError ? raw : new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `the Snowflake query failed: ${messageOf(raw)}`, { cause: raw });
      if (error.code === 'PULSE_WAREHOUSE_UNAVAILABLE' || error.code === 'PULSE_WAREHOUSE_TIMEOUT') {
        consecutiveFailures += 1;
        if (consecutiveFailures >= rebuildAfter) {
          consecutiveFailures = 0;
          dropConnection(current, `${rebuildAfter} statements in a row were unreachable or timed out`);
        }
      }
      log.warn({ tag, code: error.code, ms: Date.now() - startedAt, reason: error.message }, 'Snowflake query failed');
      throw error;
    }
  }

  return {
    engine: 'snowflake',
    query,
    async ping() {
      await query('SELECT 1 AS ok', [], { tag: 'pulse:ping' });
    },
    async connect() {
      await connection(deadlineIn(queryTimeoutSeconds * 1000, clock));
    },
    async verify() {
      await connection(deadlineIn(queryTimeoutSeconds * 1000, clock));
      await query('SELECT 1 AS ok', [], { tag: 'pulse:verify' });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const requestId of inFlight) tracker?.retire(requestId);
      const attempt = current;
      current = null;
      if (!attempt) return;
      const connected = loggedIn.get(attempt);
      if (connected) await destroyQuietly(connected);
      // A login still running when Pulse stops is logged out as soon as it completes.
      else attempt.then(destroyQuietly, () => undefined);
    },
  };
}

function isStatementFailure(value: unknown): value is StatementFailure {
  return typeof value === 'object' && value !== null && 'error' in value && value.error instanceof WarehouseError && 'sessionLost' in value;
}

function columnsOf(statement: RowStatement | undefined): ResultColumn[] | undefined {
  return statement?.getColumns()?.map((column) => ({ name: column.getName(), type: column.getType() }));
}

/** Logs the session out; never rejects and never waits longer than a moment. */
function destroyQuietly(connection: Connection): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DESTROY_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      connection.destroy(() => done());
    } catch {
      done();
    }
  });
}

