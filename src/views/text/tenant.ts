import type { Assessment } from '../../health/types';
import type { Tenant } from '../../fivetran/types';
import { alertCounts, noAlertsLine, renderAlertList } from './alerts';
import { connectionTable, healthCounts } from './connectionTable';
import { worstFirst } from '../connectionOrder';
import { palette, type TextOptions } from './format';
import { renderHeader } from './header';

/** `tenant`: one tenant's connections worst first, and its alerts. */
export function renderTenant(assessment: Assessment, tenant: Tenant, options: TextOptions): string {
  const paint = palette(options.color);
  const channel = tenant.alertChannel ? `, alerts to ${tenant.alertChannel}` : ', alerts to the default channel';
  const header = renderHeader(`Tenant ${tenant.tenantName} (${tenant.tenantId})${channel}`, assessment, options, paint);
  const connections = worstFirst(assessment.connections.filter((c) => c.tenantId !== null && c.tenantId.toLowerCase() === tenant.tenantId.toLowerCase()), assessment.alerts);
  if (connections.length === 0) {
    return `${header}\n\nNo connections belong to tenant ${tenant.tenantId}: a connection is a tenant's when its name holds the tenant id as a whole word (e.g. ${tenant.tenantId.toLowerCase()}_salesforce).\n`;
  }
  const ids = new Set(connections.map((c) => c.connectionId));
  const alerts = assessment.alerts.filter((a) => a.connectionId !== null && ids.has(a.connectionId));
  const alertsSection = alerts.length > 0 ? `${paint.bold(`Alerts: ${alertCounts(alerts)}`)}\n\n${renderAlertList(alerts, options, paint, { showTenant: false })}` : noAlertsLine(assessment.stale);
  return `${header}\n\n${healthCounts(connections, paint)}\n\n${connectionTable(assessment, connections, options, paint, { showTenant: false })}\n\n${alertsSection}\n`;
}
