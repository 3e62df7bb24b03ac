import type { Bind, Row } from '../../warehouse/types';
import { readCell } from '../readCell';
import { CHECKED_TABLES, type CheckedTable } from '../snapshotQueries';
import { UNCOUNTED } from './loadCounts';

/**
 * What a cycle saw of a small table's rows loaded from `from` (a whole minute) on: by minute of
 * `_fivetran_synced`, how many, and their milliseconds into that minute, summed
 * (`tableRowsStatement`'s `check` rows). A later cycle reads the table from the same minute or a
 * later one, and gets its rows only if they are no longer the ones these minutes add up to.
 */
export interface TableLoads {
  from: string;
  byMinute: ReadonlyMap<string, { rows: number; ms: number }>;
}

export type TableChecks = Partial<Record<CheckedTable, TableLoads>>;

const TABLES = Object.keys(CHECKED_TABLES) as CheckedTable[];

/**
 * The binds of a cycle's read of the small tables: each one's since, and what the last read saw
 * from that minute on (how many rows, and their milliseconds after it, summed), or UNCOUNTED when
 * it did not count that far back (which no count matches, so the rows are read).
 */
export function tableCheckBinds(checks: TableChecks, sinces: Readonly<Record<CheckedTable, string>>): Record<string, Bind> {
  const binds: Record<string, Bind> = {};
  for (const table of TABLES) {
    const names = CHECKED_TABLES[table];
    const since = sinces[table];
    const loads = checks[table];
    binds[names.since] = since;
    binds[names.rows] = UNCOUNTED;
    binds[names.ms] = UNCOUNTED;
    if (loads === undefined || Date.parse(since) < Date.parse(loads.from)) continue;
    // The statement compares milliseconds after the since: a row moved to another minute changes them.
    let rows = 0;
    let ms = 0;
    for (const [minute, counted] of loads.byMinute) {
      const after = Date.parse(minute) - Date.parse(since);
      if (after < 0) continue;
      rows += counted.rows;
      ms += counted.rows * after + counted.ms;
    }
    binds[names.rows] = rows;
    binds[names.ms] = ms;
  }
  return binds;
}

/** Whether a row of `tableRowsStatement` is one of its checks rather than a table's row. */
export const isTableCheck = (row: Row): boolean => row.kind === 'check';

/** What a cycle's rows of the small tables say of the tables it checked, each from its since. */
export function tableChecksOf(rows: readonly Row[], checked: readonly CheckedTable[], sinces: Readonly<Record<CheckedTable, string>>): TableChecks {
  const byTable = new Map<CheckedTable, Map<string, { rows: number; ms: number }>>(checked.map((table) => [table, new Map()]));
  for (const row of rows) {
    if (!isTableCheck(row) || row.synced === null || row.synced === undefined) continue;
    const minutes = byTable.get(row.cid as CheckedTable);
    if (minutes === undefined) continue;
    const minute = new Date(Date.parse(String(row.synced))).toISOString();
    const counted = minutes.get(minute) ?? { rows: 0, ms: 0 };
    minutes.set(minute, { rows: counted.rows + readCell.count(row.checked_rows), ms: counted.ms + readCell.count(row.checked_ms) });
  }
  const checks: TableChecks = {};
  for (const [table, byMinute] of byTable) checks[table] = { from: sinces[table], byMinute };
  return checks;
}
