import fs from 'node:fs';
import { createReadModel } from '../src/fivetran/readModel/createReadModel';
import type { SchemaNaming } from '../src/fivetran/schemaNaming';
import type { Warehouse } from '../src/warehouse/types';
import { PROBLEM_EVENTS, quoteList, SNAPSHOT_MESSAGE_EVENTS } from '../src/fivetran/snapshotQueries';
import { median } from './stats';
import { timedWarehouse, wallTimeOf, type StatementRecord } from './timedWarehouse';

/**
 * The steady-state cycle of the long-running app: the incremental read model keeps each
 * connection's state and folds in only the rows loaded since its last cycle.
 */
export type SteadyState =
  | { measured: false; reason: string }
  | {
      measured: true;
      /** Median ms of a cycle folding in one hour of loads, after a full read at start-up. */
      cycleMs: number;
      /** Median ms the cycle's statements took, from the first one's start to the last one's end where they overlap. */
      warehouseMs: number;
      /** Median ms of the rest of the cycle: folding the rows in and assembling the snapshot. */
      foldAndAssemblyMs: number;
      /** The cycle's statements (of the median run by cycle time). */
      statements: Array<Pick<StatementRecord, 'tag' | 'ms' | 'rows'>>;
      heldBack: HeldBack;
      mode: string;
      logRowsRead: number | null;
      /** A bare scan of the LOG rows loaded in that hour: the floor of a steady-state cycle. */
      newRowsFloorMs: number;
      newRows: number;
      /**
       * Those of the kinds a snapshot uses returned to JavaScript, with their messages, by one plain
       * SELECT: the least any read that brings the hour's news back costs.
       */
      newRowsReturnedMs: number;
      newRowsReturned: number;
      /**
       * That SELECT side by side with plain SELECTs of the rows of CONNECTION, its names and MAR
       * loaded in that hour: the least any cycle that reads every table's news costs.
       */
      newRowsEveryTableMs: number;
      newRowsEveryTable: number;
      /** Median ms of a cycle with nothing new, as requests between two loads cause, and of its statements. */
      idleCycleMs: number;
      idleWarehouseMs: number;
    };

/**
 * Which tables' last hour of loads the cycle reads: every table's (the demo data loads every
 * CONNECTION, CONNECTOR_TYPE and DESTINATION row at its newest load, so a cycle reads them all
 * again), or only LOG's and MAR's, for an hour in which no connection changed. Either way the
 * model starts with every connection: the small tables' rows are first stamped as loaded a day
 * earlier, and with every table the last hour's are stamped back as they were before the cycle.
 */
export type HeldBack = 'every table' | 'LOG and MAR';

/** Plain SELECTs of the rows of each small table loaded after a bind, of the columns a snapshot uses. */
function plainTableSelects(naming: SchemaNaming): string[] {
  const s = naming.schema;
  const selects = [
    `SELECT ${naming.connectionIdColumn}, ${naming.connectionNameColumn}, ${naming.connectorTypeColumn}, destination_id, paused, signed_up, sync_frequency FROM ${s}.${naming.connectionTable} WHERE _fivetran_synced > ?::TIMESTAMP`,
  ];
  if (naming.hasConnectorTypeTable) selects.push(`SELECT id, official_connector_name FROM ${s}.CONNECTOR_TYPE WHERE _fivetran_synced > ?::TIMESTAMP`);
  if (naming.hasDestinationTable) selects.push(`SELECT id, name FROM ${s}.DESTINATION WHERE _fivetran_synced > ?::TIMESTAMP`);
  if (naming.marNameColumn) selects.push(`SELECT ${naming.marNameColumn}, destination_id, measured_date, incremental_rows FROM ${s}.INCREMENTAL_MAR WHERE _fivetran_synced > ?::TIMESTAMP`);
  return selects;
}

const smallTables = (naming: SchemaNaming): string[] => [naming.connectionTable, ...(naming.hasConnectorTypeTable ? ['CONNECTOR_TYPE'] : []), ...(naming.hasDestinationTable ? ['DESTINATION'] : [])];
const marTable = (naming: SchemaNaming): string[] => (naming.marNameColumn ? ['INCREMENTAL_MAR'] : []);

/**
 * One hour of steady state: the model starts (its full read) two hours before `at` on a copy of
 * the dataset whose last two hours of loads are held back (LOG's rows, and the CONNECTION, name and
 * MAR rows those loads wrote). The first of those hours is written back and read by a cycle that is
 * not timed, so that the timed one follows a cycle, as all but one a day do. The last hour is then
 * written back as the Platform Connector would, and the
 * next cycle is timed, its statements apart from the rest, beside a bare scan of exactly the LOG
 * rows it added.
 */
