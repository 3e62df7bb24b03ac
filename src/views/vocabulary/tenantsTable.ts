import type { OptionalTenantColumn } from '../../fivetran/types';

const WITHOUT: Record<OptionalTenantColumn, string> = {
  tenant_name: 'no tenant_name column, so tenants are named by their tenant_id',
  alert_channel: 'no alert_channel column, so alerts go to the ops channel only',
};

/** What the missing optional columns mean, in plain words; null when none is missing. */
export function missingColumnsNote(missing: readonly OptionalTenantColumn[]): string | null {
  return missing.length === 0 ? null : missing.map((column) => WITHOUT[column]).join('; ');
}

/** "4 tenants; no alert_channel column, so …": what `check` says of the tenants table. */
export function describeTenantsTable(reading: { count: number; missingColumns: readonly OptionalTenantColumn[] }): string {
  const note = missingColumnsNote(reading.missingColumns);
  const count = reading.count === 0 ? 'none' : `${reading.count} tenant${reading.count === 1 ? '' : 's'}`;
  return `${count}${note ? `; ${note}` : ''}`;
}
