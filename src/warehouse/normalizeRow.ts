import {
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Row } from './types';

type Scalar = Row[string];

/**
 * Turns one DuckDB row into the engine-neutral {@link Row}: lower-case keys and the plain values
 * the Snowflake adapter produces too, so nothing above the warehouse seam can tell them apart.
 */
export function normalizeRow(row: Readonly<Record<string, DuckDBValue>>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key.toLowerCase()] = normalizeValue(value);
  return out;
}

export function normalizeValue(value: DuckDBValue): Scalar {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number(value);
    default:
      break; // DuckDB's value objects, below
  }
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return microsToIso(value.micros, value);
  if (value instanceof DuckDBTimestampMillisecondsValue) return millisToIso(value.millis, value);
  if (value instanceof DuckDBTimestampSecondsValue) return millisToIso(value.seconds * 1000n, value);
  if (value instanceof DuckDBTimestampNanosecondsValue) return microsToIso(value.nanos / 1000n, value);
  if (value instanceof DuckDBDateValue) return dateToIso(value);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (isNested(value)) return JSON.stringify(toJsonValue(value));
  // UUID, TIME, INTERVAL, BLOB…: their canonical text is what Snowflake would show too.
  return value.toString();
}

/** Integer division that rounds towards minus infinity, so pre-1970 instants keep their millisecond. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function microsToIso(micros: bigint, original: { toString(): string }): string {
  return millisToIso(floorDiv(micros, 1000n), original);
}

function millisToIso(millis: bigint, original: { toString(): string }): string {
  const date = new Date(Number(millis));
  // ±infinity and instants beyond JS Date's range keep DuckDB's own spelling.
  return Number.isNaN(date.getTime()) ? original.toString() : date.toISOString();
}

function dateToIso(value: DuckDBDateValue): string {
  if (value.days === DuckDBDateValue.PosInf.days) return 'infinity';
  if (value.days === DuckDBDateValue.NegInf.days) return '-infinity';
  const date = new Date(value.days * 86_400_000);
  return Number.isNaN(date.getTime()) ? value.toString() : date.toISOString().slice(0, 10);
}

type NestedValue = DuckDBListValue | DuckDBArrayValue | DuckDBStructValue | DuckDBMapValue;
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function isNested(value: DuckDBValue): value is NestedValue {
  return value instanceof DuckDBListValue || value instanceof DuckDBArrayValue || value instanceof DuckDBStructValue || value instanceof DuckDBMapValue;
}

function toJsonValue(value: DuckDBValue): JsonValue {
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toJsonValue);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toJsonValue(v)]));
  }
  if (value instanceof DuckDBMapValue) {
    return Object.fromEntries(value.entries.map((entry) => [String(normalizeValue(entry.key)), toJsonValue(entry.value)]));
  }
  return normalizeValue(value);
}
