import type { Row } from '../types';

type Scalar = Row[string];

/** What Pulse needs to know of a result column: its name and Snowflake's type for it. */
export interface ResultColumn {
  name: string;
  /** Snowflake's type as the driver reports it: `fixed`, `real`, `text`, `boolean`, `date`, `timestamp_ntz`, `variant`… */
  type: string;
}

/**
 * Turns the driver's rows into the engine-neutral {@link Row}: lower-case keys (Snowflake folds
 * unquoted names to upper case), numbers, booleans, ISO-8601 UTC strings for timestamps,
 * `YYYY-MM-DD` for dates and JSON text for VARIANT/OBJECT/ARRAY, the same as the DuckDB adapter.
 */
export function normalizeSnowflakeRows(rows: readonly Record<string, unknown>[], columns: readonly ResultColumn[] | undefined): Row[] {
  return rows.map((row) => normalizeSnowflakeRow(row, columns));
}

export function normalizeSnowflakeRow(row: Record<string, unknown>, columns: readonly ResultColumn[] | undefined): Row {
  const out: Row = {};
  if (columns && columns.length > 0) {
    for (const column of columns) out[column.name.toLowerCase()] = normalizeSnowflakeValue(row[column.name], column.type);
  } else {
    for (const [key, value] of Object.entries(row)) out[key.toLowerCase()] = normalizeSnowflakeValue(value, null);
  }
  return out;
}

export function normalizeSnowflakeValue(value: unknown, type: string | null): Scalar {
  if (value === null || value === undefined) return null;
  switch (type?.toLowerCase()) {
    case 'fixed':
    case 'real':
      return toNumber(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value).toUpperCase() === 'TRUE' || value === 1 || value === '1';
    case 'date':
      return value instanceof Date ? isoDate(value) : String(value);
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return value instanceof Date ? isoTimestamp(value) : String(value);
    case 'variant':
    case 'object':
    case 'array':
    case 'map':
      // The driver has parsed the JSON; write it back compactly (a VARIANT string stays quoted JSON).
      return JSON.stringify(value instanceof Map ? Object.fromEntries(value) : value) ?? null;
    case 'binary':
      return Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : String(value);
    case 'text':
    case 'time':
      return String(value);
    default:
      return fromJsValue(value);
  }
}

function toNumber(value: unknown): Scalar {
  const number = typeof value === 'number' ? value : Number(typeof value === 'bigint' ? value : String(value));
  // NaN and ±Infinity have no JSON form; keep their spelling rather than inventing a number.
  return Number.isFinite(number) ? number : String(value);
}

function isoTimestamp(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString();
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString().slice(0, 10);
}

function fromJsValue(value: unknown): Scalar {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return toNumber(value);
  if (value instanceof Date) return isoTimestamp(value);
  if (Buffer.isBuffer(value)) return value.toString('hex').toUpperCase();
  if (typeof value === 'object') return JSON.stringify(value) ?? null;
  return String(value);
}
