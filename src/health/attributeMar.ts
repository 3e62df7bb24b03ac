import { largestFirst, trend } from '../fivetran/analysis/marAnalysis';
import type { Analysis, AnalysisRead, MarAnalysis, MarByConnection, MarByTenant, MarRead } from '../fivetran/analysis/types';
import type { Tenant } from '../fivetran/types';
import { matchTenant } from './matchTenant';

/** Pure: each connection's MAR given to its tenant, and the totals by tenant. */
export function attributeMar(mar: MarRead, tenants: readonly Tenant[]): MarAnalysis {
  // INCREMENTAL_MAR names the connection itself, so a deleted connection still finds its tenant.
  const byConnection: MarByConnection[] = mar.byConnection.map(({ deleted, ...c }) => ({ ...c, tenantId: matchTenant(c.connectionName, tenants)?.tenantId ?? null, deleted }));

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

  const { available, period, previousPeriod, total } = mar;
  return { available, period, previousPeriod, total, byTenant, byConnection };
}

/** The report over a period with its MAR attributed to tenants. */
export function attributeAnalysis(analysis: AnalysisRead, tenants: readonly Tenant[]): Analysis {
  return { ...analysis, mar: attributeMar(analysis.mar, tenants) };
}
