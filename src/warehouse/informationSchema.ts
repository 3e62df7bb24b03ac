import type { Bind, WarehouseEngine } from './types';

export interface InformationSchemaRead {
  /** The view to select from. */
  source: string;
  /** A condition on table_catalog (and table_schema when a schema is named), with its binds. */
  where: string;
  binds: Bind[];
}

const CURRENT_CATALOG = 'UPPER(table_catalog) = UPPER(CURRENT_DATABASE())';

/**
 * Where INFORMATION_SCHEMA.<view> describes a schema that may be database-qualified (DB.SCHEMA).
 * Snowflake keeps one per database (DB.INFORMATION_SCHEMA); DuckDB has one for all attached
 * databases and rejects the qualified form, so there the database is only a filter.
 * With `anySchema`, every schema of that database; with a null schema, the session's current one
 * (where an unqualified table name resolves).
 */
export function informationSchemaRead(engine: WarehouseEngine, qualifiedSchema: string | null, view: 'TABLES' | 'COLUMNS', anySchema = false): InformationSchemaRead {
  if (qualifiedSchema === null) {
    return { source: `INFORMATION_SCHEMA.${view}`, where: anySchema ? CURRENT_CATALOG : `${CURRENT_CATALOG} AND UPPER(table_schema) = UPPER(CURRENT_SCHEMA())`, binds: [] };
  }
  const parts = qualifiedSchema.split('.');
  const [database, schema] = parts.length === 2 ? [parts[0] as string, parts[1] as string] : [null, parts[0] as string];
  const source = database && engine === 'snowflake' ? `${database}.INFORMATION_SCHEMA.${view}` : `INFORMATION_SCHEMA.${view}`;
  const catalog = database ? 'UPPER(table_catalog) = ?' : CURRENT_CATALOG;
  return {
    source,
    where: anySchema ? catalog : `${catalog} AND UPPER(table_schema) = ?`,
    binds: [...(database ? [database.toUpperCase()] : []), ...(anySchema ? [] : [schema.toUpperCase()])],
  };
}

/**
 * A name found in INFORMATION_SCHEMA, written so both engines resolve it to that very object.
 * Snowflake folds unquoted names to upper case, so any other spelling ("Tenants", tenant_id made
 * quoted in lower case) must be quoted; DuckDB matches names case-insensitively either way.
 */
export function sqlIdentifier(name: string): string {
  return /^[A-Z_][A-Z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
