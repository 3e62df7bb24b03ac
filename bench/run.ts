import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectSchemaNaming } from '../src/fivetran/detectSchemaNaming';
import { SNAPSHOT_WINDOW_DAYS } from '../src/fivetran/readSnapshot';
import { DEMO_LIMITS, DEMO_SCHEMA } from '../src/demo';
import { createLogger } from '../src/log/logger';
import { createDuckDbWarehouse } from '../src/warehouse/duckdb';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../src/config/duckdbMemoryLimit';
import type { Warehouse } from '../src/warehouse/types';
import { measureCliStartup, renderCliStartup } from './cliStartup';
import { BENCH_DIR, BENCH_NOW, ensureDataset, type Dataset } from './datasets';
import { measureCycle, measureSurfaces, timeColdCycle } from './measureCycle';
import { withRss } from './memory';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions, type BenchOptions } from './options';
import { measurePeakMemory } from './peakMemory';
import { renderReport, type BenchResult, type ComparisonResult, type SizeResult, type WindowResult } from './report';
import { profileSnapshotScans } from './scanProfile';
import { measureSideBySide } from './sideBySide';
import { loadBareBolt, loadPulse, type LoadResult } from './slackLoad';
import { measureSteadyState } from './steadyState';
import { measureSnowflakePath } from './snowflakePath';
import { timedWarehouse } from './timedWarehouse';
import { runWebhookLatency } from './webhookLatency';

const logger = createLogger({ level: 'warn', format: 'json' });
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

function openDuckDb(file: string): Warehouse {
  // Generous: the benchmark measures slow statements rather than cutting them off. The app's
  // memory limit, for Pulse's reads and the references alike: the same engine settings for all.
  return createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 600, logger, memoryLimit: DEFAULT_DUCKDB_MEMORY_LIMIT });
}

async function withDuckDb<T>(file: string, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = openDuckDb(file);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

const detectNaming = (file: string) => withDuckDb(file, (warehouse) => detectSchemaNaming(warehouse, DEMO_SCHEMA));

async function dataset(connections: number, days: number): Promise<Dataset> {
  progress(`dataset ${connections} connections × ${days} days…`);
  const ready = await ensureDataset(connections, days);
  progress(ready.generatedMs === null ? `  reused ${ready.path}` : `  generated in ${(ready.generatedMs / 1000).toFixed(1)} s: ${ready.path}`);
  return ready;
}

async function measureSize(data: Dataset, options: BenchOptions, profileScans: boolean): Promise<{ size: SizeResult; scans: BenchResult['scans'] }> {
  const at = BENCH_NOW;
  const naming = await detectNaming(data.path);
  const { result, rss } = await withRss(() =>
    withDuckDb(data.path, async (inner) => {
      const warehouse = timedWarehouse(inner);
      const measure = { warehouse, naming, logger, at, runs: options.runs, warmup: options.warmup };
      progress(`  cycle on ${data.connections} connections…`);
      const coldCycleMs = await timeColdCycle(measure);
      const { stats: cycle, judgment } = await measureCycle(measure);
      progress('  check, analyze and views…');
      const surfaces = await measureSurfaces(measure, judgment);
      return { coldCycleMs, cycle, surfaces };
    }),
  );
  if (!profileScans) return { size: { dataset: data, ...result, rss }, scans: null };
  progress('  EXPLAIN ANALYZE of the snapshot statements…');
  const profile = await profileSnapshotScans(() => openDuckDb(data.path), naming, at);
  return { size: { dataset: data, ...result, rss }, scans: { connections: data.connections, days: data.days, profile } };
}

async function measureWindow(connections: number, options: BenchOptions): Promise<WindowResult[]> {
  // The generator writes LOG in load order, as the Platform Connector appends it: the layout a time window prunes.
  const variants: Dataset[] = [await dataset(connections, SNAPSHOT_WINDOW_DAYS), await dataset(connections, DEMO_LIMITS.days.max)];
  const results: WindowResult[] = [];
  for (const data of variants) {
    const label = `${data.days} d, in load order`;
    progress(`  window: ${label}…`);
    const naming = await detectNaming(data.path);
    const { stats } = await withDuckDb(data.path, (inner) =>
      measureCycle({ warehouse: timedWarehouse(inner), naming, logger, at: BENCH_NOW, runs: options.runs, warmup: options.warmup }),
    );
    results.push({ label, dataset: data, cycle: stats, scans: await profileSnapshotScans(() => openDuckDb(data.path), naming, BENCH_NOW) });
  }
  return results;
}

/** Pulse's full read beside the floor, Quickstart's logic and a per-connection loop; peak memory; the steady-state slot. */
async function compare(data: Dataset, options: BenchOptions): Promise<ComparisonResult> {
  const naming = await detectNaming(data.path);
  progress(`  side by side on ${data.connections} connections (${options.sideRuns} interleaved rounds)…`);
  const sideBySide = await withDuckDb(data.path, (warehouse) => measureSideBySide(warehouse, naming, BENCH_NOW, { runs: options.sideRuns, loopSample: options.loopSample }));
  progress('  peak memory of one full read and of the Quickstart logic, each in a fresh process…');
  const peakRss = { fullRead: await measurePeakMemory(data.path, 'fullRead', BENCH_NOW), quickstart: await measurePeakMemory(data.path, 'quickstart', BENCH_NOW) };
  progress('  steady-state cycle…');
  const steadyState = await measureSteadyState(openDuckDb, data.path, naming, BENCH_NOW, options.sideRuns);
  return { dataset: data, sideBySide, peakRss, steadyState };
}

async function slackUnderLoad(data: Dataset, options: BenchOptions): Promise<LoadResult[]> {
  const load = { requests: options.requests, concurrency: options.concurrency };
  progress(`Slack under load: ${options.requests} /fivetran status, ${options.concurrency} at a time, ${data.connections} connections, ${options.slackRounds} rounds…`);
  const results: LoadResult[] = [];
  // Interleaved: the machine's load changes while the apps run, and each round compares Pulse with the bare app just before it.
  for (let round = 1; round <= options.slackRounds; round += 1) {
    results.push({ ...(await loadBareBolt(load)), round });
    const reused = await loadPulse(data.path, BENCH_NOW, { ...load, reuseSeconds: 30, thenKept: true });
    results.push(...reused.loads.map((result) => ({ ...result, round })));
    results.push(...(await loadPulse(data.path, BENCH_NOW, { ...load, reuseSeconds: 0 })).loads.map((result) => ({ ...result, round })));
    // The bare app again, sending Pulse's answer: the bytes of an answer cost both apps the same.
    results.push({ ...(await loadBareBolt(load, reused.answer)), round });
  }
  return results;
}

async function machineInfo(file: string, loadAtStart: number[]): Promise<BenchResult['machine']> {
  const [row] = await withDuckDb(file, (warehouse) => warehouse.query('SELECT version() AS v', [], { tag: 'bench:version' }));
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryBytes: os.totalmem(),
    node: process.versions.node,
    duckdb: String(row?.v),
    loadAverage: { start: loadAtStart, end: os.loadavg() },
  };
}

