/**
 * How much of a large DuckDB result's `query()` time is turning it into rows. Runs one statement
 * shaped like the events read of LOG (about 74,000 rows of ten columns at 2,000 connections) and
 * times, interleaved and on a fresh result each time: the statement alone (run and materialize),
 * the whole `query()`, and the conversion alone done row by row (`getRowObjects` + `normalizeRow`,
 * as `query()` did before) and column by column (`chunkRowsConverter`, as it does now).
 *
 *   npx tsx bench/rowConversion.ts [database file] [runs]
 *
 * The file is opened for writing, as the warehouse does: pass a copy if another process uses it.
 */
import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/log/logger';
import { createDuckDbWarehouse } from '../src/warehouse/duckdb';
import { chunkRowsConverter, normalizeRow } from '../src/warehouse/normalizeRow';
import type { Row } from '../src/warehouse/types';
import { BENCH_DIR } from './datasets';
import { summarize } from './stats';

const DEFAULT_FILE = path.join(BENCH_DIR, 'datasets', 'c2000-d30-2026-06-15-cc7da31648.duckdb');

/** LOG's sync ends and problems, one in seven, with the events statement's ten columns and their types. */
const STATEMENT = `
  SELECT connection_id AS cid, id, time_stamp, event, message_event, message_data, sync_id,
         CAST(hash(id) % 3 AS INTEGER) AS shown, _fivetran_synced AS observed_at,
         time_stamp + INTERVAL 1 SECOND AS observed_ts
  FROM FIVETRAN_LOG.LOG
  WHERE message_event IN ('sync_end', 'error', 'warning', 'alter_table') AND hash(id) % 7 = 0`;

function rowByRow(result: DuckDBMaterializedResult): Row[] {
  const names = result.deduplicatedColumnNames();
  const rows: Row[] = [];
  for (let index = 0; index < result.chunkCount; index += 1) {
    for (const row of result.getChunk(index).getRowObjects(names)) rows.push(normalizeRow(row));
  }
  return rows;
}

function columnByColumn(result: DuckDBMaterializedResult): Row[] {
  const convert = chunkRowsConverter(result.deduplicatedColumnNames(), result.columnTypes());
  const rows: Row[] = [];
  for (let index = 0; index < result.chunkCount; index += 1) convert(result.getChunk(index), rows);
  return rows;
}

const CONVERSIONS = { 'row by row (before)': rowByRow, 'column by column (now)': columnByColumn };

async function timeConversion(connection: DuckDBConnection, convert: (result: DuckDBMaterializedResult) => Row[]): Promise<{ runMs: number; convertMs: number; rows: number }> {
  const startedAt = performance.now();
  const result = await connection.run(STATEMENT);
  const ranAt = performance.now();
  const rows = convert(result).length;
  return { runMs: ranAt - startedAt, convertMs: performance.now() - ranAt, rows };
}

function line(name: string, samples: number[]): string {
  const s = summarize(samples);
  return `${name.padEnd(42)} median ${s.p50.toFixed(0).padStart(5)} ms  (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})\n`;
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? DEFAULT_FILE;
  const runs = Number(process.argv[3] ?? 7);
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 600, logger: createLogger({ level: 'warn', format: 'json' }), idleCloseMs: 60_000 });
  const samples = new Map<string, number[]>();
  const record = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  let rowCount = 0;
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  for (let run = 0; run <= runs; run += 1) {
    const warm = run > 0; // the first round only warms up
    const startedAt = performance.now();
    rowCount = (await warehouse.query(STATEMENT, [], { tag: 'bench:conversion' })).length;
    if (warm) record('query()', performance.now() - startedAt);
    await warehouse.withConnection(
      async (connection) => {
        for (const [name, convert] of Object.entries(CONVERSIONS)) {
          const { runMs, convertMs } = await timeConversion(connection, convert);
          if (!warm) continue;
          record('statement alone (run + materialize)', runMs);
          record(`conversion ${name}`, convertMs);
        }
      },
      { tag: 'bench:conversion' },
    );
  }
  await warehouse.close();
  const load = `${loadBefore.toFixed(2)} -> ${(os.loadavg()[0] ?? Number.NaN).toFixed(2)}`;
  process.stdout.write(`${rowCount} rows of 10 columns; ${runs} runs each after a warm-up; ${os.cpus().length} cores, 1-minute load ${load}\n`);
  for (const [name, values] of samples) process.stdout.write(line(name, values));
}

void main();
