import { matchTenant } from '../../tenants/matchTenant';
import type { Tenant } from '../../tenants/types';
import type { Row } from '../../warehouse/types';
import { readCell } from '../readCell';
import type { DayRange, MarAnalysis, MarByConnection, MarByTenant, MarTrend } from './types';

export function trend(rows: number, previousRows: number): MarTrend {
  return { rows, previousRows, changePercent: previousRows > 0 ? ((rows - previousRows) / previousRows) * 100 : null };
}

const largestFirst = (a: MarTrend, b: MarTrend) => b.rows - a.rows || b.previousRows - a.previousRows;

/** Pure: the MAR statement's rows into totals by connection and by tenant. */
export function assembleMar(rows: readonly Row[], tenants: readonly Tenant[], period: DayRange, previous: DayRange, available: boolean): MarAnalysis {
  const byConnection: MarByConnection[] = rows.map((row) => {
    const connectionName = readCell.text(row.mar_name) ?? '(unnamed)';
    return {
      ...trend(readCell.count(row.rows_now), readCell.count(row.rows_before)),
      connectionId: readCell.text(row.connection_id),
      connectionName,
      destinationId: readCell.text(row.destination_id) ?? '',
      connectorType: readCell.text(row.connector_type),
      // INCREMENTAL_MAR names the connection itself, so a deleted connection still finds its tenant.
      tenantId: matchTenant(connectionName, tenants)?.tenantId ?? null,
      deleted: readCell.flag(row.deleted),
    };
  });
  byConnection.sort((a, b) => largestFirst(a, b) || a.connectionName.localeCompare(b.connectionName));

  const tenantTotals = new Map<string | null, { rows: number; previousRows: number; connections: number }>();
  for (const c of byConnection) {
    const total = tenantTotals.get(c.tenantId) ?? { rows: 0, previousRows: 0, connections: 0 };
    total.rows += c.rows;
    total.previousRows += c.previousRows;
    total.connections += 1;
    tenantTotals.set(c.tenantId, total);
  }
  const byTenant: MarByTenant[] = [...tenantTotals.entries()].map(([tenantId, t]) => ({ tenantId, connections: t.connections, ...trend(t.rows, t.previousRows) }));
  byTenant.sort((a, b) => Number(a.tenantId === null) - Number(b.tenantId === null) || largestFirst(a, b) || String(a.tenantId).localeCompare(String(b.tenantId)));

  const total = trend(
    byConnection.reduce((sum, c) => sum + c.rows, 0),
    byConnection.reduce((sum, c) => sum + c.previousRows, 0),
  );
  return { available, period, previousPeriod: previous, total, byTenant, byConnection };
}
