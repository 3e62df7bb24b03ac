import type { DuckDBValue } from '@duckdb/node-api';

/** One bind as the driver sends it: a Snowflake type name and the value as text. */
export interface SnowflakeBind {
  type: string;
  value: string | null;
}

export class BindError extends Error {}

/** `bindings: {"1": {type, value}, "2": …}` in placeholder order. */
export function orderedBinds(bindings: unknown): SnowflakeBind[] {
  if (bindings === undefined || bindings === null) return [];
  if (typeof bindings !== 'object') throw new BindError('bindings must be an object keyed by position');
  const entries = Object.entries(bindings as Record<string, unknown>).map(([key, bind]) => {
    const position = Number(key);
    if (!Number.isInteger(position) || position < 1) throw new BindError(`bind position "${key}" is not a positive integer`);
    if (typeof bind !== 'object' || bind === null) throw new BindError(`bind ${key} is not an object`);
    const { type, value } = bind as { type?: unknown; value?: unknown };
    if (typeof type !== 'string') throw new BindError(`bind ${key} has no type`);
    if (Array.isArray(value)) throw new BindError('array binding (multi-row insert) is not supported by the stand-in');
    if (value !== null && typeof value !== 'string') throw new BindError(`bind ${key} value must be text or null`);
    return { position, bind: { type, value } };
  });
  entries.sort((a, b) => a.position - b.position);
  entries.forEach((entry, index) => {
    if (entry.position !== index + 1) throw new BindError(`bind ${index + 1} is missing`);
  });
  return entries.map((entry) => entry.bind);
}

/** The DuckDB value for a Snowflake bind; DuckDB then casts it to what the placeholder needs. */
export function toDuckDbValue(bind: SnowflakeBind): DuckDBValue {
  if (bind.value === null) return null;
  switch (bind.type.toUpperCase()) {
    case 'FIXED':
      return /^-?\d+$/.test(bind.value) ? BigInt(bind.value) : Number(bind.value);
    case 'REAL':
      return Number(bind.value);
    case 'BOOLEAN':
      return bind.value.toLowerCase() === 'true' || bind.value === '1';
    case 'TEXT':
    case 'VARIANT':
    case 'OBJECT':
    case 'ARRAY':
    case 'DATE':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
    case 'TIME':
      return bind.value;
    default:
      throw new BindError(`unsupported bind type ${bind.type}`);
  }
}
