import { eventLoopTurn } from '../time/eventLoopTurn';
import type { DuckDBConnection, DuckDBInstance, DuckDBMaterializedResult } from '@duckdb/node-api';
import type { Logger } from '../log/logger';
import { deadlineIn, formatSeconds, systemClock, type Clock, type Deadline } from './deadline';
import { WarehouseError } from './errors';
import { acquireDuckDbHandle, firstLine } from './duckdbFileHandle';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../config/duckdbMemoryLimit';
import { outOfMemoryError } from './duckdbMemoryLimit';
import { messageOf } from '../errors/messageOf';
import { chunkRowsConverter } from './normalizeRow';
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
  /** DuckDB's memory_limit (1GB, 512MB, 2GiB); beyond it DuckDB spills to disk. Default {@link DEFAULT_DUCKDB_MEMORY_LIMIT}. */
  memoryLimit?: string;
}

const DEFAULT_IDLE_CLOSE_MS = 1500;

export interface DuckDbWarehouse extends Warehouse {
  readonly engine: 'duckdb';
  /**
   * Runs `work` on a connection of its own, holding the file until it is done: for what one
   * statement cannot do, such as a transaction that regenerates the demo with appenders. No
   * deadline interrupts the work; `deadlineMs` bounds only the wait for the file.
   */
  withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>, options: { tag: string; deadlineMs?: number }): Promise<T>;
}

export function isDuckDbWarehouse(warehouse: Warehouse): warehouse is DuckDbWarehouse {
  return warehouse.engine === 'duckdb' && typeof (warehouse as Partial<DuckDbWarehouse>).withConnection === 'function';
}

export function createDuckDbWarehouse(options: DuckDbWarehouseOptions): DuckDbWarehouse {
  const { logger, queryTimeoutSeconds } = options;
  const memoryLimit = options.memoryLimit ?? DEFAULT_DUCKDB_MEMORY_LIMIT;
  const handle = acquireDuckDbHandle(options.path, { idleCloseMs: options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS, logger, memoryLimit });
  let closed = false;

  async function query<T extends Row = Row>(sql: string, binds: readonly Bind[] = [], queryOptions?: QueryOptions): Promise<T[]> {
    const deadline = deadlineIn(queryOptions?.deadlineMs ?? queryTimeoutSeconds * 1000, options.clock ?? systemClock);
    const startedAt = Date.now();
    const tag = queryOptions?.tag ?? 'pulse:query';
    if (closed) throw new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'the DuckDB warehouse has been closed');

    const instance = await handle.acquire(deadline);
    let rows: Row[];
    try {
      rows = await runWithDeadline(instance, sql, binds, deadline, handle.release.bind(handle));
    } catch (error) {
      if (error instanceof WarehouseError && error.code === 'PULSE_WAREHOUSE_TIMEOUT') {
        logger.warn({ tag, deadlineMs: deadline.ms }, 'DuckDB query passed its deadline and was interrupted');
      }
      throw outOfMemoryError(error, memoryLimit) ?? error;
    }
    logger.debug({ tag, ms: Date.now() - startedAt, rows: rows.length }, 'DuckDB query');
    return rows as T[];
  }

  async function withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>, workOptions: { tag: string; deadlineMs?: number }): Promise<T> {
    if (closed) throw new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'the DuckDB warehouse has been closed');
    const startedAt = Date.now();
    const instance = await handle.acquire(deadlineIn(workOptions.deadlineMs ?? queryTimeoutSeconds * 1000, options.clock ?? systemClock));
    let connection: DuckDBConnection | null = null;
    try {
      connection = await instance.connect();
      await connection.run("SET TimeZone='UTC'");
      const result = await work(connection);
      logger.debug({ tag: workOptions.tag, ms: Date.now() - startedAt }, 'DuckDB work on its own connection');
      return result;
    } catch (error) {
      if (error instanceof WarehouseError) throw error;
      throw outOfMemoryError(error, memoryLimit) ?? sqlError(error);
    } finally {
      connection?.closeSync();
      handle.release();
    }
  }

  return {
    engine: 'duckdb',
    query,
    withConnection,
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
    new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', `the DuckDB query did not finish within ${formatSeconds(deadline.ms)} s`, {
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
        return await rowsOf(await connection.run(sql, binds.length > 0 ? [...binds] : undefined));
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
        settle(() => reject(sqlError(error)));
      },
    );
  });
}

/**
 * The rows of a result, converted a chunk (about 2,048 rows) at a time with the event loop let run
 * in between: converting a large result at once would hold it for a quarter of a second or more,
 * and a Slack request's ack would wait behind it.
 */
async function rowsOf(result: DuckDBMaterializedResult): Promise<Row[]> {
  const convert = chunkRowsConverter(result.deduplicatedColumnNames(), result.columnTypes());
  const rows: Row[] = [];
  for (let index = 0; index < result.chunkCount; index += 1) {
    if (index > 0) await eventLoopTurn();
    convert(result.getChunk(index), rows);
  }
  return rows;
}

/** DuckDB's names for a relation or a container of them, in "Catalog Error: Table with name X does not exist!". */
const MISSING_OBJECT = /^Catalog Error: (Table|View|Schema|Catalog) with name .* does not exist/;

/** A statement DuckDB refused, coded so nothing above the adapter reads DuckDB's messages. */
function sqlError(error: unknown): WarehouseError {
  const message = describeSqlError(error);
  return new WarehouseError(MISSING_OBJECT.test(message) ? 'PULSE_WAREHOUSE_MISSING_OBJECT' : 'PULSE_WAREHOUSE_SQL', message, { cause: error });
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
