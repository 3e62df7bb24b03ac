/**
 * Snowflake keeps an INFORMATION_SCHEMA in every database and lets a statement name another
 * database's (`MY_DB.INFORMATION_SCHEMA.COLUMNS`); DuckDB has a single one for all attached
 * databases and rejects the qualified form. The stand-in rewrites each qualified reference into
 * DuckDB's view narrowed to that database, so it answers what Snowflake would.
 */
const QUALIFIED = /(?<![\w$."])([A-Za-z_][A-Za-z0-9_$]*)\s*\.\s*INFORMATION_SCHEMA\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\b/gi;

/** The column naming the database in each view: SCHEMATA has catalog_name, the others table_catalog. */
function catalogColumn(view: string): string {
  return view.toUpperCase() === 'SCHEMATA' ? 'catalog_name' : 'table_catalog';
}

export function localizeInformationSchema(sql: string): string {
  return sql.replace(QUALIFIED, (_match, database: string, view: string) => {
    // Unquoted names fold to upper case in Snowflake; DuckDB keeps the catalog as the file is named.
    return `(SELECT * FROM information_schema.${view} WHERE UPPER(${catalogColumn(view)}) = '${database.toUpperCase()}')`;
  });
}
