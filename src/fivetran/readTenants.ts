import { readCell } from '../fivetran/readCell';
import { isWarehouseError } from '../warehouse/errors';
import { informationSchemaRead, sqlIdentifier } from '../warehouse/informationSchema';
import type { Row, Warehouse } from '../warehouse/types';
import { OPTIONAL_TENANT_COLUMNS, type OptionalTenantColumn, type Tenant } from './types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export interface LoadedTenants {
  tenants: Tenant[];
  /** Why the list is empty or incomplete, in plain words; null when all is well. */
  problem: string | null;
  /** Optional columns the table does not have. */
  missingColumns: OptionalTenantColumn[];
}

interface FoundTable {
  /** The table as written in SQL: the names INFORMATION_SCHEMA gave, quoted where needed. */
  reference: string;
  /** Lower-case column name to the column's own name. */
  columns: Map<string, string>;
  /** In the table's order. */
  columnNames: string[];
}

/**
 * Reads the tenants table: tenant_id is required, tenant_name and alert_channel are optional.
 * Its columns are looked up in INFORMATION_SCHEMA first, whatever their letter case, so a table
 * without the optional ones still gives its tenants. Tenants only decide who sees which connection
 * and where alerts go, so a missing or unusable table is reported, not fatal: every connection is
 * then unassigned. A warehouse that is down or too slow still fails.
 */
export async function readTenants(warehouse: Warehouse, tenantsTable: string): Promise<LoadedTenants> {
  const parts = tenantsTable.split('.');
  if (parts.length > 3 || !parts.every((part) => IDENTIFIER.test(part))) {
    return { tenants: [], problem: `"${tenantsTable}" is not a table name Pulse can use: is TENANTS_TABLE right?`, missingColumns: [] };
  }
  const unusable = (problem: string): LoadedTenants => ({ tenants: [], problem: `the tenants table ${tenantsTable} ${problem}`, missingColumns: [] });

  let rows: Row[];
  let missingColumns: OptionalTenantColumn[];
  try {
    const found = await findTable(warehouse, parts);
    if (!found) return unusable('does not exist (or Pulse cannot read it): every connection is unassigned until it does');
    const idColumn = found.columns.get('tenant_id');
    if (!idColumn) {
      return unusable(`has no tenant_id column (its columns: ${found.columnNames.join(', ')}): every connection is unassigned until it has one`);
    }
    missingColumns = OPTIONAL_TENANT_COLUMNS.filter((column) => !found.columns.has(column));
    const selected = [`${sqlIdentifier(idColumn)} AS tenant_id`];
    for (const column of OPTIONAL_TENANT_COLUMNS) {
      const own = found.columns.get(column);
      if (own) selected.push(`${sqlIdentifier(own)} AS ${column}`);
    }
    rows = await warehouse.query(`SELECT ${selected.join(', ')} FROM ${found.reference}`, [], { tag: 'pulse:tenants' });
  } catch (error) {
    if (isWarehouseError(error) && error.code === 'PULSE_WAREHOUSE_MISSING_OBJECT') {
      return unusable('does not exist (or Pulse cannot read it): every connection is unassigned until it does');
    }
    if (isWarehouseError(error) && error.code === 'PULSE_WAREHOUSE_SQL') {
      return unusable(`could not be read (${error.message}): every connection is unassigned until it can`);
    }
    throw error;
  }
  return { ...tenantsFromRows(tenantsTable, rows), missingColumns };
}

/**
 * The table TENANTS_TABLE names and its columns, with any letter case: on Snowflake a table made as
 * "Tenants" is not the TENANTS an unquoted name means. Where several spellings exist, the one
 * written wins, then Snowflake's upper-case fold. Null when the role sees no such table.
 */
async function findTable(warehouse: Warehouse, parts: readonly string[]): Promise<FoundTable | null> {
  const table = parts[parts.length - 1] as string;
  const schemaParts = parts.slice(0, -1);
  const info = informationSchemaRead(warehouse.engine, schemaParts.length > 0 ? schemaParts.join('.') : null, 'COLUMNS');
  const rows = await warehouse.query<{ table_schema: string; table_name: string; column_name: string }>(
    `SELECT table_schema, table_name, column_name FROM ${info.source} WHERE ${info.where} AND UPPER(table_name) = ? ORDER BY ordinal_position`,
    [...info.binds, table.toUpperCase()],
    { tag: 'pulse:tenants' },
  );

  const tables = new Map<string, { schema: string; name: string; columns: string[] }>();
  for (const row of rows) {
    const key = `${row.table_schema}\u0000${row.table_name}`;
    let entry = tables.get(key);
    if (!entry) tables.set(key, (entry = { schema: String(row.table_schema), name: String(row.table_name), columns: [] }));
    entry.columns.push(String(row.column_name));
  }
  const written = schemaParts[schemaParts.length - 1];
  const rank = (candidate: { schema: string; name: string }) => spelling(candidate.name, table) * 3 + (written ? spelling(candidate.schema, written) : 0);
  const chosen = [...tables.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))[0];
  if (!chosen) return null;

  const columns = new Map<string, string>();
  for (const column of chosen.columns) {
    const known = columns.get(column.toLowerCase());
    // Two spellings of one name (Snowflake allows it): the one an unquoted name means.
    if (known === undefined || (known !== known.toUpperCase() && column === column.toUpperCase())) columns.set(column.toLowerCase(), column);
  }
  // The database is kept as written: INFORMATION_SCHEMA was read in it, by that very name.
  const reference = [...parts.slice(0, -2), ...(written ? [sqlIdentifier(chosen.schema)] : []), sqlIdentifier(chosen.name)].join('.');
  return { reference, columns, columnNames: chosen.columns };
}

/** 0 when `name` is spelled as written, 1 as Snowflake folds an unquoted name, 2 otherwise. */
function spelling(name: string, written: string): number {
  return name === written ? 0 : name === written.toUpperCase() ? 1 : 2;
}

/** Pure: checks and tidies the rows; bad ones are skipped and named in `problem`. */
export function tenantsFromRows(tenantsTable: string, rows: ReadonlyArray<Record<string, unknown>>): Omit<LoadedTenants, 'missingColumns'> {
  const tenants: Tenant[] = [];
  const seen = new Set<string>();
  let blank = 0;
  const duplicates = new Set<string>();
  for (const row of rows) {
    const tenantId = readCell.trimmedText(row.tenant_id);
    if (!tenantId) {
      blank += 1;
      continue;
    }
    if (seen.has(tenantId)) {
      duplicates.add(tenantId);
      continue;
    }
    seen.add(tenantId);
    tenants.push({ tenantId, tenantName: readCell.trimmedText(row.tenant_name) ?? tenantId, alertChannel: readCell.trimmedText(row.alert_channel) });
  }

  const problems: string[] = [];
  if (blank > 0) problems.push(`${blank} row${blank === 1 ? '' : 's'} without a tenant_id ${blank === 1 ? 'was' : 'were'} skipped`);
  if (duplicates.size > 0) problems.push(`tenant_id ${[...duplicates].join(', ')} appears more than once (the first row counts)`);
  if (rows.length === 0) problems.push('it has no rows: every connection is unassigned');
  return { tenants, problem: problems.length > 0 ? `the tenants table ${tenantsTable}: ${problems.join('; ')}` : null };
}
