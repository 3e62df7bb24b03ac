export interface Tenant {
  tenantId: string;
  tenantName: string;
  /** The tenant's own Slack channel, when it has one. */
  alertChannel: string | null;
}
