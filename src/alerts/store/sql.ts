import type { Bind, Row, Warehouse } from '../../warehouse/types';

/**
 * SQL helpers in the subset Snowflake and DuckDB share. Timestamps are bound as ISO strings and
 * cast in SQL; writes that concern several rows go in one statement per chunk, never one per row.
 */

/** Runs one statement, tagged `pulse:alerts:<tag>` in the warehouse's query history. */
export type RunSql = (sql: string, binds: readonly Bind[], tag: string) => Promise<Row[]>;

export function sqlRunner(warehouse: Warehouse): RunSql {
  return (sql, binds, tag) => warehouse.query(sql, binds, { tag: `pulse:alerts:${tag}` });
}

/** Rows per statement: keeps bind counts well inside what either engine accepts. */
const CHUNK = 200;

/** The statuses of an incident someone can still act on. */
export const ACTIVE = "('open', 'acknowledged', 'snoozed')";

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** A LIMIT that is interpolated into SQL: always a whole number in range. */
export function boundedLimit(value: number | undefined, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.max(1, Math.min(max, Math.floor(value as number))) : fallback;
}

/** A derived table of bound rows, typed by its first row: `SELECT CAST(? AS T) AS c … UNION ALL …`. */
export function boundRows(columns: ReadonlyArray<readonly [name: string, type: string]>, rowCount: number): string {
  const first = `SELECT ${columns.map(([name, type]) => `CAST(? AS ${type}) AS ${name}`).join(', ')}`;
  const rest = `SELECT ${columns.map(([, type]) => `CAST(? AS ${type})`).join(', ')}`;
  return [first, ...Array.from({ length: rowCount - 1 }, () => rest)].join(' UNION ALL ');
}
