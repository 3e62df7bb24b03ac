import { messageOf } from '../errors/messageOf';
import { WarehouseError } from './errors';

/**
 * DuckDB's "Out of Memory Error" in Pulse's words: what the statement needed did not fit the limit
 * even with spilling (some of DuckDB's work cannot spill). DuckDB's own advice ("SET memory_limit")
 * is for its shell; in Pulse the limit is DUCKDB_MEMORY_LIMIT. Null for any other failure.
 */
export function outOfMemoryError(error: unknown, memoryLimit: string): WarehouseError | null {
  const message = messageOf(error);
  if (!/Out of Memory Error/i.test(message)) return null;
  // DuckDB's reason ("failed to allocate data of size 32.0 MiB (32.2 MiB/61.0 MiB used)"), without its advice.
  const reason = (/Out of Memory Error: (.*?)(?:\s*Possible solutions:|\n|$)/is.exec(message)?.[1] ?? '').trim();
  return new WarehouseError(
    'PULSE_WAREHOUSE_SQL',
    `DuckDB ran out of memory under its limit of ${memoryLimit} (DUCKDB_MEMORY_LIMIT), even spilling to disk${reason ? `: ${reason}` : ''}. Raise DUCKDB_MEMORY_LIMIT`,
    { cause: error },
  );
}
