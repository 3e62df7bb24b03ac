import { readAnalysis } from '../fivetran/analysis/readAnalysis';
import { trend } from '../fivetran/analysis/marAnalysis';
import type { Analysis } from '../fivetran/analysis/types';
import { readApiCalls } from '../fivetran/analysis/readApiCalls';
import { renderAnalysis, renderApiCalls } from '../views/text';
import { print, resolveTenant } from './commands';
import type { CliContext } from './context';
import type { CliIo, CliOptions } from './main';

function period(options: CliOptions, defaultDays: number): { from: Date; to: Date } {
  const to = options.at ?? new Date();
  return { from: new Date(to.getTime() - (options.days ?? defaultDays) * 86_400_000), to };
}

export async function runAnalyze(context: CliContext, _args: string[], options: CliOptions, io: CliIo): Promise<number> {
  const { monitor } = context;
  const tenant = options.tenant ? await resolveTenant(context, options.tenant) : null;
  const analysis = await readAnalysis(monitor.warehouse, monitor.naming, await monitor.tenants(), period(options, 30));
  const scoped = tenant ? scopeAnalysis(analysis, tenant.tenantId) : analysis;
  print(io, options, scoped, () => renderAnalysis(scoped, { now: options.at ?? new Date(), color: options.color }));
  return 0;
}

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

export async function runApiCalls(context: CliContext, [connection]: string[], options: CliOptions, io: CliIo): Promise<number> {
  const { monitor } = context;
  // An unknown connection is refused with its own code (PULSE_INPUT_UNKNOWN_CONNECTION) and answered like bad input.
  const report = await readApiCalls(monitor.warehouse, monitor.naming, { ...period(options, 14), ...(connection ? { connectionId: connection } : {}) });
  print(io, options, report, () => renderApiCalls(report, { now: options.at ?? new Date(), color: options.color }));
  return 0;
}
