/**
 * The one seam between Pulse and a warehouse. Everything above it is engine-agnostic and written
 * once, in the SQL subset both Snowflake and DuckDB accept.
 */

/** A bind value. Timestamps are bound as ISO strings and cast in SQL (`?::TIMESTAMP`). */
export type Bind = string | number | boolean | null;

/**
 * A result row: lower-case keys and plain JS values, the same from both engines.
 * Timestamps are ISO-8601 strings in UTC (`2026-11-26T08:00:00.000Z`), integers and decimals are
 * numbers, booleans are booleans, VARIANT/JSON values are their JSON text.
 */
export type Row = Record<string, string | number | boolean | null>;

export interface QueryOptions {
  /** Names the statement in the warehouse's query history (Snowflake QUERY_TAG), e.g. `pulse:snapshot`. */
  tag: string;
  /** Overrides the configured deadline for this statement, in milliseconds. */
  deadlineMs?: number;
}

export type WarehouseEngine = 'duckdb' | 'snowflake';

export interface Warehouse {
  readonly engine: WarehouseEngine;
  /** Runs one statement. Rejects with a {@link WarehouseError} only. */
  query<T extends Row = Row>(sql: string, binds?: readonly Bind[], options?: QueryOptions): Promise<T[]>;
  /** A cheap round trip (`SELECT 1`) for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
