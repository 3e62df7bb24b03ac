import { readFiringAlerts } from '../alerts/readFiringAlerts';
import { findConnection, scopeToTenant } from '../health/scope';
import type { Assessment, ConnectionAssessment } from '../health/types';
import { closeMatches } from '../text/closeMatches';
import { nameList } from '../text/usageWords';
import { findTenant } from '../tenants/matchTenant';
import type { Tenant } from '../tenants/types';
import {
  buildAlertsAnswer,
  buildCheckAnswer,
  buildConnectionStatusAnswer,
  buildErrorAnswer,
  buildErrorsAnswer,
  buildHelpAnswer,
  buildMarAnswer,
  buildSchemaAnswer,
  buildStatusAnswer,
  buildSyncsAnswer,
  buildTenantAnswer,
  buildUsageAnswer,
  withDemoNote,
  type SlashAnswer,
} from '../views/blocks';
import { explainFailure } from '../errors/explainFailure';
import { channelScope, type ChannelRef, type ChannelScope } from './channelScope';
import { parseCommand, type ParsedCommand } from './parseCommand';
import type { PulseServices } from './services';

export const SLASH_COMMAND = '/fivetran';

export interface CommandRequest {
  text: string;
  channel: ChannelRef;
  userId: string;
  page?: number;
  /** False when the answer is being shared in the channel. */
  ephemeral?: boolean;
}

/** Where the channel may look, resolved once per request. */
export async function scopeOf(services: PulseServices, channel: ChannelRef): Promise<ChannelScope> {
  return channelScope(channel, await services.monitor.tenants(), services.config.slack.opsChannels);
}

const refusal = (message: string) => buildErrorAnswer({ kind: 'refusal', message });

function lookupConnection(assessment: Assessment, input: string): ConnectionAssessment | SlashAnswer {
  const lookup = findConnection(assessment.connections, input);
  if (lookup.kind === 'found') return lookup.connection;
  if (lookup.kind === 'ambiguous') {
    return buildErrorAnswer({ kind: 'not_found', message: `"${input}" names ${lookup.matches.length} connections in different destinations. Use an id: ${lookup.matches.map((c) => c.connectionId).join(', ')}.` });
  }
  // The assessment is what this channel may see: the suggestions name nothing else.
  const { suggestions } = lookup;
  return buildErrorAnswer({
    kind: 'not_found',
    message: `No connection "${input}" here.`,
    suggestions,
    hint: suggestions.length === 0 ? `\`${SLASH_COMMAND} status\` lists the connections this channel can see.` : null,
  });
}

const tenantIds = (tenants: readonly Tenant[]) => tenants.map((t) => t.tenantId).sort((a, b) => a.localeCompare(b));

/** The tenants a channel may name: its own in a tenant's channel, every tenant elsewhere. */
async function visibleTenants(services: PulseServices, scope: ChannelScope): Promise<Tenant[]> {
  if (scope.kind === 'tenant') return [scope.tenant];
  return scope.kind === 'all' ? services.monitor.tenants() : [];
}

/**
 * A subcommand with an argument missing or left over: its usage, and for a missing name the names
 * this channel may pick from (never another tenant's). Reading them may fail; the usage still answers.
 */
async function usageAnswer(services: PulseServices, channel: ChannelRef, parsed: Extract<ParsedCommand, { kind: 'usage' }>): Promise<SlashAnswer> {
  const usage = { command: SLASH_COMMAND, name: parsed.subcommand, missing: parsed.missing, extra: parsed.extra, maxArgs: parsed.maxArgs };
  if (!parsed.missing) return buildUsageAnswer(usage);
  try {
    const scope = await scopeOf(services, channel);
    if (parsed.subcommand === 'tenant') {
      const tenants = tenantIds(await visibleTenants(services, scope));
      const hint = scope.kind === 'all' && tenants.length === 0 ? `No tenants are configured (${services.config.tenantsTable} is empty or missing).` : null;
      return buildUsageAnswer({ ...usage, choices: { label: 'Tenants', names: tenants }, hint });
    }
    if (parsed.subcommand === 'watch' && scope.kind !== 'none') {
      const { assessment } = await services.monitor.judge();
      const visible = scope.kind === 'tenant' ? scopeToTenant(assessment, scope.tenant.tenantId) : assessment;
      const running = visible.connections.filter((c) => c.runningSince !== null).map((c) => c.connectionName).sort((a, b) => a.localeCompare(b));
      if (running.length > 0) return buildUsageAnswer({ ...usage, choices: { label: 'Syncing now', names: running } });
      return buildUsageAnswer({ ...usage, hint: `No sync is running now; \`${SLASH_COMMAND} status\` lists the connections.` });
    }
  } catch (error) {
    services.logger.warn({ err: error, command: parsed.subcommand }, 'the names for a usage answer could not be read');
  }
  return buildUsageAnswer(usage);
}

