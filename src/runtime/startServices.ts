import { createAlertStore } from '../alerts/store';
import type { Config } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import { nextRun } from '../slack/jobs/nextRun';
import type { PulseServices } from '../slack/services';
import type { Warehouse } from '../warehouse/types';
import { startMonitor } from './monitor';

/** The monitor and the alert store on an open warehouse: what the app and the CLI's jobs share. */
export async function startServices(config: Config, warehouse: Warehouse, logger: Logger, clock: () => Date = () => new Date()): Promise<PulseServices> {
  const monitor = await startMonitor(config, warehouse, logger, clock);
  const store = createAlertStore(warehouse, config.stateSchema);
  await store.init();
  return {
    config,
    logger,
    monitor,
    store,
    clock,
    nextDashboardAt: () => nextRun(config.schedule.dashboardCron, config.schedule.timezone),
  };
}
