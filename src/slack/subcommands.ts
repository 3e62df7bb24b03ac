import type { WebClient } from '@slack/web-api';
import { readPendingSummary } from '../jobs/pendingDeliveries';
import { readFiringAlerts } from '../alerts/readFiringAlerts';
import { explainFailure } from '../errors/explainFailure';
import type { Tenant } from '../fivetran/types';
import { findTenant } from '../health/matchTenant';
import { findConnection, scopeToTenant } from '../health/scope';
import type { Assessment, ConnectionAssessment } from '../health/types';
import type { PulseServices } from '../jobs/services';
import { closeMatches } from '../text/closeMatches';
import { nameList } from '../text/usageWords';
import {
  buildAlertsAnswer,
  buildCheckAnswer,
  buildConnectionStatusAnswer,
  buildErrorAnswer,
  buildErrorsAnswer,
  buildMarAnswer,
  buildSchemaAnswer,
  buildStatusAnswer,
  buildSyncsAnswer,
  buildLiveActionPrompt,
  buildTenantAnswer,
  type LiveVerb,
  type SlashAnswer,
} from '../views/blocks';
import type { Chart } from '../views/charts/chart';
import { withChartNote } from '../views/charts/chartNote';
import { SLASH_COMMAND } from '../views/slashCommands';
import type { ChannelRef, ChannelScope } from './channelScope';
import { CHART_DAYS, marChart, syncsChart } from './charts';
import type { RunnableSubcommand } from './parseCommand';
import type { OpsAccess } from './opsAccess';
import { startWatch } from './watchSync';

/** One `/fivetran …` as it reaches a handler: the channel may see something, the arguments fit. */
export interface SubcommandInput {
  services: PulseServices;
  args: string[];
  channel: ChannelRef;
  scope: Exclude<ChannelScope, { kind: 'none' }>;
  /** Which page of a list, and whether the answer is only for the asker. */
  options: { page: number; ephemeral: boolean };
  /** The Web API, for a subcommand that posts a message of its own (watch); absent when an answer is run again from a button. */
  client?: WebClient;
  /** Who typed it, and who may act on connections: for sync, pause and resume; absent when an answer is run again from a button. */
  actor?: { userId: string; access: OpsAccess };
}

/** What the names to pick from are, when the argument is missing ("Tenants: acme, globex"). */
export interface UsageChoices {
  choices?: { label: string; names: readonly string[] };
  hint?: string | null;
}

export interface SubcommandHandler {
  /** The answer; null when the subcommand posted a message of its own instead. */
  answer(input: SubcommandInput): Promise<SlashAnswer | null>;
  /** The names this channel may pick from when the argument is missing (never another tenant's). */
  choices?(this: void, services: PulseServices, scope: ChannelScope): Promise<UsageChoices | null>;
  /** A chart of the answer's data, posted with it when it is shared in the channel; null when this answer has none. */
  chart?(this: void, input: SubcommandInput): Promise<Chart | null>;
}

const refusal = (message: string) => buildErrorAnswer({ kind: 'refusal', message });

const tenantIds = (tenants: readonly Tenant[]) => tenants.map((t) => t.tenantId).sort((a, b) => a.localeCompare(b));

/** The tenants a channel may name: its own in a tenant's channel, every tenant elsewhere. */
async function visibleTenants(services: PulseServices, scope: ChannelScope): Promise<Tenant[]> {
  if (scope.kind === 'tenant') return [scope.tenant];
  return scope.kind === 'all' ? services.monitor.tenants() : [];
}

/** The shared judgment (one reading for requests close together), narrowed to what the channel may see. */
async function visibleAssessment(services: PulseServices, scope: ChannelScope): Promise<Assessment> {
  const { assessment } = await services.judgments.current();
  return scope.kind === 'tenant' ? scopeToTenant(assessment, scope.tenant.tenantId) : assessment;
}

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

const isAnswer = (value: ConnectionAssessment | SlashAnswer): value is SlashAnswer => 'blocks' in value && 'response_type' in value;

type ListOptions = SubcommandInput['options'] & { liveActions?: boolean };

/**
 * Answers built from one reading, by what was asked: fifty people asking for the same page of the
 * same list from one channel get one build, not fifty, and the event loop stays free for acks.
 * Held as long as the reading is (its assessment is the key).
 */
const builtAnswers = new WeakMap<Assessment, Map<string, SlashAnswer>>();

/** A list of every visible connection, or one connection's part of it when one is named. */
function connectionList(name: string, build: (assessment: Assessment, options: ListOptions, connection: ConnectionAssessment | undefined) => SlashAnswer): SubcommandHandler {
  return {
    async answer({ services, scope, args: [named], options }) {
      const { assessment: whole } = await services.judgments.current();
      const asked = JSON.stringify([name, scope.kind === 'tenant' ? scope.tenant.tenantId : null, named ?? null, options.page, options.ephemeral]);
      const built = builtAnswers.get(whole) ?? new Map<string, SlashAnswer>();
      builtAnswers.set(whole, built);
      const known = built.get(asked);
      if (known) return known;
      const assessment = scope.kind === 'tenant' ? scopeToTenant(whole, scope.tenant.tenantId) : whole;
      const connection = named === undefined ? undefined : lookupConnection(assessment, named);
      const answer = connection !== undefined && isAnswer(connection) ? connection : build(assessment, { ...options, liveActions: services.fivetranApi !== null }, connection);
      built.set(asked, answer);
      return answer;
    },
  };
}

const withConnection = (connection: ConnectionAssessment | undefined) => (connection ? { connection } : {});

