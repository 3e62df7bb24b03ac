import { createAlertStore } from '../../alerts/store';
import { readPendingSummary } from '../../jobs/pendingDeliveries';
import { checkJson } from '../../views/json/assessmentJson';
import { renderCheck } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { nowOf, textOptions } from '../options';

export const check: WarehouseCommand = {
  kind: 'warehouse',
  name: 'check',
  usage: '',
  summary: "the monitoring data's own health and freshness, and the Quickstart model",
  minArgs: 0,
  maxArgs: 0,
  async run(context, _args, options, io) {
    const report = await context.monitor.check(options.at);
    // Read from the alert state, so the CLI says what every running replica's /healthz says.
    const store = createAlertStore(context.monitor.warehouse, context.config.stateSchema);
    const deliveries = await store.init().then(() => readPendingSummary(store, nowOf(options)), () => null);
    print(io, options, checkJson(report, deliveries), () => renderCheck(report, textOptions(options, context.config), deliveries));
    return 0;
  },
};
