import { createAlertStore } from '../alerts/store';
import type { Config } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import { nextRun } from '../slack/jobs/nextRun';
import type { PulseServices } from '../slack/services';
import type { Monitor } from './monitor';

/** The alert store, ready, next to a started monitor: what the app and the CLI's jobs share. */
export async function startServices(config: Config, monitor: Monitor, logger: Logger, clock: () => Date = () => new Date()): Promise<PulseServices> {
  const store = createAlertStore(monitor.warehouse, config.stateSchema);
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