const NOT_CONFIGURED = "Fivetran's REST API is not configured (FIVETRAN_API_KEY and FIVETRAN_API_SECRET), so Pulse cannot act on connections.";

/**
 * `sync`, `pause`, `resume`: the button to press, with its confirmation; the press does the rest.
 * The same rules as the buttons: the ops team only, a tenant's channel only its own connections.
 */
function liveCommand(verb: LiveVerb): SubcommandHandler {
  return {
    async answer({ services, scope, args: [input = ''], client, actor }) {
      if (!services.fivetranApi) return refusal(NOT_CONFIGURED);
      if (!client || !actor) return refusal(`Type ${SLASH_COMMAND} ${verb} <connection> to do it.`);
      const decision = await actor.access.decide(actor.userId, client);
      if (!decision.allowed) return refusal(decision.reason);
      const connection = lookupConnection(await visibleAssessment(services, scope), input);
      if (isAnswer(connection)) return connection;
      return buildLiveActionPrompt(verb, { connectionId: connection.connectionId, connectionName: connection.connectionName, paused: services.pausedConnections.pausedOf(connection.connectionId) ?? connection.paused });
    },
  };
}

/** Every subcommand but help has exactly one handler here, keyed by its name in views/slashCommands. */
export const SUBCOMMAND_HANDLERS: Record<RunnableSubcommand, SubcommandHandler> = {
  status: connectionList('status', (assessment, options, connection) => (connection ? buildConnectionStatusAnswer(connection, assessment, options) : buildStatusAnswer(assessment, options))),
  sync: liveCommand('sync'),
  pause: liveCommand('pause'),
  resume: liveCommand('resume'),
  errors: connectionList('errors', (assessment, options, connection) => buildErrorsAnswer(assessment, { ...options, ...withConnection(connection) })),
  syncs: {
    ...connectionList('syncs', (assessment, options, connection) => {
      const answer = buildSyncsAnswer(assessment, { ...options, ...withConnection(connection) });
      return connection ? withChartNote(answer, `its sync durations over the last ${CHART_DAYS} days`) : answer;
    }),
    async chart({ services, scope, args: [named] }) {
      if (named === undefined) return null;
      const connection = lookupConnection(await visibleAssessment(services, scope), named);
      return isAnswer(connection) ? null : syncsChart(services, connection);
    },
  },
  schema: connectionList('schema', (assessment, options, connection) => buildSchemaAnswer(assessment, { ...options, ...withConnection(connection) })),

  tenant: {
    async answer({ services, scope, args: [wanted = ''], options }) {
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
      const { assessment } = await services.judgments.current();
      return buildTenantAnswer(tenant, scopeToTenant(assessment, tenant.tenantId), options);
    },
    async choices(services, scope) {
      const tenants = tenantIds(await visibleTenants(services, scope));
      const hint = scope.kind === 'all' && tenants.length === 0 ? `No tenants are configured (${services.config.tenantsTable} is empty or missing).` : null;
      return { choices: { label: 'Tenants', names: tenants }, hint };
    },
  },

  mar: {
    async answer({ services, scope, options }) {
      const assessment = await visibleAssessment(services, scope);
      const who = scope.kind === 'tenant' ? scope.tenant.tenantName : 'the whole account';
      return withChartNote(buildMarAnswer(assessment, await services.monitor.tenants(), options), `${who}'s MAR by day over the last ${CHART_DAYS} days`);
    },
    chart: ({ services, scope }) => marChart(services, scope.kind === 'tenant' ? scope.tenant : null),
  },

  alerts: {
    async answer({ services, scope, options }) {
      const assessment = await visibleAssessment(services, scope);
      const firing = await readFiringAlerts(services.store, assessment.alerts, new Date(assessment.evaluatedAt));
      if (firing.lifecycleProblem) services.logger.warn({ problem: firing.lifecycleProblem }, 'alert state could not be read for /fivetran alerts');
      return buildAlertsAnswer(firing, assessment, options);
    },
  },

  check: {
    answer: async ({ services, options }) => buildCheckAnswer(await services.monitor.check(), options, await readPendingSummary(services.store, services.clock())),
  },

  // watch posts and edits a message of its own (watchSync): its answer is only a problem, if any.
  watch: {
    async answer({ services, scope, channel, client, args: [input = ''] }) {
      if (!client) return refusal(`Type ${SLASH_COMMAND} watch <connection> to follow a sync.`);
      let connection: ConnectionAssessment | SlashAnswer;
      try {
        connection = lookupConnection(await visibleAssessment(services, scope), input);
      } catch (error) {
        services.logger.warn({ err: error, connection: input }, 'watch could not start');
        return buildErrorAnswer({ kind: 'failure', message: explainFailure('Pulse could not start watching', error, { logged: true }) });
      }
      if (isAnswer(connection)) return connection;
      try {
        await startWatch(services, client, { channel: channel.id, connection });
        return null;
      } catch (error) {
        services.logger.warn({ err: error }, 'watch could not post its message');
        return buildErrorAnswer({ kind: 'failure', message: 'Pulse could not post the watch message in this channel. Invite the app to the channel, or grant it chat:write.public.' });
      }
    },
    async choices(services, scope) {
      if (scope.kind === 'none') return null;
      const running = (await visibleAssessment(services, scope)).connections
        .filter((c) => c.runningSince !== null)
        .map((c) => c.connectionName)
        .sort((a, b) => a.localeCompare(b));
      if (running.length > 0) return { choices: { label: 'Syncing now', names: running } };
      return { hint: `No sync is running now; \`${SLASH_COMMAND} status\` lists the connections.` };
    },
  },
};
