import { isWarehouseError } from '../warehouse/errors';
import type { Warehouse } from '../warehouse/types';
import type { Tenant } from './types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export interface LoadedTenants {
  tenants: Tenant[];
  /** Why the list is empty or incomplete, in plain words; null when all is well. */
  problem: string | null;
}

/**
 * Reads the tenants table (tenant_id, tenant_name, alert_channel). Tenants only decide who sees
 * which connection and where alerts go, so a missing or unreadable table is reported, not fatal:
 * every connection is then unassigned. A warehouse that is down or too slow still fails.
 */
export async function loadTenants(warehouse: Warehouse, tenantsTable: string): Promise<LoadedTenants> {
  const parts = tenantsTable.split('.');
  if (parts.length > 3 || !parts.every((part) => IDENTIFIER.test(part))) {
    return { tenants: [], problem: `"${tenantsTable}" is not a table name Pulse can use: is TENANTS_TABLE right?` };
  }

  let rows: Array<Record<string, unknown>>;
  try {
    rows = await warehouse.query(`SELECT tenant_id, tenant_name, alert_channel FROM ${tenantsTable}`, [], { tag: 'pulse:tenants' });
  } catch (error) {
    if (isWarehouseError(error) && error.code === 'WAREHOUSE_SQL') {
      const missing = /does not exist|not authorized/i.test(error.message);
      return {
        tenants: [],
        problem: missing
          ? `the tenants table ${tenantsTable} does not exist (or Pulse cannot read it): every connection is unassigned until it does`
          : `the tenants table ${tenantsTable} could not be read (${error.message}): it needs the columns tenant_id, tenant_name and alert_channel`,
      };
    }
    throw error;
  }
  return tenantsFromRows(tenantsTable, rows);
}

/** Pure: checks and tidies the rows; bad ones are skipped and named in `problem`. */
export function tenantsFromRows(tenantsTable: string, rows: ReadonlyArray<Record<string, unknown>>): LoadedTenants {
  const tenants: Tenant[] = [];
  const seen = new Set<string>();
  let blank = 0;
  const duplicates = new Set<string>();
  for (const row of rows) {
    const tenantId = text(row.tenant_id);
    if (!tenantId) {
      blank += 1;
      continue;
    }
    if (seen.has(tenantId)) {
      duplicates.add(tenantId);
      continue;
    }
    seen.add(tenantId);
    tenants.push({ tenantId, tenantName: text(row.tenant_name) ?? tenantId, alertChannel: text(row.alert_channel) });
  }

  const problems: string[] = [];
  if (blank > 0) problems.push(`${blank} row${blank === 1 ? '' : 's'} without a tenant_id ${blank === 1 ? 'was' : 'were'} skipped`);
  if (duplicates.size > 0) problems.push(`tenant_id ${[...duplicates].join(', ')} appears more than once (the first row counts)`);
  if (rows.length === 0) problems.push('it has no rows: every connection is unassigned');
  return { tenants, problem: problems.length > 0 ? `the tenants table ${tenantsTable}: ${problems.join('; ')}` : null };
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}
