import { bindNamed } from '../../warehouse/namedBinds';
import type { Warehouse } from '../../warehouse/types';
import { readCell } from '../readCell';
import type { SchemaNaming } from '../schemaNaming';
import { marStatement } from './analysisQueries';

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The days of last month that match this month so far (the 1st to today's day of the month, or
 * to last month's end when it is shorter): a fair comparison for MAR this month, which is
 * counted to today. `at` in UTC, as the snapshot counts MAR this month.
 */
export function sameDaysLastMonth(at: Date): { firstDay: string; lastDay: string } {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const first = Date.UTC(year, month - 1, 1);
  const lastOfMonth = Date.UTC(year, month, 0);
  const sameDay = Date.UTC(year, month - 1, at.getUTCDate());
  return { firstDay: dayOf(first), lastDay: dayOf(Math.min(sameDay, lastOfMonth)) };
}

/**
 * MAR of the same days of last month, by connection id: one statement over INCREMENTAL_MAR.
 * Null without an INCREMENTAL_MAR table. The MAR statement counts "before" the days from
 * {previousFirstDay} up to {firstDay}; with {lastDay} before {firstDay} nothing counts as "now".
 */
export async function readMarLastMonth(warehouse: Warehouse, naming: SchemaNaming, at: Date): Promise<Map<string, number> | null> {
  const sql = marStatement(naming);
  if (sql === null) return null;
  const days = sameDaysLastMonth(at);
  const dayAfter = dayOf(Date.parse(`${days.lastDay}T00:00:00.000Z`) + 86_400_000);
  const bound = bindNamed(sql, { previousFirstDay: days.firstDay, firstDay: dayAfter, lastDay: days.lastDay });
  const rows = await warehouse.query(bound.sql, bound.binds, { tag: 'dashboard:mar-last-month' });
  const byConnection = new Map<string, number>();
  for (const row of rows) {
    const id = readCell.text(row.connection_id);
    if (id !== null) byConnection.set(id, (byConnection.get(id) ?? 0) + readCell.count(row.rows_before));
  }
  return byConnection;
}
