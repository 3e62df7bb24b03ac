import type { Dataset } from './datasets';
import { count, mb, ms, table } from './format';
import type { CycleStats, ReadStats, SurfaceStats } from './measureCycle';
import type { RssStats } from './memory';
import type { BenchOptions } from './options';
import type { ScanProfile } from './scanProfile';
import type { SideBySide } from './sideBySide';
import { BARE_APP, BARE_APP_WITH_ANSWER, type LoadResult } from './slackLoad';
import { median } from './stats';
import type { SteadyState } from './steadyState';

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

/** One dataset's side-by-side reads, the peak memory of a full read and of Quickstart's logic, and the steady-state slot. */
export interface ComparisonResult {
  dataset: Dataset;
  sideBySide: SideBySide;
  /** Peak RSS of a fresh process doing that one read (the embedded DuckDB included). */
  peakRss: { fullRead: number; quickstart: number };
  steadyState: SteadyState;
}

export interface BenchResult {
  startedAt: string;
  /** Load averages are the 1-, 5- and 15-minute ones: other work on the machine shows as noise. */
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; duckdb: string; loadAverage: { start: number[]; end: number[] } };
  options: BenchOptions;
  judgedAt: string;
  comparisons: ComparisonResult[];
  slack: LoadResult[];
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

const loads = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' / ');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(1)}×` : '-');

function steadyStateCell(steady: SteadyState): string {
  if (!steady.measured) return 'not measured';
  return `${ms(steady.cycleMs)} (${steady.mode}: the last hour of ${steady.heldBack} loaded, an hour after a first cycle): warehouse ${ms(steady.warehouseMs)} in ${count(steady.statements.length)} statement(s), ${ratio(steady.warehouseMs, steady.newRowsFloorMs)} a bare scan of its ${count(steady.newRows)} new LOG rows (${ms(steady.newRowsFloorMs)}), ${ratio(steady.warehouseMs, steady.newRowsReturnedMs)} a plain SELECT returning the ${count(steady.newRowsReturned)} of the kinds a snapshot uses (${ms(steady.newRowsReturnedMs)}), ${ratio(steady.warehouseMs, steady.newRowsEveryTableMs)} that SELECT side by side with plain SELECTs of every table's new rows (${count(steady.newRowsEveryTable)} rows, ${ms(steady.newRowsEveryTableMs)}); folding and assembly ${ms(steady.foldAndAssemblyMs)}; a cycle with nothing new ${ms(steady.idleCycleMs)} (warehouse ${ms(steady.idleWarehouseMs)})`;
}

function sideBySideTable(comparisons: readonly ComparisonResult[], of: (r: ComparisonResult['sideBySide']) => ComparisonResult['sideBySide']['medianMs']): string {
  return table(
    ['connections', 'LOG rows (30-day window)', 'full read', 'warehouse', 'floor', 'with messages', 'its rows', 'warehouse / floor', 'warehouse / with messages', 'warehouse / its rows', 'its rows / floor', 'full / floor', 'Quickstart logic', 'Quickstart / full', 'per-connection loop', 'loop / full'],
    comparisons.map(({ sideBySide: r }) => {
      const m = of(r);
      return [
        count(r.connections),
        `${count(r.logRows)} (${count(r.windowRows)})`,
        ms(m.fullRead),
        ms(m.fullReadWarehouse),
        ms(m.floor),
        ms(m.floorWithMessages),
        ms(m.floorOfSnapshotRows),
        ratio(m.fullReadWarehouse, m.floor),
        ratio(m.fullReadWarehouse, m.floorWithMessages),
        ratio(m.fullReadWarehouse, m.floorOfSnapshotRows),
        ratio(m.floorOfSnapshotRows, m.floor),
        ratio(m.fullRead, m.floor),
        ms(m.quickstart),
        ratio(m.quickstart, m.fullRead),
        ms(m.perConnectionLoop),
        ratio(m.perConnectionLoop, m.fullRead),
      ];
    }),
  );
}

function comparisonSection(comparisons: readonly ComparisonResult[]): string[] {
  if (comparisons.length === 0) return [];
  const out = [
    'Side by side on the same file, medians of interleaved rounds (the loop timed on a sample of connections, extrapolated)',
    'full read: its statements, the fold and the assembly of every connection; warehouse: its statements alone (rows converted);',
    'floor: a bare aggregate scan of the window on the columns every read needs; with messages: also decoding id and message_data;',
    'its rows: a bare aggregate scan of only the rows of the kinds a snapshot uses, decoding the id, sync id and connection each returned row carries (no message).',
    'Wall time:',
    sideBySideTable(comparisons, (r) => r.medianMs),
    'CPU time of the process (DuckDB\'s threads included), less affected by other work on the machine:',
    sideBySideTable(comparisons, (r) => r.medianCpuMs),
    '',
    table(
      ['connections', 'peak RSS: one full read', 'peak RSS: Quickstart logic', 'steady-state cycle (one hour of loads)', 'loop per connection', 'rounds'],
      comparisons.map((c) => [
        count(c.sideBySide.connections),
        mb(c.peakRss.fullRead),
        mb(c.peakRss.quickstart),
        steadyStateCell(c.steadyState),
        `${ms(c.sideBySide.loop.perConnectionMs)} (${c.sideBySide.loop.sampled} sampled)`,
        String(c.sideBySide.runs),
      ]),
    ),
  ];
  const missing = comparisons.find((c) => !c.steadyState.measured)?.steadyState;
  if (missing && !missing.measured) out.push(`Steady-state cycle: ${missing.reason}.`);
  out.push('');
  return out;
}

