import type { Row } from '../../warehouse/types';
import { readCell } from '../readCell';
import type { DayRange, MarRead, MarReadByConnection, MarTrend } from './types';

export function trend(rows: number, previousRows: number): MarTrend {
  return { rows, previousRows, changePercent: previousRows > 0 ? ((rows - previousRows) / previousRows) * 100 : null };
}

export const largestFirst = (a: MarTrend, b: MarTrend) => b.rows - a.rows || b.previousRows - a.previousRows;

/** Pure: the MAR statement's rows into totals by connection. */
export function assembleMar(rows: readonly Row[], period: DayRange, previous: DayRange, available: boolean): MarRead {
  const byConnection: MarReadByConnection[] = rows.map((row) => ({
    ...trend(readCell.count(row.rows_now), readCell.count(row.rows_before)),
    connectionId: readCell.text(row.connection_id),
    connectionName: readCell.text(row.mar_name) ?? '(unnamed)',
    destinationId: readCell.text(row.destination_id) ?? '',
    connectorType: readCell.text(row.connector_type),
    deleted: readCell.flag(row.deleted),
  }));
  byConnection.sort((a, b) => largestFirst(a, b) || a.connectionName.localeCompare(b.connectionName));
  const total = trend(
    byConnection.reduce((sum, c) => sum + c.rows, 0),
    byConnection.reduce((sum, c) => sum + c.previousRows, 0),
  );
  return { available, period, previousPeriod: previous, total, byConnection };
}
