import {
  DuckDBTypeId,
  StatementType,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
  type Json,
} from '@duckdb/node-api';

/**
 * Encodes DuckDB results the way Snowflake's JSON result format does, so the real driver decodes
 * them with its own code: every cell is a string (or null) and the column's `rowtype` says how to
 * read it.
 */

export type SnowflakeColumnType =
  | 'text'
  | 'fixed'
  | 'real'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'timestamp_tz'
  | 'variant'
  | 'object'
  | 'array'
  | 'binary';

export interface RowType {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: SnowflakeColumnType;
  nullable: boolean;
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  collation: null;
}

export interface EncodedResult {
  rowtype: RowType[];
  rowset: (string | null)[][];
  /** Snowflake's statement type id, for `getNumUpdatedRows` and friends. */
  statementTypeId: number;
}

export interface EncodeOptions {
  /** How a DuckDB TIMESTAMPTZ column is presented; both name an instant. */
  timestampTzAs: 'timestamp_tz' | 'timestamp_ltz';
  /** Aliases the statement quoted: Snowflake keeps their case, and upper-cases the rest. */
  quotedIdentifiers: ReadonlySet<string>;
}

const TEXT_LENGTH = 16_777_216;
const TIMESTAMP_SCALE = 9;

/** Statement type ids as Snowflake reports them. */
const STATEMENT_TYPE_IDS = { select: 0x1000, dml: 0x3000, insert: 0x3100, update: 0x3200, delete: 0x3300, merge: 0x3400, ddl: 0x6000 };

export function encodeResult(reader: DuckDBResultReader, options: EncodeOptions): EncodedResult {
  switch (reader.statementType) {
    case StatementType.INSERT:
      return countResult(['number of rows inserted'], [reader.rowsChanged], STATEMENT_TYPE_IDS.insert);
    case StatementType.UPDATE:
      return countResult(['number of rows updated', 'number of multi-joined rows updated'], [reader.rowsChanged, 0], STATEMENT_TYPE_IDS.update);
    case StatementType.DELETE:
      return countResult(['number of rows deleted'], [reader.rowsChanged], STATEMENT_TYPE_IDS.delete);
    case StatementType.MERGE_INTO:
      return countResult(['number of rows affected'], [reader.rowsChanged], STATEMENT_TYPE_IDS.merge);
    case StatementType.SELECT:
    case StatementType.EXPLAIN:
    case StatementType.PRAGMA:
    case StatementType.CALL:
      return selectResult(reader, options);
    default:
      return statusResult('Statement executed successfully.');
  }
}

export function statusResult(message: string): EncodedResult {
  return { rowtype: [column('status', 'text', { length: TEXT_LENGTH, byteLength: TEXT_LENGTH })], rowset: [[message]], statementTypeId: STATEMENT_TYPE_IDS.ddl };
}

function countResult(names: string[], counts: number[], statementTypeId: number): EncodedResult {
  return {
    rowtype: names.map((name) => column(name, 'fixed', { precision: 19, scale: 0 })),
    rowset: [counts.map(String)],
    statementTypeId,
  };
}

function selectResult(reader: DuckDBResultReader, options: EncodeOptions): EncodedResult {
  const types = reader.columnTypes();
  const names = reader.columnNames();
  const rowtype = types.map((type, index) => describeColumn(snowflakeName(names[index] ?? `COLUMN${index + 1}`, options), type, options));
  const nested = types.some((type) => isNested(type));
  const json = nested ? reader.getRowsJson() : null;
  const rowset = reader.getRows().map((row, rowIndex) =>
    row.map((value, columnIndex) => encodeCell(value, types[columnIndex] as DuckDBType, options, () => json?.[rowIndex]?.[columnIndex] ?? null)),
  );
  return { rowtype, rowset, statementTypeId: STATEMENT_TYPE_IDS.select };
}

export function snowflakeName(name: string, options: Pick<EncodeOptions, 'quotedIdentifiers'>): string {
  return options.quotedIdentifiers.has(name) ? name : name.toUpperCase();
}

/**
 * Column aliases written `AS "Name"`: Snowflake keeps their case and upper-cases every unquoted
 * name. (A quoted column reference without an alias is upper-cased here; Pulse does not write one.)
 */
