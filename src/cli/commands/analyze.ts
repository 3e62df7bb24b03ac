import { trend } from '../../fivetran/analysis/marAnalysis';
import { readAnalysis } from '../../fivetran/analysis/readAnalysis';
import type { Analysis } from '../../fivetran/analysis/types';
import { attributeAnalysis } from '../../health/attributeMar';
import { renderAnalysis } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { resolveTenant } from '../lookups';
import { periodOf, textOptions } from '../options';

/** With --tenant, MAR is that tenant's alone; errors, durations and API calls stay account-wide figures. */
function scopeAnalysis(analysis: Analysis, tenantId: string): Analysis {
  const byConnection = analysis.mar.byConnection.filter((c) => c.tenantId === tenantId);
  const rows = byConnection.reduce((sum, c) => sum + c.rows, 0);
  const previousRows = byConnection.reduce((sum, c) => sum + c.previousRows, 0);
  return {
    ...analysis,
    mar: {
      ...analysis.mar,
      total: trend(rows, previousRows),
      byTenant: analysis.mar.byTenant.filter((t) => t.tenantId === tenantId),
      byConnection,
    },
  };
}

export const analyze: WarehouseCommand = {
  kind: 'warehouse',
  name: 'analyze',
  usage: '[--days N] [--tenant ID]',
  summary: 'a report over a period: MAR trend, top errors, durations, API calls',
  minArgs: 0,
  maxArgs: 0,
  takes: ['tenant', 'days'],
  async run(context, _args, options, io) {
    const { monitor } = context;
    const tenant = options.tenant ? await resolveTenant(context, options.tenant) : null;
    const tenants = await monitor.tenants();
    const analysis = attributeAnalysis(await readAnalysis(monitor.warehouse, monitor.naming, periodOf(options, 30)), tenants);
    const scoped = tenant ? scopeAnalysis(analysis, tenant.tenantId) : analysis;
    print(io, options, scoped, () => renderAnalysis(scoped, textOptions(options, context.config)));
    return 0;
  },
};
