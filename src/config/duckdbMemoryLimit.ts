/**
 * DUCKDB_MEMORY_LIMIT: a memory size in DuckDB's own syntax, checked here with the rest of the
 * configuration and handed to DuckDB when a file opens (`warehouse/duckdbFileHandle`).
 */

/**
 * DuckDB's own default is 80 % of the machine's memory: a full read over 10,000 connections then
 * peaked at 1.9 GB of RSS. Under 1GB it peaked at 1.2 GB for the same CPU time (DuckDB kept fewer of
 * the file's blocks cached). Tighter limits cost CPU: under 256MB its window sorts spilled 450 MB
 * to the folder beside the file (`<file>.tmp`, removed when the file closes) and took half as long again.
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT = '1GB';

/** Below this DuckDB fails even small statements: a limit under it is a configuration mistake. */
const MINIMUM_BYTES = 64 * 1000 ** 2;

/** What DUCKDB_MEMORY_LIMIT expects, in the words a configuration error gives. */
export const DUCKDB_MEMORY_LIMIT_EXPECTED = 'a memory size of at least 64MB, such as 1GB, 512MB or 2GiB (KB, MB, GB, TB in powers of 1000; KiB, MiB, GiB, TiB in powers of 1024)';

const UNITS: Record<string, number> = {
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * The bytes a memory size in DuckDB's syntax stands for, or null for anything else. Only what
 * DuckDB reads the same way when the database opens: no bare numbers (DuckDB refuses them), no
 * percentages (DuckDB refuses them at open), no single-letter units.
 */
export function memoryLimitBytes(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b)$/i.exec(text.trim());
  if (!match) return null;
  const bytes = Number(match[1]) * (UNITS[(match[2] as string).toLowerCase()] as number);
  return bytes >= MINIMUM_BYTES ? bytes : null;
}
