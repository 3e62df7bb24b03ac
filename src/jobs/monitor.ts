import type { Config } from '../config/loadConfig';
import { detectDemoData } from '../demo/detectDemoData';
import { detectSchemaNaming } from '../fivetran/detectSchemaNaming';
import { createReadModel, type ReadModel, type ReadModelOptions } from '../fivetran/readModel/createReadModel';
import { readQuickstart } from '../fivetran/readQuickstart';
import { readSnapshot } from '../fivetran/readSnapshot';
import { readTenants, type LoadedTenants } from '../fivetran/readTenants';
import type { SchemaNaming } from '../fivetran/schemaNaming';
import type { Snapshot, Tenant } from '../fivetran/types';
import { assessInSlices } from '../health/assess';
import { buildCheckReport } from '../health/checkReport';
import type { AlertRulesConfig } from '../config/loadAlertRules';
import type { Assessment, CheckReport } from '../health/types';
import type { LiveFactsSource } from '../live/liveState';
import type { Logger } from '../log/logger';
import { missingColumnsNote } from '../views/vocabulary/tenantsTable';
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
  /** True when the data is Pulse's generated demo: every answer then says so. */
  readonly demo: boolean;
  tenants(): Promise<Tenant[]>;
  /** One cycle: a snapshot (two statements) judged as of `at` (default now). */
  judge(at?: Date): Promise<Judgment>;
  check(at?: Date): Promise<CheckReport>;
  /** After the data was replaced (a demo reset): the next snapshot reads LOG in full. */
  forgetReadModel(): void;
}

export interface MonitorOptions {
  warehouse: Warehouse;
  naming: SchemaNaming;
  rules: AlertRulesConfig;
  tenantsTable: string;
  fivetranSchema: string;
  logger: Logger;
  clock?: () => Date;
  demo?: boolean;
  /** Live state (Fivetran's API and webhooks), merged into every judgment when live is configured. */
  live?: LiveFactsSource;
  /**
   * Keep LOG's state between cycles and read only the rows loaded since (the long-running app);
   * without it every snapshot is a full read (one-shot commands).
   */
  incremental?: ReadModelOptions;
}

export function createMonitor(options: MonitorOptions): Monitor {
  const { warehouse, naming, rules, logger } = options;
  const clock = options.clock ?? (() => new Date());
  let cached: { loaded: LoadedTenants; at: number } | null = null;
  // Each finding is logged when it first appears, not on every reload.
  let reportedProblem: string | null = null;
  let reportedNote: string | null = null;
  const newModel = () => (options.incremental ? createReadModel(warehouse, naming, options.incremental) : null);
  let model: ReadModel | null = newModel();

  async function loadedTenants(): Promise<LoadedTenants> {
    const now = Date.now();
    if (cached && now - cached.at < TENANTS_TTL_MS) return cached.loaded;
    const loaded = await readTenants(warehouse, options.tenantsTable);
    if (loaded.problem !== reportedProblem) {
      if (loaded.problem) logger.warn({ tenantsTable: options.tenantsTable }, `tenants: ${loaded.problem}`);
      reportedProblem = loaded.problem;
    }
    const note = missingColumnsNote(loaded.missingColumns);
    if (note !== reportedNote) {
      if (note) logger.info({ tenantsTable: options.tenantsTable, missingColumns: loaded.missingColumns }, `tenants: the tenants table ${options.tenantsTable} has ${note}`);
      reportedNote = note;
    }
    cached = { loaded, at: now };
    return loaded;
  }

  async function tenants(): Promise<Tenant[]> {
    return (await loadedTenants()).tenants;
  }

  async function judge(at?: Date): Promise<Judgment> {
    const now = at ?? clock();
    const known = await tenants();
    const snapshot = model ? (await model.read(now)).snapshot : await readSnapshot(warehouse, naming, { at: now });
    return { snapshot, assessment: await assessInSlices(snapshot, known, rules, now, options.live?.facts()) };
  }

  async function check(at?: Date): Promise<CheckReport> {
    const now = at ?? clock();
    const [{ snapshot, assessment }, quickstart] = await Promise.all([judge(now), readQuickstart(warehouse, options.fivetranSchema)]);
    const { tenants: loaded, problem, missingColumns } = await loadedTenants();
    return buildCheckReport(snapshot, assessment, quickstart, rules, now, { count: loaded.length, missingColumns, problem });
  }

  const forgetReadModel = () => {
    model = newModel();
  };
  return { warehouse, naming, rules, demo: options.demo ?? false, tenants, judge, check, forgetReadModel };
}

/** Detects the schema's naming: what every surface needs, with the configuration's alert rules, before its first cycle. */
export async function startMonitor(
  config: Config,
  warehouse: Warehouse,
  logger: Logger,
  clock?: () => Date,
  extra: Pick<MonitorOptions, 'incremental' | 'live'> = {},
): Promise<Monitor> {
  const [naming, demo] = await Promise.all([detectSchemaNaming(warehouse, config.fivetranSchema), detectDemoData(warehouse, config.fivetranSchema)]);
  logger.info({ schema: naming.schema, table: naming.connectionTable, logIdColumns: naming.logIdColumns, marNameColumn: naming.marNameColumn, demo }, 'Platform Connector schema detected');
  const rules = config.alertRules;
  return createMonitor({ warehouse, naming, rules, tenantsTable: config.tenantsTable, fivetranSchema: config.fivetranSchema, logger, demo, ...(clock ? { clock } : {}), ...extra });
}
