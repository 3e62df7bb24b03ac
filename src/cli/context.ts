import type { Config } from '../config/loadConfig';
import { createLogger, type Logger } from '../log/logger';
import { openWarehouse } from '../jobs/openWarehouse';
import { startMonitor, type Monitor } from '../jobs/monitor';
import type { Clock } from '../warehouse/deadline';

export interface CliContext {
  config: Config;
  logger: Logger;
  monitor: Monitor;
  close(): Promise<void>;
}

/**
 * The CLI logs only warnings unless LOG_LEVEL says otherwise, and always to stderr, so stdout
 * carries nothing but the report or the JSON.
 */
export async function openCliContext(config: Config, env: Record<string, string | undefined>, clock?: Clock): Promise<CliContext> {
  const logger = createLogger({ level: env.LOG_LEVEL ? config.log.level : 'warn', format: config.log.format });
  const warehouse = await openWarehouse(config, logger, { clock });
  try {
    const monitor = await startMonitor(config, warehouse, logger);
    return { config, logger, monitor, close: () => warehouse.close() };
  } catch (error) {
    await warehouse.close();
    throw error;
  }
}
