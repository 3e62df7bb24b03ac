import type { AlertStore } from '../alerts/store';
import type { Config } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import type { Monitor } from '../runtime/monitor';

/** What the Slack surface needs from the rest of Pulse; assembled once at start-up. */
export interface PulseServices {
  config: Config;
  logger: Logger;
  monitor: Monitor;
  store: AlertStore;
  clock: () => Date;
  /** When the next morning dashboard is due: the end of a "until tomorrow's dashboard" snooze. */
  nextDashboardAt: () => Date | null;
}
