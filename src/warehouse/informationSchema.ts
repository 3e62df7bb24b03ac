import type { Bind, WarehouseEngine } from './types';

export interface InformationSchemaRead {
  /** The view to select from. */
  source: string;
  /** A condition on table_catalog (and table_schema when a schema is named), with its binds. */
  where: string;
  binds: Bind[];
}

/**
 * Where INFORMATION_SCHEMA.<view> describes a schema that may be database-qualified (DB.SCHEMA).
 * Snowflake keeps one per database (DB.INFORMATION_SCHEMA); DuckDB has one for all attached
 * databases and rejects the qualified form, so there the database is only a filter.
 * With `anySchema`, every schema of that database.
 */
export function informationSchemaRead(engine: WarehouseEngine, qualifiedSchema: string, view: 'TABLES' | 'COLUMNS', anySchema = false): InformationSchemaRead {
  const parts = qualifiedSchema.split('.');
  const [database, schema] = parts.length === 2 ? [parts[0] as string, parts[1] as string] : [null, parts[0] as string];
  const source = database && engine === 'snowflake' ? `${database}.INFORMATION_SCHEMA.${view}` : `INFORMATION_SCHEMA.${view}`;
  const catalog = database ? 'UPPER(table_catalog) = ?' : 'UPPER(table_catalog) = UPPER(CURRENT_DATABASE())';
  return {
    source,
    where: anySchema ? catalog : `${catalog} AND UPPER(table_schema) = ?`,
    binds: [...(database ? [database.toUpperCase()] : []), ...(anySchema ? [] : [schema.toUpperCase()])],
  };
}
