import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';

export type StopReason = 'abort' | 'statementTimeout';

export interface RunningQuery {
  /** Interrupts the query inside DuckDB; its result then rejects with {@link QueryStopped}. */
  stop(reason: StopReason): void;
  readonly result: Promise<DuckDBResultReader>;
}

export class QueryStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`query stopped: ${reason}`);
  }
}

/**
 * Runs statements on DuckDB, each on a connection of its own at that moment, so an abort interrupts
 * exactly the statement it names. Connections are pooled: creating one per statement costs more
 * than the statements Pulse sends.
 */
export class DuckDbEngine {
  private readonly idle: DuckDBConnection[] = [];
  private readonly running = new Set<RunningQuery>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly ownsInstance: boolean,
  ) {}

  static async open(database: string | DuckDBInstance | undefined): Promise<DuckDbEngine> {
    if (database instanceof DuckDBInstance) return new DuckDbEngine(database, false);
    // One thread: the stand-in shares a small machine with the tests that drive it.
    const instance = await DuckDBInstance.create(database ?? ':memory:', { threads: '1' });
    return new DuckDbEngine(instance, true);
  }

  /** How many statements `sql` holds, so several in one request can be refused as Snowflake does. */
  async countStatements(sql: string): Promise<number> {
    const connection = await this.acquire();
    try {
      return (await connection.extractStatements(sql)).count;
    } finally {
      this.release(connection);
    }
  }

  start(sql: string, values: DuckDBValue[]): RunningQuery {
    let stopReason: StopReason | null = null;
    let connection: DuckDBConnection | null = null;
    let finished = false;
    let repeat: NodeJS.Timeout | null = null;

    const result = (async () => {
      connection = await this.acquire();
      try {
        if (stopReason) throw new QueryStopped(stopReason);
        return await connection.runAndReadAll(sql, values);
      } catch (error) {
        if (stopReason) throw new QueryStopped(stopReason);
        throw error;
      } finally {
        finished = true;
        if (repeat) clearInterval(repeat);
        this.release(connection);
      }
    })();

    const query: RunningQuery = {
      result,
      stop: (reason) => {
        if (finished || stopReason) return;
        stopReason = reason;
        // An interrupt that lands between two statements on the connection is lost: repeat it
        // until the query has really stopped.
        const interrupt = () => connection?.interrupt();
        interrupt();
        repeat = setInterval(interrupt, 20);
      },
    };
    this.running.add(query);
    void result.catch(() => undefined).finally(() => this.running.delete(query));
    return query;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const query of this.running) query.stop('abort');
    await Promise.allSettled([...this.running].map((query) => query.result));
    for (const connection of this.idle.splice(0)) connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the stand-in is closed');
    const pooled = this.idle.pop();
    if (pooled) return pooled;
    const connection = await this.instance.connect();
    // Naive timestamps are UTC, as Snowflake's TIMESTAMP_NTZ is read by Pulse.
    await connection.run("SET TimeZone='UTC'");
    return connection;
  }

  private release(connection: DuckDBConnection | null): void {
    if (!connection) return;
    if (this.closed) connection.closeSync();
    else this.idle.push(connection);
  }
}
