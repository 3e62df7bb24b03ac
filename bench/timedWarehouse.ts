import type { Bind, QueryOptions, Row, Warehouse } from '../src/warehouse/types';

export interface StatementRecord {
  tag: string;
  /** performance.now() when it was sent. */
  startedAt: number;
  ms: number;
  rows: number;
}

/** How long some statements kept the warehouse busy: their intervals' union, as statements may run side by side. */
export function wallTimeOf(records: readonly StatementRecord[]): number {
  let total = 0;
  let end = -Infinity;
  for (const { startedAt, ms } of [...records].sort((a, b) => a.startedAt - b.startedAt)) {
    const finish = startedAt + ms;
    if (finish <= end) continue;
    total += finish - Math.max(startedAt, end);
    end = finish;
  }
  return total;
}

export interface TimedWarehouse extends Warehouse {
  /** Every statement since the last {@link TimedWarehouse.take}. */
  take(): StatementRecord[];
}

/** A real warehouse that also records each statement's tag, wall time and rows returned. */
export function timedWarehouse(inner: Warehouse): TimedWarehouse {
  let records: StatementRecord[] = [];
  return {
    engine: inner.engine,
    async query<T extends Row = Row>(sql: string, binds?: readonly Bind[], options?: QueryOptions): Promise<T[]> {
      const startedAt = performance.now();
      const rows = await inner.query<T>(sql, binds, options);
      records.push({ tag: options?.tag ?? '(untagged)', startedAt, ms: performance.now() - startedAt, rows: rows.length });
      return rows;
    },
    take() {
      const taken = records;
      records = [];
      return taken;
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
