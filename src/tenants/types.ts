export interface Tenant {
  tenantId: string;
  tenantName: string;
  /** The tenant's own Slack channel, when it has one. */
  alertChannel: string | null;
}

/** Columns a tenants table may leave out: tenants still load, with less to go on. */
export const OPTIONAL_TENANT_COLUMNS = ['tenant_name', 'alert_channel'] as const;
export type OptionalTenantColumn = (typeof OPTIONAL_TENANT_COLUMNS)[number];
