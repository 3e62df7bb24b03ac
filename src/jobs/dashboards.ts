import {
  changesSince,
  dashboardIncidents,
  dashboardRecord,
  dashboardStateKey,
  readDashboardHistory,
  writeDashboardHistory,
  type DashboardHistory,
} from '../alerts/dashboardChanges';
import { readFiringAlerts } from '../alerts/readFiringAlerts';
import { readMarLastMonth } from '../fivetran/analysis/readMarLastMonth';
import type { Tenant } from '../fivetran/types';
import { scopeToTenant } from '../health/scope';
import type { Assessment } from '../health/types';
import { buildDashboard, withDemoNote, type Dashboard } from '../views/blocks';
import type { PulseServices } from './services';

/** Whose dashboard: the ops channel's (everything) or one tenant's (that tenant only). */
export type DashboardScope = { kind: 'all' } | { kind: 'tenant'; tenant: Tenant };

/** What every dashboard of one run is made from: read once, then scoped per channel. */
export interface DashboardData {
  assessment: Assessment;
  tenants: Tenant[];
  firing: Awaited<ReturnType<typeof readFiringAlerts>>['alerts'];
  marLastMonth: Map<string, number> | null;
  now: Date;
}

export async function readDashboardData(services: Pick<PulseServices, 'monitor' | 'judgments' | 'store' | 'logger'>, now: Date): Promise<DashboardData> {
  const { monitor, judgments, store, logger } = services;
  // Shared with the requests of the moment, like every answer: never older than JUDGMENT_REUSE_SECONDS.
  const { assessment } = await judgments.current();
  const tenants = await monitor.tenants();
  const { alerts: firing, lifecycleProblem } = await readFiringAlerts(store, assessment.alerts, now);
  if (lifecycleProblem) logger.warn({ problem: lifecycleProblem }, 'the dashboard shows incidents without who acknowledged or snoozed them');
  // Last month's MAR only adds a comparison: without it the dashboard still stands.
  const marLastMonth = await readMarLastMonth(monitor.warehouse, monitor.naming, now).catch((error: unknown) => {
    logger.warn({ err: error }, "the dashboard could not read last month's MAR");
    return null;
  });
  return { assessment, tenants, firing, marLastMonth, now };
}

function stateKey(scope: DashboardScope): string {
  return dashboardStateKey(scope.kind === 'all' ? 'ops' : `tenant:${scope.tenant.tenantId.toLowerCase()}`);
}

/**
 * One scope's dashboard. `posting` compares with the dashboard last posted for this scope and
 * returns the history to keep once this one is posted; a Refresh compares with the one before
 * the latest, so the latest keeps saying what changed since its predecessor.
 */
export async function composeDashboard(
  services: Pick<PulseServices, 'monitor' | 'store' | 'logger'>,
  data: DashboardData,
  scope: DashboardScope,
  mode: 'posting' | 'refresh',
): Promise<{ dashboard: Dashboard; remember: () => Promise<void> }> {
  const { store, logger, monitor } = services;
  const tenantId = scope.kind === 'tenant' ? scope.tenant.tenantId.toLowerCase() : null;
  const assessment = scope.kind === 'tenant' ? scopeToTenant(data.assessment, scope.tenant.tenantId) : data.assessment;
  const visible = tenantId === null ? data.firing : data.firing.filter((alert) => alert.tenantId?.toLowerCase() === tenantId || alert.connectionId === null);
  const incidents = dashboardIncidents(visible);
  const key = stateKey(scope);
  let history: DashboardHistory | null = null;
  try {
    history = readDashboardHistory(await store.getMonitorState(key));
  } catch (error) {
    logger.warn({ err: error, key }, 'the dashboard could not read what the last one showed');
  }
  const previous = mode === 'posting' ? (history?.latest ?? null) : (history?.before ?? null);
  const dashboard = buildDashboard(assessment, {
    tenants: scope.kind === 'tenant' ? [scope.tenant] : data.tenants,
    incidents,
    changes: changesSince(previous, incidents),
    marLastMonth: data.marLastMonth,
  });
  const shown: Dashboard = {
    message: withDemoNote(dashboard.message, monitor.demo),
    thread: dashboard.thread.map((reply) => withDemoNote(reply, monitor.demo)),
  };
  const remember = async () => {
    if (mode !== 'posting') return;
    const next: DashboardHistory = { latest: dashboardRecord(incidents, data.now), before: history?.latest ?? null };
    await store.setMonitorState(key, writeDashboardHistory(next), data.now);
  };
  return { dashboard: shown, remember };
}
