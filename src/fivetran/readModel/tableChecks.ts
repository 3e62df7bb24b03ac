import type { Bind, Row } from '../../warehouse/types';
import { readCell } from '../readCell';
import { CHECKED_TABLES, type CheckedTable } from '../snapshotQueries';
import { UNCOUNTED } from './loadCounts';

/**
 * What a cycle found of a small table's rows loaded after `since`: how many, and their
 * milliseconds after it, summed (`tableRowsStatement`'s `check` rows). The next cycle that reads
 * the table from the same `since` gets its rows only if they are no longer these.
 */
export interface TableCheck {
  since: string;
  rows: number;
  ms: number;
}

export type TableChecks = Partial<Record<CheckedTable, TableCheck>>;

const TABLES = Object.keys(CHECKED_TABLES) as CheckedTable[];

/**
 * The binds of a cycle's read of the small tables: each one's since, and what the last read
 * checked from that same since, or UNCOUNTED (which no check matches, so its rows are read).
 */
export function tableCheckBinds(checks: TableChecks, sinces: Readonly<Record<CheckedTable, string>>): Record<string, Bind> {
  const binds: Record<string, Bind> = {};
  for (const table of TABLES) {
    const names = CHECKED_TABLES[table];
    const since = sinces[table];
    const check = checks[table];
    const known = check !== undefined && check.since === since;
    binds[names.since] = since;
    binds[names.rows] = known ? check.rows : UNCOUNTED;
    binds[names.ms] = known ? check.ms : UNCOUNTED;
  }
  return binds;
}

/** Whether a row of `tableRowsStatement` is one of its checks rather than a table's row. */
export const isTableCheck = (row: Row): boolean => row.kind === 'check';

/** The checks among a cycle's rows of the small tables, each with the since it was read from. */
export function tableChecksOf(rows: readonly Row[], sinces: Readonly<Record<CheckedTable, string>>): TableChecks {
  const checks: TableChecks = {};
  for (const row of rows) {
    if (!isTableCheck(row)) continue;
    const table = TABLES.find((name) => name === row.cid);
    if (table === undefined) continue;
    checks[table] = { since: sinces[table], rows: readCell.count(row.checked_rows), ms: readCell.count(row.checked_ms) };
  }
  return checks;
}