export interface SlackSummary {
  label: string;
  /** Median over the rounds. */
  ackP99Ms: number;
  cpuMsPerRequest: number;
  /** Median over the rounds of the ack p99 against each bare app of the same round; null for the bare apps. */
  againstBare: number | null;
  againstBareWithAnswer: number | null;
}

/** Each app's ack p99 and CPU per request over the rounds (medians), and its ack p99 against the bare apps of the same round. */
export function slackSummary(loads: readonly LoadResult[]): SlackSummary[] {
  const bareOf = (label: string) => new Map(loads.filter((l) => l.label === label).map((l) => [l.round ?? 1, l.ackMs.p99]));
  const bare = bareOf(BARE_APP);
  const bareWithAnswer = bareOf(BARE_APP_WITH_ANSWER);
  const against = (mine: readonly LoadResult[], reference: Map<number, number>) => {
    const ratios = mine.filter((l) => l.readings !== null && reference.has(l.round ?? 1)).map((l) => l.ackMs.p99 / (reference.get(l.round ?? 1) as number));
    return ratios.length === 0 ? null : median(ratios);
  };
  const labels = [...new Set(loads.map((l) => l.label))];
  return labels.map((label) => {
    const mine = loads.filter((l) => l.label === label);
    return {
      label,
      ackP99Ms: median(mine.map((l) => l.ackMs.p99)),
      cpuMsPerRequest: median(mine.map((l) => l.cpuMsPerRequest)),
      againstBare: against(mine, bare),
      againstBareWithAnswer: against(mine, bareWithAnswer),
    };
  });
}

function summaryLine(s: SlackSummary): string {
  const ratios = [s.againstBare === null ? '' : `${s.againstBare.toFixed(2)}× the bare app`, s.againstBareWithAnswer === null ? '' : `${s.againstBareWithAnswer.toFixed(2)}× the bare app sending its answer`].filter(Boolean);
  return `  ${s.label}: ack p99 ${ms(s.ackP99Ms)}${ratios.length > 0 ? ` (${ratios.join(', ')})` : ''}; CPU ${s.cpuMsPerRequest.toFixed(2)} ms per request`;
}

function slackSection(loads: readonly LoadResult[]): string[] {
  if (loads.length === 0) return [];
  const first = loads[0] as LoadResult;
  const rounds = new Set(loads.map((l) => l.round ?? 1)).size;
  const pulseAnswer = loads.find((l) => l.readings !== null)?.answerBytes;
  return [
    `Slack under load: ${count(first.requests)} /fivetran status, ${first.concurrency} at a time, over loopback HTTP in this process, ${rounds} interleaved round${rounds === 1 ? '' : 's'}${pulseAnswer === undefined ? '' : `; Pulse's answer is ${count(pulseAnswer)} bytes`}`,
    "CPU per request: of the app's process (DuckDB's threads included) while the load ran, its warehouse readings included.",
    table(
      ['round', 'app', 'ack p50 / p99 (max)', 'answer p50 / p99 (max)', 'event loop delay p99 (max)', 'CPU per request', 'warehouse readings'],
      loads.map((l) => [
        String(l.round ?? 1),
        l.label,
        `${ms(l.ackMs.p50)} / ${ms(l.ackMs.p99)} (${ms(l.ackMs.max)})`,
        `${ms(l.answerMs.p50)} / ${ms(l.answerMs.p99)} (${ms(l.answerMs.max)})`,
        `${ms(l.eventLoopDelayMs.p99)} (${ms(l.eventLoopDelayMs.max)})`,
        `${l.cpuMsPerRequest.toFixed(2)} ms`,
        l.readings === null ? '-' : count(l.readings),
      ]),
    ),
    'Medians of the rounds (each ratio against the bare apps of its own round):',
    ...slackSummary(loads).map(summaryLine),
    '',
  ];
}

/** Pure: the console report of one run. */
export function renderReport(result: BenchResult): string {
  const { machine, options, sizes } = result;
  const out: string[] = [
    `Fivetran Pulse benchmarks: ${machine.cpus} × ${machine.cpuModel}, ${mb(machine.memoryBytes)} RAM, Node ${machine.node}, DuckDB ${machine.duckdb}`,
    `${options.runs} timed runs after ${options.warmup} warm-up runs; p50 / p95 wall time; judged at ${result.judgedAt}.`,
    `Load average (1, 5, 15 min) ${loads(machine.loadAverage.start)} at the start, ${loads(machine.loadAverage.end)} at the end (other work on the machine shows as noise).`,
    '',
    ...comparisonSection(result.comparisons),
    ...slackSection(result.slack),
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