const isAnswer = (value: ConnectionAssessment | SlashAnswer): value is SlashAnswer => 'blocks' in value && 'response_type' in value;

/**
 * The answer to one `/fivetran …`: help for anything not understood, a refusal for what the
 * channel may not see, a plain-words failure when the warehouse does not answer. Never throws.
 * On demo data, every answer says so in its footer.
 */
export async function answerCommand(services: PulseServices, request: CommandRequest): Promise<SlashAnswer> {
  return withDemoNote(await answer(services, request), services.monitor.demo);
}

async function answer(services: PulseServices, request: CommandRequest): Promise<SlashAnswer> {
  const parsed = parseCommand(request.text);
  if (parsed.kind === 'help') {
    return buildHelpAnswer({ command: SLASH_COMMAND, unknown: parsed.unknown ?? null, didYouMean: parsed.suggestions[0] ?? null, topic: parsed.topic ?? null });
  }
  if (parsed.kind === 'usage') return usageAnswer(services, request.channel, parsed);
  const options = { page: request.page ?? 1, ephemeral: request.ephemeral ?? true };
  try {
    const scope = await scopeOf(services, request.channel);
    if (scope.kind === 'none') return refusal(scope.reason);
    const { subcommand, args } = parsed;
    // watch posts and edits a message of its own (watchSync); it has no answer to render here.
    if (subcommand === 'watch') return buildErrorAnswer({ kind: 'refusal', message: `Type ${SLASH_COMMAND} watch <connection> to follow a sync.` });

    if (subcommand === 'tenant') {
      const wanted = args[0] as string;
      if (scope.kind === 'tenant' && wanted.toLowerCase() !== scope.tenant.tenantId.toLowerCase()) {
        return refusal(`This channel belongs to tenant ${scope.tenant.tenantId} and shows only its data.`);
      }
      const tenants = await services.monitor.tenants();
      const tenant = findTenant(wanted, tenants);
      if (!tenant) {
        const suggestions = closeMatches(wanted, tenants.map((t) => t.tenantId));
        const known = tenantIds(tenants);
        const hint = suggestions.length > 0 ? null : known.length > 0 ? `Tenants: ${nameList(known)}` : `No tenants are configured (${services.config.tenantsTable} is empty or missing).`;
        return buildErrorAnswer({ kind: 'not_found', message: `No tenant "${wanted}".`, suggestions, hint });
      }
      const { assessment } = await services.monitor.judge();
      return buildTenantAnswer(tenant, scopeToTenant(assessment, tenant.tenantId), options);
    }

    if (subcommand === 'check') return buildCheckAnswer(await services.monitor.check(), options);

    const { assessment: all } = await services.monitor.judge();
    const assessment = scope.kind === 'tenant' ? scopeToTenant(all, scope.tenant.tenantId) : all;

    if (subcommand === 'alerts') {
      const firing = await readFiringAlerts(services.store, assessment.alerts, new Date(assessment.evaluatedAt));
      if (firing.lifecycleProblem) services.logger.warn({ problem: firing.lifecycleProblem }, 'alert state could not be read for /fivetran alerts');
      return buildAlertsAnswer(firing, assessment, options);
    }
    const named = args[0];
    const connection = named === undefined ? undefined : lookupConnection(assessment, named);
    if (connection !== undefined && isAnswer(connection)) return connection;

    switch (subcommand) {
      case 'status':
        return connection ? buildConnectionStatusAnswer(connection, assessment, options) : buildStatusAnswer(assessment, options);
      case 'errors':
        return buildErrorsAnswer(assessment, { ...options, ...(connection ? { connection } : {}) });
      case 'syncs':
        return buildSyncsAnswer(assessment, { ...options, ...(connection ? { connection } : {}) });
      case 'schema':
        return buildSchemaAnswer(assessment, { ...options, ...(connection ? { connection } : {}) });
      case 'mar':
        return buildMarAnswer(assessment, await services.monitor.tenants(), options);
    }
  } catch (error) {
    services.logger.warn({ err: error, command: parsed.subcommand }, 'slash command could not be answered');
    return buildErrorAnswer({ kind: 'failure', message: explainFailure('Pulse could not answer', error, { logged: true }), hint: 'Try again in a minute. If it keeps failing, `/fivetran check` tells whether the monitoring data is reachable.' });
  }
}
