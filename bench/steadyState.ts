import fs from 'node:fs';
import { createReadModel } from '../src/fivetran/readModel/createReadModel';
import type { SchemaNaming } from '../src/fivetran/schemaNaming';
import type { Warehouse } from '../src/warehouse/types';

/**
 * The steady-state cycle of the long-running app: the incremental read model keeps each
 * connection's state and folds in only the LOG rows loaded since its last cycle.
 */
export type SteadyState =
  | { measured: false; reason: string }
  | {
      measured: true;
      /** Median ms of a cycle folding in one hour of loads, after a full read at start-up. */
      cycleMs: number;
      mode: string;
      logRowsRead: number | null;
      /** A bare scan of the LOG rows loaded in that hour: the floor of a steady-state cycle. */
      newRowsFloorMs: number;
      newRows: number;
    };

/**
 * One hour of steady state: the model starts (its full read) an hour before `at` on a copy of the
 * dataset whose last hour of loads is held back, that hour is then appended as the Platform
 * Connector would, and the next cycle is timed beside a bare scan of exactly those rows.
 */
export async function measureSteadyState(
  open: (file: string) => Warehouse,
  file: string,
  naming: SchemaNaming,
  at: Date,
  runs: number,
): Promise<SteadyState> {
  const hourAgo = new Date(at.getTime() - 3_600_000);
  const samples: number[] = [];
  const floors: number[] = [];
  let mode = '';
  let logRowsRead: number | null = null;
  let newRows = 0;
  for (let run = 0; run < runs; run += 1) {
    const copy = `${file}.steady-${process.pid}.duckdb`;
    fs.copyFileSync(file, copy);
    const warehouse = open(copy);
    try {
      const s = naming.schema;
      await warehouse.query(`CREATE OR REPLACE TABLE ${s}.BENCH_LAST_HOUR AS SELECT * FROM ${s}.LOG WHERE _fivetran_synced > ?::TIMESTAMP`, [hourAgo.toISOString()], { tag: 'bench:hold-back' });
      await warehouse.query(`DELETE FROM ${s}.LOG WHERE _fivetran_synced > ?::TIMESTAMP`, [hourAgo.toISOString()], { tag: 'bench:hold-back' });
      const model = createReadModel(warehouse, naming);
      await model.read(hourAgo);
      await warehouse.query(`INSERT INTO ${s}.LOG SELECT * FROM ${s}.BENCH_LAST_HOUR`, [], { tag: 'bench:load-hour' });
      let startedAt = performance.now();
      const result = await model.read(at);
      samples.push(performance.now() - startedAt);
      mode = result.mode;
      logRowsRead = result.logRowsRead;
      startedAt = performance.now();
      const [count] = await warehouse.query(`SELECT COUNT(*) AS n, MAX(time_stamp) AS newest, MAX(message_event) AS any_event FROM ${s}.LOG WHERE _fivetran_synced > ?::TIMESTAMP`, [hourAgo.toISOString()], { tag: 'bench:new-rows-floor' });
      floors.push(performance.now() - startedAt);
      newRows = Number(count?.n);
    } finally {
      await warehouse.close();
      // DuckDB removes its spill folder on close; one left by a crash would pile up beside the datasets.
      for (const leftover of [copy, `${copy}.wal`, `${copy}.tmp`]) fs.rmSync(leftover, { force: true, recursive: true });
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return { measured: true, cycleMs: median(samples), mode, logRowsRead, newRowsFloorMs: median(floors), newRows };
}
