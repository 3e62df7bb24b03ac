import { scopeToTenant } from '../../health/scope';
import { nameList } from '../../text/usageWords';
import { alertJson, statusJson } from '../../views/json/assessmentJson';
import { renderTenant } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { resolveTenant } from '../lookups';
import { textOptions } from '../options';

export const tenant: WarehouseCommand = {
  kind: 'warehouse',
  name: 'tenant',
  usage: '<tenant_id>',
  summary: "one tenant's connections and alerts",
  minArgs: 1,
  maxArgs: 1,
  async whichOne(context) {
    const ids = (await context.monitor.tenants()).map((t) => t.tenantId).sort((a, b) => a.localeCompare(b));
    return ids.length > 0 ? `Which tenant? Tenants: ${nameList(ids)}` : `Which tenant? No tenants are configured (${context.config.tenantsTable} is empty or missing).`;
  },
  async run(context, [tenantId], options, io) {
    const found = await resolveTenant(context, tenantId as string);
    const { assessment } = await context.monitor.judge(options.at);
    const scoped = scopeToTenant(assessment, found.tenantId);
    print(io, options, { tenant: found, ...statusJson(scoped), alerts: scoped.alerts.map(alertJson) }, () => renderTenant(scoped, found, textOptions(options, context.config)));
    return 0;
  },
};
