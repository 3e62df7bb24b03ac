import { createAlertStore, type AlertStore } from '../alerts/store';
import type { Config } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import type { Monitor } from './monitor';
import { nextRun } from './nextRun';

/** What the surfaces (the Slack app, the CLI's scheduled runs) need from the rest of Pulse; assembled once at start-up. */
export interface PulseServices {
  config: Config;
  logger: Logger;
  monitor: Monitor;
  store: AlertStore;
  clock: () => Date;
  /** When the next morning dashboard is due: the end of a "until tomorrow's dashboard" snooze. */
  nextDashboardAt: () => Date | null;
}

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
