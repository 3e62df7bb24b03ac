import type { Alert } from '../health/types';
import type { Tenant } from '../fivetran/types';

/**
 * Where an alert goes: always the ops channel, and its tenant's own channel when it has one.
 */
export function alertChannelsFor(opsChannel: string, tenants: readonly Tenant[]): (alert: Alert) => string[] {
  const channelByTenant = new Map(tenants.map((tenant) => [tenant.tenantId, tenant.alertChannel]));
  return (alert) => {
    const channels = [opsChannel];
    const own = alert.tenantId ? channelByTenant.get(alert.tenantId) : null;
    if (own && own !== opsChannel) channels.push(own);
    return channels;
  };
}
