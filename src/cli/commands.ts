import { readFiringAlerts } from '../alerts/readFiringAlerts';
import { createAlertStore, type AlertStore } from '../alerts/store';
import { findConnection, scopeToTenant } from '../health/scope';
import type { Assessment, ConnectionAssessment } from '../health/types';
import { closeMatches } from '../text/closeMatches';
import { nameList } from '../text/usageWords';
import { findTenant } from '../tenants/matchTenant';
import type { Tenant } from '../tenants/types';
import { alertJson, alertsJson, checkJson, errorsJson, marJson, schemaChangesJson, statusJson, syncsJson } from '../views/json/assessmentJson';
import { BadInput } from './badInput';
import type { CliContext } from './context';
import type { CliIo, CliOptions } from './main';
import { runAnalyze, runApiCalls } from './analysisCommands';
import { runScheduledJob } from './jobCommands';
import {
  renderAlerts,
  renderCheck,
  renderErrors,
  renderMar,
  renderSchemaChanges,
  renderStatus,
  renderSyncs,
  renderTenant,
} from '../views/text';

export interface CommandSpec {
  usage: string;
  minArgs: number;
  maxArgs: number;
  /** When its argument is missing: the question, with the names to pick from ("Which tenant? Tenants: acme, globex"). */
  whichOne?(context: CliContext): Promise<string>;
  run(context: CliContext, args: string[], options: CliOptions, io: CliIo): Promise<number>;
}

function print(io: CliIo, options: CliOptions, json: unknown, text: () => string): void {
  io.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text().trimEnd()}\n`);
}

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
async function judged(context: CliContext, options: CliOptions): Promise<Assessment> {
  const tenant = options.tenant ? await resolveTenant(context, options.tenant) : null;
  const { assessment } = await context.monitor.judge(options.at);
  return tenant ? scopeToTenant(assessment, tenant.tenantId) : assessment;
}

function resolveConnection(assessment: Assessment, input: string): ConnectionAssessment {
  const lookup = findConnection(assessment.connections, input);
  if (lookup.kind === 'found') return lookup.connection;
  if (lookup.kind === 'ambiguous') {
    throw new BadInput(`"${input}" names ${lookup.matches.length} connections (in different destinations); use an id: ${lookup.matches.map((c) => `${c.connectionId} (${c.destinationName ?? c.destinationId})`).join(', ')}`);
  }
  const { suggestions } = lookup;
  throw new BadInput(`Unknown connection "${input}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ' "npm run cli -- status" lists them.'}`);
}

/** The assessment narrowed to one connection, when one is named. */
function narrowed(assessment: Assessment, input: string | undefined): { assessment: Assessment; connectionId?: string } {
  if (input === undefined) return { assessment };
  const connection = resolveConnection(assessment, input);
  return {
    assessment: { ...assessment, connections: [connection], alerts: assessment.alerts.filter((a) => a.connectionId === connection.connectionId) },
    connectionId: connection.connectionId,
  };
}

const now = (options: CliOptions) => options.at ?? new Date();

/** The alert state the app keeps, read for each alert's lifecycle; its tables are made on first use. */
function alertState(context: CliContext): Pick<AlertStore, 'listActive'> {
  const store = createAlertStore(context.monitor.warehouse, context.config.stateSchema);
  return {
    async listActive() {
      await store.init();
      return store.listActive();
    },
  };
}

export const COMMANDS = {
  status: {
    usage: '[connection]',
    minArgs: 0,
    maxArgs: 1,
    async run(context, [connection], options, io) {
      const { assessment, connectionId } = narrowed(await judged(context, options), connection);
      print(io, options, statusJson(assessment), () => renderStatus(assessment, { now: now(options), color: options.color, ...(connectionId ? { connectionId } : {}) }));
      return 0;
    },
  },
  tenant: {
    usage: '<tenant_id>',
    minArgs: 1,
    maxArgs: 1,
    async whichOne(context) {
      const ids = (await context.monitor.tenants()).map((t) => t.tenantId).sort((a, b) => a.localeCompare(b));
      return ids.length > 0 ? `Which tenant? Tenants: ${nameList(ids)}` : `Which tenant? No tenants are configured (${context.config.tenantsTable} is empty or missing).`;
    },
    async run(context, [tenantId], options, io) {
      const tenant = await resolveTenant(context, tenantId as string);
      const { assessment } = await context.monitor.judge(options.at);
      const scoped = scopeToTenant(assessment, tenant.tenantId);
      print(io, options, { tenant, ...statusJson(scoped), alerts: scoped.alerts.map(alertJson) }, () => renderTenant(scoped, tenant, { now: now(options), color: options.color }));
      return 0;
    },
  },
  alerts: {
    usage: '',
    minArgs: 0,
    maxArgs: 0,
    async run(context, _args, options, io) {
      const assessment = await judged(context, options);
      const firing = await readFiringAlerts(alertState(context), assessment.alerts, new Date(assessment.evaluatedAt));
      print(io, options, alertsJson(assessment, firing), () => renderAlerts(assessment, firing, { now: now(options), color: options.color }));
      return assessment.alerts.length > 0 ? 1 : 0;
    },
  },
  errors: {
    usage: '[connection]',
    minArgs: 0,
    maxArgs: 1,
    async run(context, [connection], options, io) {
      const { assessment, connectionId } = narrowed(await judged(context, options), connection);
      print(io, options, errorsJson(assessment), () => renderErrors(assessment, { now: now(options), color: options.color, ...(connectionId ? { connectionId } : {}) }));
      return 0;
    },
  },
  syncs: {
    usage: '[connection]',
    minArgs: 0,
    maxArgs: 1,
    async run(context, [connection], options, io) {
      const { assessment, connectionId } = narrowed(await judged(context, options), connection);
      print(io, options, syncsJson(assessment), () => renderSyncs(assessment, { now: now(options), color: options.color, ...(connectionId ? { connectionId } : {}) }));
      return 0;
    },
  },
  'schema-changes': {
    usage: '',
    minArgs: 0,
    maxArgs: 0,
    async run(context, _args, options, io) {
      const assessment = await judged(context, options);
      print(io, options, schemaChangesJson(assessment), () => renderSchemaChanges(assessment, { now: now(options) }));
      return 0;
    },
  },
  mar: {
    usage: '',
    minArgs: 0,
    maxArgs: 0,
    async run(context, _args, options, io) {
      const assessment = await judged(context, options);
      print(io, options, marJson(assessment), () => renderMar(assessment, { now: now(options) }));
      return 0;
    },
  },
  check: {
    usage: '',
    minArgs: 0,
    maxArgs: 0,
    async run(context, _args, options, io) {
      const report = await context.monitor.check(options.at);
      print(io, options, checkJson(report), () => renderCheck(report, { now: now(options) }));
      return 0;
    },
  },
  'api-calls': {
    usage: '[connection] [--days N]',
    minArgs: 0,
    maxArgs: 1,
    run: (context, args, options, io) => runApiCalls(context, args, options, io),
  },
  analyze: {
    usage: '[--days N] [--tenant ID]',
    minArgs: 0,
    maxArgs: 0,
    run: (context, args, options, io) => runAnalyze(context, args, options, io),
  },
  'run-dashboard': {
    usage: '',
    minArgs: 0,
    maxArgs: 0,
    run: (context, _args, options, io) => runScheduledJob('dashboard', context, options, io),
  },
  'run-alerts': {
    usage: '',
    minArgs: 0,
    maxArgs: 0,
    run: (context, _args, options, io) => runScheduledJob('alerts', context, options, io),
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
export { print, resolveConnection };
