import { readSnapshot } from '../src/fivetran/readSnapshot';
import type { SchemaNaming } from '../src/fivetran/schemaNaming';
import type { Bind, Warehouse } from '../src/warehouse/types';

/** One read of LOG inside a statement, as DuckDB's profiler counted it. */
export interface LogScan {
  /** Rows DuckDB read from storage: blocks its zone maps could not rule out. */
  rowsScanned: number;
  /** Rows that passed the pushed-down time filter. */
  rowsInWindow: number;
}

export interface StatementProfile {
  tag: string;
  ms: number;
  /** DuckDB's peak buffer memory while the statement ran, on a freshly opened file. */
  peakBufferBytes: number;
  logScans: LogScan[];
}

export interface ScanProfile {
  logRows: number;
  statements: StatementProfile[];
}

interface PlanNode {
  operator_name?: string;
  operator_cardinality?: number;
  operator_rows_scanned?: number;
  extra_info?: { Table?: string };
  children?: PlanNode[];
}

interface PlanRoot extends PlanNode {
  latency?: number;
  system_peak_buffer_memory?: number;
}

/** Pure: every scan of LOG in a profiled plan (a CTE read twice shows as two scans). */
export function logScansOf(node: PlanNode): LogScan[] {
  const here =
    /SCAN/.test(node.operator_name ?? '') && /(^|\.)"?LOG"?$/.test(node.extra_info?.Table ?? '')
      ? [{ rowsScanned: node.operator_rows_scanned ?? 0, rowsInWindow: node.operator_cardinality ?? 0 }]
      : [];
  return [...here, ...(node.children ?? []).flatMap(logScansOf)];
}

/**
 * Runs the cycle's snapshot statements, exactly as the cycle sends them, under DuckDB's
 * EXPLAIN ANALYZE, and reports how much of LOG each one reads. Each statement gets a freshly
 * opened file, so its peak memory is its own and not what earlier statements left cached.
 */
export async function profileSnapshotScans(open: () => Warehouse, naming: SchemaNaming, at: Date): Promise<ScanProfile> {
  const sent: Array<{ tag: string; sql: string; binds: readonly Bind[] }> = [];
  await using(open(), async (warehouse) => {
    const recording: Warehouse = {
      engine: warehouse.engine,
      ping: () => warehouse.ping(),
      close: () => warehouse.close(),
      query: (sql, binds = [], options) => {
        sent.push({ tag: options?.tag ?? '(untagged)', sql, binds });
        return warehouse.query(sql, binds, options);
      },
    };
    await readSnapshot(recording, naming, { at });
  });

  const statements: StatementProfile[] = [];
  for (const { tag, sql, binds } of sent) {
    const [row] = await using(open(), (warehouse) => warehouse.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, binds, { tag: `explain:${tag}` }));
    const plan = JSON.parse(String(row?.explain_value)) as PlanRoot;
    statements.push({ tag, ms: (plan.latency ?? 0) * 1000, peakBufferBytes: plan.system_peak_buffer_memory ?? 0, logScans: logScansOf(plan) });
  }
  const [count] = await using(open(), (warehouse) => warehouse.query(`SELECT COUNT(*) AS n FROM ${naming.schema}.LOG`, [], { tag: 'bench:log-rows' }));
  return { logRows: Number(count?.n), statements };
}

async function using<T>(warehouse: Warehouse, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}
