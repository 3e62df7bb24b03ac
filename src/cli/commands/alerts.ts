import { readFiringAlerts } from '../../alerts/readFiringAlerts';
import { createAlertStore, type AlertStore } from '../../alerts/store';
import { alertsJson } from '../../views/json/assessmentJson';
import { renderAlerts } from '../../views/text';
import type { WarehouseCommand } from '../command';
import type { CliContext } from '../context';
import { print } from '../io';
import { judged } from '../lookups';
import { textOptions } from '../options';

/** The alert state the app keeps, read for each alert's lifecycle; its tables are made on first use. */
function alertState(context: CliContext): Pick<AlertStore, 'listActive'> {
  const store = createAlertStore(context.monitor.warehouse, context.config.stateSchema);
  return {
    async listActive() {
      await store.init();
      return store.listActive();
    },
  };
}

export const alerts: WarehouseCommand = {
  kind: 'warehouse',
  name: 'alerts',
  usage: '',
  summary: 'the alerts that fire now (exit 1 when any do)',
  minArgs: 0,
  maxArgs: 0,
  takes: ['tenant'],
  async run(context, _args, options, io) {
    const assessment = await judged(context, options);
    const firing = await readFiringAlerts(alertState(context), assessment.alerts, new Date(assessment.evaluatedAt));
    print(io, options, alertsJson(assessment, firing), () => renderAlerts(assessment, firing, textOptions(options, context.config)));
    return assessment.alerts.length > 0 ? 1 : 0;
  },
};
