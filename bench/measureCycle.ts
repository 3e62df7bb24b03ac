import { readAnalysis } from '../src/fivetran/analysis/readAnalysis';
import { attributeAnalysis } from '../src/health/attributeMar';
import { DEMO_TENANTS_SCHEMA, DEMO_TENANTS_TABLE } from '../src/demo';
import type { SchemaNaming } from '../src/fivetran/schemaNaming';
import { assess } from '../src/health/assess';
import { EMPTY_RULES } from '../src/config/loadAlertRules';
import type { Logger } from '../src/log/logger';
import { createMonitor, type Judgment } from '../src/jobs/monitor';
import { buildDashboard, buildStatusAnswer } from '../src/views/blocks';
import { renderStatus } from '../src/views/text';
import { summarize, timeRuns, type Summary } from './stats';
import type { StatementRecord, TimedWarehouse } from './timedWarehouse';

export interface StatementStats {
  tag: string;
  ms: Summary;
  rows: number;
}

/** One kind of read: how many statements it costs, its wall time, and each statement's time and rows. */
export interface ReadStats {
  statementsPerRun: number;
  ms: Summary;
  statements: StatementStats[];
}

export interface ViewStats {
  ms: Summary;
  /** Blocks in a Block Kit message, or characters of terminal text. */
  size: number;
}

export interface CycleStats {
  connections: number;
  alerts: number;
  cycle: ReadStats;
  /** The pure judgment alone (health and alert rules), a part of the cycle's time. */
  assessMs: Summary;
}

export interface SurfaceStats {
  check: ReadStats;
  analyze: ReadStats;
  views: { dashboard: ViewStats; statusAnswer: ViewStats; statusText: ViewStats };
}

export interface MeasureOptions {
  warehouse: TimedWarehouse;
  naming: SchemaNaming;
  logger: Logger;
  at: Date;
  runs: number;
  warmup: number;
}

const ANALYZE_DAYS = 30;

/** Times one read and splits it into its statements, checking every run costs the same statements. */
async function measureRead(warehouse: TimedWarehouse, runs: number, warmup: number, read: () => Promise<unknown>): Promise<ReadStats> {
  const perRun: StatementRecord[][] = [];
  for (let i = 0; i < warmup; i += 1) await read();
  warehouse.take();
  const ms = await timeRuns(runs, 0, async () => {
    await read();
    perRun.push(warehouse.take());
  });
  const counts = new Set(perRun.map((records) => records.length));
  if (counts.size !== 1) throw new Error(`the read issued a varying number of statements per run: ${[...counts].join(', ')}`);

  const byTag = new Map<string, StatementRecord[]>();
  for (const record of perRun.flat()) byTag.set(record.tag, [...(byTag.get(record.tag) ?? []), record]);
  const statements = [...byTag].map(([tag, records]) => ({ tag, ms: summarize(records.map((r) => r.ms)), rows: (records.at(-1) as StatementRecord).rows }));
  return { statementsPerRun: perRun[0]?.length ?? 0, ms: summarize(ms), statements };
}

async function measureView<T>(runs: number, warmup: number, build: () => T, size: (built: T) => number): Promise<ViewStats> {
  const ms = await timeRuns(runs, warmup, build);
  return { ms: summarize(ms), size: size(build()) };
}

function monitorFor({ warehouse, naming, logger, at }: MeasureOptions) {
  return createMonitor({ warehouse, naming, rules: EMPTY_RULES, tenantsTable: `${DEMO_TENANTS_SCHEMA}.${DEMO_TENANTS_TABLE}`, fivetranSchema: naming.schema, logger, clock: () => at });
}

/** The first cycle of a fresh monitor: the tenants read too and, on DuckDB, the file opened. */
export async function timeColdCycle(options: MeasureOptions): Promise<number> {
  const startedAt = performance.now();
  await monitorFor(options).judge(options.at);
  const ms = performance.now() - startedAt;
  options.warehouse.take();
  return ms;
}

/** The monitoring cycle (`judge`): its statements, its wall time, and the pure judgment's share. */
export async function measureCycle(options: MeasureOptions): Promise<{ stats: CycleStats; judgment: Judgment }> {
  const { warehouse, at, runs, warmup } = options;
  const monitor = monitorFor(options);
  // Tenants are cached for minutes: read them once so every timed cycle is a steady-state one.
  const tenants = await monitor.tenants();
  const cycle = await measureRead(warehouse, runs, warmup, () => monitor.judge(at));
  // One more, untimed, for the judgment the views are built from.
  const judgment = await monitor.judge(at);
  warehouse.take();
  const { snapshot, assessment } = judgment;
  const assessMs = summarize(await timeRuns(runs, warmup, () => assess(snapshot, tenants, EMPTY_RULES, at)));
  return { stats: { connections: assessment.connections.length, alerts: assessment.alerts.length, cycle, assessMs }, judgment };
}

/** `check`, `analyze`, and the Slack and terminal views of one judgment. */
export async function measureSurfaces(options: MeasureOptions, { assessment }: Judgment): Promise<SurfaceStats> {
  const { warehouse, naming, at, runs, warmup } = options;
  const monitor = monitorFor(options);
  const tenants = await monitor.tenants();
  const check = await measureRead(warehouse, runs, warmup, () => monitor.check(at));
  const period = { from: new Date(at.getTime() - ANALYZE_DAYS * 86_400_000), to: at };
  const analyze = await measureRead(warehouse, runs, warmup, async () => attributeAnalysis(await readAnalysis(warehouse, naming, period), tenants));
  const blocks = (message: { blocks: unknown[] }) => message.blocks.length;
  const views = {
    dashboard: await measureView(runs, warmup, () => buildDashboard(assessment).message, blocks),
    statusAnswer: await measureView(runs, warmup, () => buildStatusAnswer(assessment), blocks),
    statusText: await measureView(runs, warmup, () => renderStatus(assessment, { now: at }), (text: string) => text.length),
  };
  return { check, analyze, views };
}
