import { marJson } from '../../views/json/assessmentJson';
import { renderMar } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { readDailyMar } from '../../fivetran/analysis/dailySeries';
import { marByDaySeries, seriesPeriod } from '../../views/series';
import { judged, resolveTenant } from '../lookups';
import { nowOf, textOptions } from '../options';

export const mar: WarehouseCommand = {
  kind: 'warehouse',
  name: 'mar',
  usage: '',
  summary: 'monthly active rows this month, by tenant and connection',
  minArgs: 0,
  maxArgs: 0,
  takes: ['tenant'],
  async run(context, _args, options, io) {
    const assessment = await judged(context, options);
    const { monitor } = context;
    const tenant = options.tenant ? await resolveTenant(context, options.tenant) : null;
    const read = await readDailyMar(monitor.warehouse, monitor.naming, seriesPeriod(nowOf(options)).days);
    const byDay = read.available ? marByDaySeries(read, await monitor.tenants(), tenant) : null;
    const subject = tenant ? `tenant ${tenant.tenantId}` : 'all tenants';
    print(io, options, { ...marJson(assessment), byDay }, () => renderMar(assessment, { ...textOptions(options, context.config), byDay: byDay && { subject, days: byDay } }));
    return 0;
  },
};