export async function measureSteadyState(
  open: (file: string) => Warehouse,
  file: string,
  naming: SchemaNaming,
  at: Date,
  runs: number,
  heldBack: HeldBack = 'every table',
): Promise<SteadyState> {
  const hourAgo = new Date(at.getTime() - 3_600_000);
  const twoHoursAgo = new Date(at.getTime() - 7_200_000);
  const samples: Array<{ cycleMs: number; warehouseMs: number; statements: StatementRecord[] }> = [];
  const floors: number[] = [];
  const returned: number[] = [];
  const everyTable: number[] = [];
  const idle: Array<{ cycleMs: number; warehouseMs: number }> = [];
  let newRowsReturned = 0;
  let newRowsEveryTable = 0;
  let mode = '';
  let logRowsRead: number | null = null;
  let newRows = 0;
  for (let run = 0; run < runs; run += 1) {
    const copy = `${file}.steady-${process.pid}.duckdb`;
    fs.copyFileSync(file, copy);
    const warehouse = timedWarehouse(open(copy));
    try {
      const s = naming.schema;
      const tables = ['LOG', ...marTable(naming)];
      for (const table of smallTables(naming)) await warehouse.query(`UPDATE ${s}.${table} SET _fivetran_synced = _fivetran_synced - INTERVAL 1 DAY`, [], { tag: 'bench:hold-back' });
      for (const table of tables) {
        await warehouse.query(`CREATE OR REPLACE TABLE ${s}.BENCH_HOURS_${table} AS SELECT * FROM ${s}.${table} WHERE _fivetran_synced > ?::TIMESTAMP`, [twoHoursAgo.toISOString()], { tag: 'bench:hold-back' });
        await warehouse.query(`DELETE FROM ${s}.${table} WHERE _fivetran_synced > ?::TIMESTAMP`, [twoHoursAgo.toISOString()], { tag: 'bench:hold-back' });
      }
      const loadHour = async (after: Date, until: Date) => {
        for (const table of tables) {
          await warehouse.query(`INSERT INTO ${s}.${table} SELECT * FROM ${s}.BENCH_HOURS_${table} WHERE _fivetran_synced > ?::TIMESTAMP AND _fivetran_synced <= ?::TIMESTAMP`, [after.toISOString(), until.toISOString()], { tag: 'bench:load-hour' });
        }
      };
      const model = createReadModel(warehouse, naming);
      await model.read(twoHoursAgo);
      await loadHour(twoHoursAgo, hourAgo);
      await model.read(hourAgo);
      await loadHour(hourAgo, at);
      if (heldBack === 'every table') {
        // Stamped a day earlier, the rows of the last hour's loads are the ones after the hour before it, a day earlier.
        for (const table of smallTables(naming)) {
          await warehouse.query(`UPDATE ${s}.${table} SET _fivetran_synced = _fivetran_synced + INTERVAL 1 DAY WHERE _fivetran_synced > ?::TIMESTAMP - INTERVAL 1 DAY`, [hourAgo.toISOString()], { tag: 'bench:load-hour' });
        }
      }
      warehouse.take();
      let startedAt = performance.now();
      const result = await model.read(at);
      const cycleMs = performance.now() - startedAt;
      const statements = warehouse.take();
      samples.push({ cycleMs, warehouseMs: wallTimeOf(statements), statements });
      mode = result.mode;
      logRowsRead = result.logRowsRead;
      startedAt = performance.now();
      const [count] = await warehouse.query(`SELECT COUNT(*) AS n, MAX(time_stamp) AS newest, MAX(message_event) AS any_event FROM ${s}.LOG WHERE _fivetran_synced > ?::TIMESTAMP`, [hourAgo.toISOString()], { tag: 'bench:new-rows-floor' });
      floors.push(performance.now() - startedAt);
      newRows = Number(count?.n);
      startedAt = performance.now();
      const newLogRows = () =>
        warehouse.query(
          `SELECT connection_id, id, time_stamp, event, message_event, message_data, sync_id FROM ${s}.LOG
         WHERE _fivetran_synced > ?::TIMESTAMP AND (message_event IN (${quoteList(SNAPSHOT_MESSAGE_EVENTS)}) OR event IN (${quoteList(PROBLEM_EVENTS)}))`,
          [hourAgo.toISOString()],
          { tag: 'bench:new-rows-returned' },
        );
      const rows = await newLogRows();
      returned.push(performance.now() - startedAt);
      newRowsReturned = rows.length;
      // Side by side, as the cycle's own statements run.
      startedAt = performance.now();
      const all = await Promise.all([newLogRows(), ...plainTableSelects(naming).map((sql) => warehouse.query(sql, [hourAgo.toISOString()], { tag: 'bench:new-table-rows-returned' }))]);
      everyTable.push(performance.now() - startedAt);
      newRowsEveryTable = all.reduce((sum, part) => sum + part.length, 0);
      // Cycles with nothing new, as requests between two loads cause them; the second is timed.
      await model.read(new Date(at.getTime() + 30_000));
      warehouse.take();
      startedAt = performance.now();
      await model.read(new Date(at.getTime() + 60_000));
      idle.push({ cycleMs: performance.now() - startedAt, warehouseMs: wallTimeOf(warehouse.take()) });
    } finally {
      await warehouse.close();
      // DuckDB removes its spill folder on close; one left by a crash would pile up beside the datasets.
      for (const leftover of [copy, `${copy}.wal`, `${copy}.tmp`]) fs.rmSync(leftover, { force: true, recursive: true });
    }
  }
  const cycleMs = median(samples.map((sample) => sample.cycleMs));
  const warehouseMs = median(samples.map((sample) => sample.warehouseMs));
  // The run nearest the median (of an even count, the median lies between two runs).
  const typical = samples.reduce((best, sample) => (Math.abs(sample.cycleMs - cycleMs) < Math.abs(best.cycleMs - cycleMs) ? sample : best));
  return {
    measured: true,
    cycleMs,
    warehouseMs,
    foldAndAssemblyMs: median(samples.map((sample) => sample.cycleMs - sample.warehouseMs)),
    statements: typical.statements.map(({ tag, ms, rows }) => ({ tag, ms, rows })),
    heldBack,
    mode,
    logRowsRead,
    newRowsFloorMs: median(floors),
    newRows,
    newRowsReturnedMs: median(returned),
    newRowsReturned,
    newRowsEveryTableMs: median(everyTable),
    newRowsEveryTable,
    idleCycleMs: median(idle.map((sample) => sample.cycleMs)),
    idleWarehouseMs: median(idle.map((sample) => sample.warehouseMs)),
  };
}