async function main(options: BenchOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg();
  progress(`DuckDB memory limit ${DEFAULT_DUCKDB_MEMORY_LIMIT} (DUCKDB_MEMORY_LIMIT's default) for every statement, Pulse's and the references'`);
  const datasets: Dataset[] = [];
  for (const connections of options.sizes) datasets.push(await dataset(connections, options.days));

  const comparisons: ComparisonResult[] = [];
  for (const data of datasets) comparisons.push(await compare(data, options));

  const slack = options.requests > 0 && datasets[0] ? await slackUnderLoad(datasets[0], options) : [];

  const sizes: SizeResult[] = [];
  let scans: BenchResult['scans'] = null;
  const detailed = options.detail === 'all' ? datasets : options.detail === 'smallest' ? datasets.slice(0, 1) : [];
  for (const data of detailed) {
    const measured = await measureSize(data, options, data === detailed.at(-1));
    sizes.push(measured.size);
    scans ??= measured.scans;
  }

  let snowflake: BenchResult['snowflake'] = null;
  const smallest = sizes[0];
  if (options.snowflake && smallest) {
    progress(`driver path: snowflake-sdk against the stand-in, ${smallest.dataset.connections} connections…`);
    const { path: file, connections } = smallest.dataset;
    const naming = await detectNaming(file);
    // Measured again back to back with the driver path, so both see the same machine load.
    const { stats: embedded } = await withDuckDb(file, (inner) =>
      measureCycle({ warehouse: timedWarehouse(inner), naming, logger, at: BENCH_NOW, runs: options.runs, warmup: options.warmup }),
    );
    const driver = await measureSnowflakePath(file, naming, logger, BENCH_NOW, options.runs, options.warmup);
    snowflake = { connections, embedded, driver };
  }

  const window = options.windowSize > 0 ? await measureWindow(options.windowSize, options) : [];
  const result: BenchResult = {
    startedAt,
    machine: await machineInfo(datasets[0]?.path as string, loadAtStart),
    options,
    judgedAt: BENCH_NOW.toISOString(),
    comparisons,
    slack,
    sizes,
    snowflake,
    scans,
    window,
  };

  const cliStartup = await measureCliStartup(options.runs, options.warmup, progress);

  const outFile = path.join(BENCH_DIR, 'results', `bench-${startedAt.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify({ ...result, cliStartup, duckdbMemoryLimit: DEFAULT_DUCKDB_MEMORY_LIMIT }, null, 2)}\n`);
  process.stdout.write(
    `\nDuckDB ran with memory_limit ${DEFAULT_DUCKDB_MEMORY_LIMIT} (DUCKDB_MEMORY_LIMIT's default) for every statement measured.\n\n${renderReport(result)}\n\n${renderCliStartup(cliStartup)}\n\nResults: ${outFile}\n`,
  );
  await runWebhookLatency();
}

let options: BenchOptions | 'help';
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(`${BENCH_USAGE}\n`);
} else {
  main(options).catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
