import type { Tenant } from '../fivetran/types';
import { findTenant } from '../health/matchTenant';
import { findConnection, scopeToTenant } from '../health/scope';
import type { Assessment, ConnectionAssessment } from '../health/types';
import { closeMatches } from '../text/closeMatches';
import { nameList } from '../text/usageWords';
import { BadInput } from './badInput';
import type { CliContext } from './context';
import type { CliOptions } from './options';

/** The tenant named on the command line, or a BadInput with the close names or where to find them. */
export async function resolveTenant(context: CliContext, tenantId: string): Promise<Tenant> {
  const tenants = await context.monitor.tenants();
  const tenant = findTenant(tenantId, tenants);
  if (tenant) return tenant;
  const ids = tenants.map((t) => t.tenantId).sort((a, b) => a.localeCompare(b));
  const suggestions = closeMatches(tenantId, ids);
  const known =
    ids.length === 0
      ? ` No tenants are configured: ${context.config.tenantsTable} is missing, empty or has no tenant_id column ("npm run cli -- check" says which).`
      : suggestions.length === 0
        ? ` Tenants: ${nameList(ids)}`
        : '';
  throw new BadInput(`Unknown tenant "${tenantId}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''}${known}`);
}

/** One cycle's judgments, narrowed to --tenant when given. */
export async function judged(context: CliContext, options: CliOptions): Promise<Assessment> {
  const tenant = options.tenant ? await resolveTenant(context, options.tenant) : null;
  const { assessment } = await context.monitor.judge(options.at);
  return tenant ? scopeToTenant(assessment, tenant.tenantId) : assessment;
}

export function resolveConnection(assessment: Assessment, input: string): ConnectionAssessment {
  const lookup = findConnection(assessment.connections, input);
  if (lookup.kind === 'found') return lookup.connection;
  if (lookup.kind === 'ambiguous') {
    throw new BadInput(`"${input}" names ${lookup.matches.length} connections (in different destinations); use an id: ${lookup.matches.map((c) => `${c.connectionId} (${c.destinationName ?? c.destinationId})`).join(', ')}`);
  }
  const { suggestions } = lookup;
  throw new BadInput(`Unknown connection "${input}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ' "npm run cli -- status" lists them.'}`);
}

/** The assessment narrowed to one connection, when one is named. */
export function narrowed(assessment: Assessment, input: string | undefined): { assessment: Assessment; connectionId?: string } {
  if (input === undefined) return { assessment };
  const connection = resolveConnection(assessment, input);
  return {
    assessment: { ...assessment, connections: [connection], alerts: assessment.alerts.filter((a) => a.connectionId === connection.connectionId) },
    connectionId: connection.connectionId,
  };
}
