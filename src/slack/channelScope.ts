import type { Tenant } from '../fivetran/types';
import type { PulseServices } from '../jobs/services';

/** What one Slack channel may see. */
export type ChannelScope =
  | { kind: 'all' }
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'none'; reason: string };

export interface ChannelRef {
  id: string;
  name?: string | null;
}

const normalise = (channel: string) => channel.trim().replace(/^#/, '').toLowerCase();

function sameChannel(configured: string, channel: ChannelRef): boolean {
  const wanted = normalise(configured);
  return wanted === channel.id.toLowerCase() || (channel.name !== undefined && channel.name !== null && wanted === normalise(channel.name));
}

/**
 * A tenant's own channel shows that tenant only, whatever is typed there. With OPS_CHANNELS set,
 * every other channel that is no tenant's sees nothing; without it, every other channel is an
 * ops channel.
 */
export function channelScope(channel: ChannelRef, tenants: readonly Tenant[], opsChannels: readonly string[] | null): ChannelScope {
  const owner = tenants.find((t) => t.alertChannel !== null && sameChannel(t.alertChannel, channel));
  if (owner) return { kind: 'tenant', tenant: owner };
  if (opsChannels === null || opsChannels.some((c) => sameChannel(c, channel))) return { kind: 'all' };
  return { kind: 'none', reason: 'This channel is neither an ops channel nor a tenant\'s channel, so Pulse shows nothing here. Ask in an ops channel, or add this channel to OPS_CHANNELS.' };
}

/** Whether an alert of this tenant (null: about all tenants, such as stale monitoring data) may be seen and acted on here. */
export function scopeAllowsTenant(scope: ChannelScope, tenantId: string | null): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return tenantId !== null && tenantId.toLowerCase() === scope.tenant.tenantId.toLowerCase();
}

/** Where the channel may look, resolved once per request. */
export async function scopeOf(services: PulseServices, channel: ChannelRef): Promise<ChannelScope> {
  return channelScope(channel, await services.monitor.tenants(), services.config.slack.opsChannels);
}
