import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Logger } from '../log/logger';
import { deadlineIn, formatSeconds, systemClock, type Clock, type Deadline } from './deadline';
import { WarehouseError } from './errors';
import { acquireDuckDbHandle, firstLine } from './duckdbFileHandle';
import { messageOf } from './errorMessage';
import { normalizeRow } from './normalizeRow';
import type { Bind, QueryOptions, Row, Warehouse } from './types';

export interface DuckDbWarehouseOptions {
  /** A database file, or `:memory:` for a private in-memory database kept for the warehouse's lifetime. */
  path: string;
  queryTimeoutSeconds: number;
  logger: Logger;
  /**
   * How long a file stays open after its last query. Short, so another Pulse process (the CLI next
   * to the server) gets its turn; long enough that a burst of queries opens the file once.
   */
  idleCloseMs?: number;
  /** Where deadlines read time. Default the system clock; tests move one by hand. */
  clock?: Clock;
}

const DEFAULT_IDLE_CLOSE_MS = 1500;

export function createDuckDbWarehouse(options: DuckDbWarehouseOptions): Warehouse {
  const { logger, queryTimeoutSeconds } = options;
  const handle = acquireDuckDbHandle(options.path, { idleCloseMs: options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS, logger });
  let closed = false;

  async function query<T extends Row = Row>(sql: string, binds: readonly Bind[] = [], queryOptions?: QueryOptions): Promise<T[]> {
    const deadline = deadlineIn(queryOptions?.deadlineMs ?? queryTimeoutSeconds * 1000, options.clock ?? systemClock);
    const startedAt = Date.now();
    const tag = queryOptions?.tag ?? 'pulse:query';
    if (closed) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', 'the DuckDB warehouse has been closed');

    const instance = await handle.acquire(deadline);
    let rows: Row[];
    try {
      rows = await runWithDeadline(instance, sql, binds, deadline, handle.release.bind(handle));
    } catch (error) {
      if (error instanceof WarehouseError && error.code === 'WAREHOUSE_TIMEOUT') {
        logger.warn({ tag, deadlineMs: deadline.ms }, 'DuckDB query passed its deadline and was interrupted');
      }
      throw error;
    }
    logger.debug({ tag, ms: Date.now() - startedAt, rows: rows.length }, 'DuckDB query');
    return rows as T[];
  }

  return {
    engine: 'duckdb',
    query,
    async ping() {
      await query('SELECT 1 AS ok', [], { tag: 'pulse:ping' });
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.retire();
    },
  };
}

/**
 * Runs one statement on its own connection under the deadline. On expiry the caller gets the
 * timeout at once while the connection is interrupted; the file stays held until DuckDB has
 * actually stopped, and `release` is called only then. A statement whose deadline has passed
 * before it could start (it waited for the file, or the machine was busy) never starts: its caller
 * has been told it failed.
 */
function runWithDeadline(instance: DuckDBInstance, sql: string, binds: readonly Bind[], deadline: Deadline, release: () => void): Promise<Row[]> {
  const timeoutError = () =>
    new WarehouseError('WAREHOUSE_TIMEOUT', `the DuckDB query did not finish within ${formatSeconds(deadline.ms)} s`, {
      deadlineSeconds: deadline.seconds,
    });

  return new Promise<Row[]>((resolve, reject) => {
    let settled = false;
    let connection: DuckDBConnection | null = null;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      outcome();
    };
    const cancelTimer = deadline.onPass(() => {
      settle(() => reject(timeoutError()));
      connection?.interrupt();
    });

    const work = async (): Promise<Row[]> => {
      connection = await instance.connect();
      try {
        // Naive TIMESTAMPs are UTC (as Snowflake's TIMESTAMP_NTZ); casts to and from TIMESTAMPTZ must agree.
        await connection.run("SET TimeZone='UTC'");
        // Asked here, not left to the timer: a timer can run late on a busy machine.
        if (settled || deadline.passed) {
          settle(() => reject(timeoutError()));
          return [];
        }
        const reader = await connection.runAndReadAll(sql, binds.length > 0 ? [...binds] : undefined);
        return reader.getRowObjects().map(normalizeRow);
      } finally {
        connection.closeSync();
      }
    };

    work().then(
      (rows) => {
        release();
        settle(() => resolve(rows));
      },
      (error: unknown) => {
        release();
        settle(() => reject(new WarehouseError('WAREHOUSE_SQL', describeSqlError(error), { cause: error })));
      },
    );
  });
}

/** DuckDB's message without the echoed statement and caret, which mean nothing in a chat message. */
export function describeSqlError(error: unknown): string {
  const message = messageOf(error);
  const beforeEcho = message.split(/\n\s*LINE \d+:/)[0] ?? message;
  const text = beforeEcho
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
  return text || firstLine(error);
}