export function quotedIdentifiersOf(sqlText: string): Set<string> {
  const names = new Set<string>();
  for (const match of sqlText.matchAll(/\bAS\s+"((?:[^"]|"")+)"/gi)) names.add((match[1] as string).replace(/""/g, '"'));
  return names;
}

function column(name: string, type: SnowflakeColumnType, extra: Partial<RowType> = {}): RowType {
  return { name, database: '', schema: '', table: '', type, nullable: true, precision: null, scale: null, length: null, byteLength: null, collation: null, ...extra };
}

function isNested(type: DuckDBType): boolean {
  return [DuckDBTypeId.LIST, DuckDBTypeId.ARRAY, DuckDBTypeId.STRUCT, DuckDBTypeId.MAP].includes(type.typeId);
}

function describeColumn(name: string, type: DuckDBType, options: EncodeOptions): RowType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return column(name, 'boolean');
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      // Snowflake's integers are all NUMBER(38,0).
      return column(name, 'fixed', { precision: 38, scale: 0 });
    case DuckDBTypeId.DECIMAL: {
      const decimal = type;
      return column(name, 'fixed', { precision: decimal.width, scale: decimal.scale });
    }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return column(name, 'real');
    case DuckDBTypeId.DATE:
      return column(name, 'date');
    case DuckDBTypeId.TIME:
      return column(name, 'time', { scale: TIMESTAMP_SCALE });
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return column(name, 'timestamp_ntz', { scale: TIMESTAMP_SCALE });
    case DuckDBTypeId.TIMESTAMP_TZ:
      return column(name, options.timestampTzAs, { scale: TIMESTAMP_SCALE });
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return column(name, 'array');
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return column(name, 'object');
    case DuckDBTypeId.VARCHAR:
      if (type.alias === 'JSON') return column(name, 'variant');
      return column(name, 'text', { length: TEXT_LENGTH, byteLength: TEXT_LENGTH });
    default:
      return column(name, 'text', { length: TEXT_LENGTH, byteLength: TEXT_LENGTH });
  }
}

function encodeCell(value: DuckDBValue, type: DuckDBType, options: EncodeOptions, json: () => Json): string | null {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return value ? '1' : '0';
    case DuckDBTypeId.DECIMAL: {
      const decimal = value as { value: bigint; scale: number };
      return formatScaled(decimal.value, decimal.scale);
    }
    case DuckDBTypeId.DATE:
      return String((value as { days: number }).days);
    case DuckDBTypeId.TIME:
      return formatScaled((value as { micros: bigint }).micros * 1000n, TIMESTAMP_SCALE);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return withZone(formatScaled((value as { micros: bigint }).micros * 1000n, TIMESTAMP_SCALE), type, options);
    case DuckDBTypeId.TIMESTAMP_S:
      return formatScaled((value as { seconds: bigint }).seconds * 1_000_000_000n, TIMESTAMP_SCALE);
    case DuckDBTypeId.TIMESTAMP_MS:
      return formatScaled((value as { millis: bigint }).millis * 1_000_000n, TIMESTAMP_SCALE);
    case DuckDBTypeId.TIMESTAMP_NS:
      return formatScaled((value as { nanos: bigint }).nanos, TIMESTAMP_SCALE);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return JSON.stringify(json());
    default:
      return String(value);
  }
}

/** TIMESTAMP_TZ cells carry their offset as minutes + 1440; a DuckDB instant is always at UTC. */
function withZone(epoch: string, type: DuckDBType, options: EncodeOptions): string {
  return type.typeId === DuckDBTypeId.TIMESTAMP_TZ && options.timestampTzAs === 'timestamp_tz' ? `${epoch} 1440` : epoch;
}

/** `1250n` at scale 2 → "12.50": a plain decimal, which is how Snowflake writes NUMBER and epoch cells. */
export function formatScaled(scaled: bigint, scale: number): string {
  if (scale === 0) return scaled.toString();
  const factor = 10n ** BigInt(scale);
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const whole = magnitude / factor;
  const fraction = (magnitude % factor).toString().padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
