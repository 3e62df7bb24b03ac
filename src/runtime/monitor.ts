import type { Config } from '../config/loadConfig';
import { detectSchemaNaming } from '../fivetran/detectSchemaNaming';
import { readQuickstart } from '../fivetran/readQuickstart';
import { readSnapshot } from '../fivetran/readSnapshot';
import type { SchemaNaming } from '../fivetran/schemaNaming';
import type { Snapshot } from '../fivetran/types';
import { assess } from '../health/assess';
import { buildCheckReport } from '../health/checkReport';
import { loadAlertRules, type AlertRulesConfig } from '../health/thresholds';
import type { Assessment, CheckReport } from '../health/types';
import type { Logger } from '../log/logger';
import { loadTenants } from '../tenants/loadTenants';
import type { Tenant } from '../tenants/types';
import type { Warehouse } from '../warehouse/types';

/** Tenants change rarely; reading them every cycle would be a third statement for nothing. */
const TENANTS_TTL_MS = 5 * 60_000;

export interface Judgment {
  snapshot: Snapshot;
  assessment: Assessment;
}

/** Everything the surfaces (CLI, Slack) ask of the data: the one place judgments are made. */
export interface Monitor {
  readonly warehouse: Warehouse;
  readonly naming: SchemaNaming;
  readonly rules: AlertRulesConfig;
  tenants(): Promise<Tenant[]>;
  /** One cycle: a snapshot (two statements) judged as of `at` (default now). */
  judge(at?: Date): Promise<Judgment>;
  check(at?: Date): Promise<CheckReport>;
}

export interface MonitorOptions {
  warehouse: Warehouse;
  naming: SchemaNaming;
  rules: AlertRulesConfig;
  tenantsTable: string;
  fivetranSchema: string;
  logger: Logger;
  clock?: () => Date;
}

export function createMonitor(options: MonitorOptions): Monitor {
  const { warehouse, naming, rules, logger } = options;
  const clock = options.clock ?? (() => new Date());
  let cached: { tenants: Tenant[]; at: number } | null = null;
  let reportedProblem: string | null = null;

  async function tenants(): Promise<Tenant[]> {
    const now = Date.now();
    if (cached && now - cached.at < TENANTS_TTL_MS) return cached.tenants;
    const { tenants: loaded, problem } = await loadTenants(warehouse, options.tenantsTable);
    if (problem !== reportedProblem) {
      if (problem) logger.warn({ tenantsTable: options.tenantsTable }, `tenants: ${problem}`);
      reportedProblem = problem;
    }
    cached = { tenants: loaded, at: now };
    return loaded;
  }

  async function judge(at?: Date): Promise<Judgment> {
    const now = at ?? clock();
    const snapshot = await readSnapshot(warehouse, naming, await tenants(), { at: now });
    return { snapshot, assessment: assess(snapshot, rules, now) };
  }

  async function check(at?: Date): Promise<CheckReport> {
    const now = at ?? clock();
    const [{ snapshot, assessment }, quickstart] = await Promise.all([judge(now), readQuickstart(warehouse, options.fivetranSchema)]);
    return buildCheckReport(snapshot, assessment, quickstart, rules, now);
  }

  return { warehouse, naming, rules, tenants, judge, check };
}

/** Detects the schema's naming and reads the alert rules: what every surface needs before its first cycle. */
export async function startMonitor(config: Config, warehouse: Warehouse, logger: Logger, clock?: () => Date): Promise<Monitor> {
  const naming = await detectSchemaNaming(warehouse, config.fivetranSchema);
  logger.info({ schema: naming.schema, table: naming.connectionTable, logIdColumns: naming.logIdColumns, marNameColumn: naming.marNameColumn }, 'Platform Connector schema detected');
  const rules = loadAlertRules(config.alerts.rulesFile);
  return createMonitor({ warehouse, naming, rules, tenantsTable: config.tenantsTable, fivetranSchema: config.fivetranSchema, logger, ...(clock ? { clock } : {}) });
}
