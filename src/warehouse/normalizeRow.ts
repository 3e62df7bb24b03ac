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
  DuckDBTypeId,
  type DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { isoOfDay, isoOfMillis } from './isoText';
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

/**
 * Converts a result a chunk at a time, appending to `rows` what {@link normalizeRow} gives for
 * each of the chunk's `getRowObjects(columnNames)`, key for key and value for value. Each column's
 * key and converter are decided once from its type instead of once per cell, and values are read
 * straight from each column's vector, without a row object of DuckDB values in between.
 */
export function chunkRowsConverter(columnNames: readonly string[], columnTypes: readonly DuckDBType[]): (chunk: DuckDBDataChunk, rows: Row[]) => void {
  const columns = columnNames.flatMap((name, index) =>
    // A column named `__proto__` sets the row object's prototype instead of a key, so the row
    // objects normalizeRow reads never carry it.
    name === '__proto__' ? [] : [{ index, key: name.toLowerCase(), convert: cellConverter(columnTypes[index]) }],
  );
  return (chunk, rows) => {
    const first = rows.length;
    const count = chunk.rowCount;
    if (count === 0) return; // and asks no vector for its values, as getRowObjects would not
    for (let rowIndex = 0; rowIndex < count; rowIndex += 1) rows.push({});
    for (const { index, key, convert } of columns) {
      const vector = chunk.getColumnVector(index);
      for (let rowIndex = 0; rowIndex < count; rowIndex += 1) (rows[first + rowIndex] as Row)[key] = convert(vector.getItem(rowIndex));
    }
  };
}

type CellConverter = (value: DuckDBValue) => Scalar;

function cellConverter(type: DuckDBType | undefined): CellConverter {
  switch (type?.typeId) {
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampCell;
    default:
      return normalizeValue;
  }
}

function timestampCell(value: DuckDBValue): Scalar {
  return value === null ? null : microsToIso((value as DuckDBTimestampValue | DuckDBTimestampTZValue).micros, value);
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
  if (value instanceof DuckDBTimestampMillisecondsValue) return millisToIso(Number(value.millis), value);
  if (value instanceof DuckDBTimestampSecondsValue) return millisToIso(Number(value.seconds * 1000n), value);
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
  const exact = Number(micros);
  // Every instant from 1685 to 2255 is exact in a double, and then so is this floor division:
  // BigInt division costs several times as much, and a large result has hundreds of thousands.
  if (Number.isSafeInteger(exact)) {
    const remainder = exact % 1000;
    return millisToIso((exact - remainder) / 1000 - (remainder < 0 ? 1 : 0), original);
  }
  return millisToIso(Number(floorDiv(micros, 1000n)), original);
}

function millisToIso(millis: number, original: { toString(): string }): string {
  // ±infinity and instants beyond JS Date's range keep DuckDB's own spelling.
  return isoOfMillis(millis) ?? original.toString();
}

function dateToIso(value: DuckDBDateValue): string {
  if (value.days === DuckDBDateValue.PosInf.days) return 'infinity';
  if (value.days === DuckDBDateValue.NegInf.days) return '-infinity';
  return isoOfDay(value.days) ?? value.toString();
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
