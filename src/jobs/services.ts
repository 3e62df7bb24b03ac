import { createAlertStore, type AlertStore } from '../alerts/store';
import type { Config } from '../config/loadConfig';
import { fivetranApiFromConfig } from '../live/fivetranApiClient';
import type { FivetranApi } from '../live/types';
import type { Logger } from '../log/logger';
import type { LiveButtons } from '../views/blocks/liveActions';
import { IncidentChanges } from './incidentChanges';
import type { Monitor } from './monitor';
import { nextRun } from './nextRun';
import { PausedConnections } from './pausedConnections';
import { createSharedJudgment, type SharedJudgment } from './sharedJudgment';

/** What the surfaces (the Slack app, the CLI's scheduled runs) need from the rest of Pulse; assembled once at start-up. */
export interface PulseServices {
  config: Config;
  logger: Logger;
  monitor: Monitor;
  /**
   * The judgment requests and scheduled runs share: one reading of the warehouse for everything
   * that asks while it is made or within JUDGMENT_REUSE_SECONDS after.
   */
  judgments: SharedJudgment;
  store: AlertStore;
  clock: () => Date;
  /** When the next morning dashboard is due: the end of a "until tomorrow's dashboard" snooze. */
  nextDashboardAt: () => Date | null;
  /** Fivetran's REST API: one client (and one budget) for the whole process; null without FIVETRAN_API_KEY. */
  fivetranApi: FivetranApi | null;
  /** Which connections are paused as Pulse last learned it: whether alerts offer Pause or Resume. */
  pausedConnections: PausedConnections;
  /** Said when incidents changed, for the surfaces that show them outside their messages (the App Home). */
  incidentChanges: IncidentChanges;
}

/** Sync now and Pause or Resume on alert messages, only when Fivetran's API is configured. */
export function liveButtonsOf(services: Pick<PulseServices, 'fivetranApi' | 'pausedConnections'>): LiveButtons | null {
  return services.fivetranApi ? services.pausedConnections : null;
}

/** The alert store, ready, next to a started monitor: what the app and the CLI's jobs share. */
export async function startServices(config: Config, monitor: Monitor, logger: Logger, clock: () => Date = () => new Date()): Promise<PulseServices> {
  const store = createAlertStore(monitor.warehouse, config.stateSchema);
  await store.init();
  return {
    config,
    logger,
    monitor,
    judgments: createSharedJudgment({ judge: (at) => monitor.judge(at), clock, reuseSeconds: config.judgmentReuseSeconds }),
    store,
    clock,
    nextDashboardAt: () => nextRun(config.schedule.dashboardCron, config.schedule.timezone),
    fivetranApi: fivetranApiFromConfig(config.live, { logger }),
    pausedConnections: new PausedConnections(),
    incidentChanges: new IncidentChanges(),
  };
}
