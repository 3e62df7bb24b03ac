import { WarehouseError } from '../warehouse/errors';
import type { Warehouse } from '../warehouse/types';
import type { SchemaNaming } from './schemaNaming';
import { informationSchemaRead } from '../warehouse/informationSchema';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const TABLES = ['CONNECTION', 'CONNECTOR', 'LOG', 'INCREMENTAL_MAR', 'CONNECTOR_TYPE', 'DESTINATION'] as const;
const CONNECTION_REQUIRED = ['destination_id', 'paused', 'signed_up', 'sync_frequency'] as const;
const LOG_REQUIRED = ['time_stamp', 'event', 'message_event', 'message_data', 'sync_id', '_fivetran_synced'] as const;

type Columns = Map<string, Set<string>>;

/**
 * Reads which naming the Platform Connector schema holds (CONNECTION or the legacy CONNECTOR, and
 * which id and name columns) in one INFORMATION_SCHEMA query that runs on Snowflake and DuckDB.
 * A schema Pulse cannot work with is rejected with PULSE_WAREHOUSE_SCHEMA, naming what is missing.
 */
export async function detectSchemaNaming(warehouse: Warehouse, schema: string): Promise<SchemaNaming> {
  const parts = schema.split('.');
  if (parts.length < 1 || parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new WarehouseError('PULSE_WAREHOUSE_SCHEMA', `"${schema}" is not a schema name Pulse can use: is FIVETRAN_SCHEMA right? (expected FIVETRAN_LOG or MY_DB.FIVETRAN_LOG)`);
  }
  const [database, schemaName] = parts.length === 2 ? [parts[0] as string, parts[1] as string] : [null, parts[0] as string];
  const columns = await readColumns(warehouse, database, schemaName);
  return namingFromColumns(schema, columns);
}

async function readColumns(warehouse: Warehouse, database: string | null, schemaName: string): Promise<Columns> {
  const info = informationSchemaRead(warehouse.engine, database ? `${database}.${schemaName}` : schemaName, 'COLUMNS');
  const tableList = TABLES.map(() => '?').join(', ');
  const sql =
    `SELECT UPPER(table_name) AS table_name, LOWER(column_name) AS column_name FROM ${info.source} ` +
    `WHERE ${info.where} AND UPPER(table_name) IN (${tableList})`;
  const binds = [...info.binds, ...TABLES];
  const rows = await warehouse.query<{ table_name: string; column_name: string }>(sql, binds, { tag: 'pulse:detect-schema' });

  const columns: Columns = new Map();
  for (const row of rows) {
    const table = String(row.table_name);
    let set = columns.get(table);
    if (!set) columns.set(table, (set = new Set()));
    set.add(String(row.column_name));
  }
  return columns;
}

/** Pure: the naming a set of tables and columns implies, or the plain-words reason it cannot be used. */
export function namingFromColumns(schema: string, columns: Columns): SchemaNaming {
  const fail = (message: string): never => {
    throw new WarehouseError('PULSE_WAREHOUSE_SCHEMA', message);
  };
  if (columns.size === 0) {
    fail(`${schema} holds none of the Fivetran Platform Connector tables (CONNECTION, LOG…), or Pulse's role cannot see them: is FIVETRAN_SCHEMA right?`);
  }

  const connection = columns.get('CONNECTION');
  const connector = columns.get('CONNECTOR');
  const [connectionTable, connectionColumns] = connection ? (['CONNECTION', connection] as const) : connector ? (['CONNECTOR', connector] as const) : fail(`${schema} has no CONNECTION or CONNECTOR table: is FIVETRAN_SCHEMA right?`);
  const where = `${schema}.${connectionTable}`;

  const connectionIdColumn = pick(connectionColumns, ['connection_id', 'connector_id'] as const) ?? fail(`${where} has no connection_id or connector_id column`);
  const connectionNameColumn = pick(connectionColumns, ['connection_name', 'connector_name'] as const) ?? fail(`${where} has no connection_name or connector_name column`);
  const connectorTypeColumn = pick(connectionColumns, ['connector_type_id', 'connector_type'] as const) ?? fail(`${where} has no connector_type_id or connector_type column`);
  const missingConnection = CONNECTION_REQUIRED.filter((column) => !connectionColumns.has(column));
  if (missingConnection.length > 0) fail(`${where} is missing ${describeColumns(missingConnection)}`);

  const log = columns.get('LOG') ?? fail(`${schema} has no LOG table, so Pulse cannot see any sync: is FIVETRAN_SCHEMA right?`);
  const logIdColumns = (['connection_id', 'connector_id'] as const).filter((column) => log.has(column));
  if (logIdColumns.length === 0) fail(`${schema}.LOG has no connection_id or connector_id column`);
  const missingLog = LOG_REQUIRED.filter((column) => !log.has(column));
  if (missingLog.length > 0) fail(`${schema}.LOG is missing ${describeColumns(missingLog)}`);

  const mar = columns.get('INCREMENTAL_MAR');
  return {
    schema,
    connectionTable,
    connectionIdColumn,
    connectionNameColumn,
    connectorTypeColumn,
    logIdColumns: [...logIdColumns],
    marNameColumn: mar ? (pick(mar, ['connection_name', 'connector_name', 'connector_id'] as const) ?? null) : null,
    hasConnectorTypeTable: columns.has('CONNECTOR_TYPE'),
    hasDestinationTable: columns.has('DESTINATION'),
    hasDeletedColumn: connectionColumns.has('_fivetran_deleted'),
  };
}

function pick<T extends string>(available: Set<string>, preference: readonly T[]): T | undefined {
  return preference.find((column) => available.has(column));
}

function describeColumns(columns: readonly string[]): string {
  if (columns.length === 1) return `the column ${columns[0]}`;
  return `the columns ${columns.slice(0, -1).join(', ')} and ${columns[columns.length - 1]}`;
}
