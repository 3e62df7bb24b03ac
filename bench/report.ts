import type { Dataset } from './datasets';
import { count, mb, ms, table } from './format';
import type { CycleStats, ReadStats, SurfaceStats } from './measureCycle';
import type { RssStats } from './memory';
import type { BenchOptions } from './options';
import type { ScanProfile } from './scanProfile';

export interface SizeResult {
  dataset: Dataset;
  /** The first cycle on a closed file with nothing cached: what an idle DuckDB deployment pays per cycle. */
  coldCycleMs: number;
  cycle: CycleStats;
  surfaces: SurfaceStats;
  rss: RssStats;
}

export interface WindowResult {
  label: string;
  dataset: Dataset;
  cycle: CycleStats;
  scans: ScanProfile;
}

export interface BenchResult {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; duckdb: string; loadAverage: { start: number; end: number } };
  options: BenchOptions;
  judgedAt: string;
  sizes: SizeResult[];
  snowflake: { connections: number; embedded: CycleStats; driver: CycleStats } | null;
  scans: { connections: number; days: number; profile: ScanProfile } | null;
  window: WindowResult[];
}

const size = (r: { dataset: Dataset }) => `${count(r.dataset.connections)} × ${r.dataset.days} d`;
const statement = (read: ReadStats, tag: string) => read.statements.find((s) => s.tag === tag);
const p50p95 = (s: { p50: number; p95: number } | undefined) => (s ? `${ms(s.p50)} / ${ms(s.p95)}` : '-');
const logScans = (profile: ScanProfile) => profile.statements.flatMap((s) => s.logScans);
/** Every scan of LOG in a cycle carries the same time filter, so the largest is representative. */
const perScan = (profile: ScanProfile, key: 'rowsScanned' | 'rowsInWindow') => Math.max(...logScans(profile).map((scan) => scan[key]));
const peakBuffer = (profile: ScanProfile) => Math.max(...profile.statements.map((s) => s.peakBufferBytes));

function statementsTable(rows: Array<[string, ReadStats]>): string {
  return table(
    ['size', 'statement', 'p50 / p95', 'rows returned'],
    rows.flatMap(([label, read]) => read.statements.map((s) => [label, s.tag, p50p95(s.ms), count(s.rows)])),
  );
}

/** Pure: the console report of one run. */
export function renderReport(result: BenchResult): string {
  const { machine, options, sizes } = result;
  const out: string[] = [
    `Fivetran Pulse benchmarks: ${machine.cpus} × ${machine.cpuModel}, ${mb(machine.memoryBytes)} RAM, Node ${machine.node}, DuckDB ${machine.duckdb}`,
    `${options.runs} timed runs after ${options.warmup} warm-up runs; p50 / p95 wall time; judged at ${result.judgedAt}.`,
    `1-minute load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end (other work on the machine shows as noise).`,
    '',
    'Datasets (generated demo warehouses)',
    table(
      ['size', 'LOG rows', 'file', 'generated in'],
      sizes.map((r) => [size(r), count(r.dataset.logRows), mb(r.dataset.fileBytes), r.dataset.generatedMs === null ? 'cached' : ms(r.dataset.generatedMs)]),
    ),
    '',
    'Monitoring cycle (snapshot + judgment), embedded DuckDB',
    table(
      ['size', 'statements', 'cycle p50 / p95', 'cold cycle', 'judgment only', 'alerts', 'RSS before → after (peak)'],
      sizes.map((r) => [
        size(r),
        String(r.cycle.cycle.statementsPerRun),
        p50p95(r.cycle.cycle.ms),
        ms(r.coldCycleMs),
        ms(r.cycle.assessMs.p50),
        count(r.cycle.alerts),
        `${mb(r.rss.beforeBytes)} → ${mb(r.rss.afterBytes)} (${mb(r.rss.peakBytes)})`,
      ]),
    ),
    '',
    'Cycle statements (they run concurrently)',
    statementsTable(sizes.map((r) => [size(r), r.cycle.cycle])),
    '',
    '`check` and `analyze` reads',
    table(
      ['size', 'check statements', 'check p50 / p95', 'analyze statements', 'analyze p50 / p95'],
      sizes.map((r) => [size(r), String(r.surfaces.check.statementsPerRun), p50p95(r.surfaces.check.ms), String(r.surfaces.analyze.statementsPerRun), p50p95(r.surfaces.analyze.ms)]),
    ),
    '',
    statementsTable(sizes.map((r) => [size(r), r.surfaces.analyze])),
    '',
    'Views of one judgment (pure)',
    table(
      ['size', 'dashboard (blocks)', 'status answer (blocks)', 'terminal status (chars)'],
      sizes.map((r) => {
        const v = r.surfaces.views;
        return [size(r), `${p50p95(v.dashboard.ms)} (${v.dashboard.size})`, `${p50p95(v.statusAnswer.ms)} (${v.statusAnswer.size})`, `${p50p95(v.statusText.ms)} (${count(v.statusText.size)})`];
      }),
    ),
  ];

  if (result.snowflake) {
    const { embedded, driver, connections } = result.snowflake;
    const row = (label: string, c: CycleStats) => [
      label,
      String(c.cycle.statementsPerRun),
      p50p95(c.cycle.ms),
      p50p95(statement(c.cycle, 'snapshot:connections')?.ms),
      p50p95(statement(c.cycle, 'snapshot:events')?.ms),
    ];
    out.push('', `Driver path, ${count(connections)} connections: the same cycle through snowflake-sdk and the Snowflake stand-in (same DuckDB file)`);
    out.push(table(['path', 'statements', 'cycle p50 / p95', 'connections stmt', 'events stmt'], [row('embedded DuckDB', embedded), row('snowflake-sdk → stand-in', driver)]));
  }

  if (result.scans) {
    const { profile, connections, days } = result.scans;
    out.push('', `LOG reads of the snapshot statements (EXPLAIN ANALYZE), ${count(connections)} × ${days} d, LOG holds ${count(profile.logRows)} rows`);
    out.push(
      table(
        ['statement', 'LOG scans', 'rows scanned', 'rows in window', 'peak buffer', 'time'],
        profile.statements.map((s) => [
          s.tag,
          String(s.logScans.length),
          s.logScans.map((scan) => count(scan.rowsScanned)).join(' + '),
          s.logScans.map((scan) => count(scan.rowsInWindow)).join(' + '),
          mb(s.peakBufferBytes),
          ms(s.ms),
        ]),
      ),
    );
  }

  if (result.window.length > 0) {
    out.push('', 'The 30-day window bounds the read: the same connections with 30 and 90 days of LOG');
    out.push(
      table(
        ['LOG history', 'LOG rows', 'cycle p50 / p95', 'LOG scans', 'rows scanned per scan', 'rows in window per scan', 'peak buffer'],
        result.window.map((w) => [
          w.label,
          count(w.scans.logRows),
          p50p95(w.cycle.cycle.ms),
          String(logScans(w.scans).length),
          count(perScan(w.scans, 'rowsScanned')),
          count(perScan(w.scans, 'rowsInWindow')),
          mb(peakBuffer(w.scans)),
        ]),
      ),
    );
  }
  return out.join('\n');
}
