import type * as SnowflakeSdk from 'snowflake-sdk';
import type { Logger } from '../../log/logger';

export type SnowflakeDriver = typeof SnowflakeSdk;

let driver: SnowflakeDriver | null = null;

/**
 * Loads snowflake-sdk on first use. Loading it is not free: unless told otherwise before the first
 * `require`, it probes cloud metadata endpoints and reports the connection's shape in telemetry,
 * and it writes INFO logs to the console and to `./snowflake.log`. Deployments that never use
 * Snowflake never load it at all.
 */
export function loadSnowflakeDriver(logger: Logger): SnowflakeDriver {
  if (!driver) {
    setUnlessSet('SNOWFLAKE_DISABLE_PLATFORM_DETECTION', 'true');
    setUnlessSet('SF_TELEMETRY_DISABLE_CONNECTION_SHAPE', '1');
    driver = require('snowflake-sdk') as SnowflakeDriver;
  }
  routeDriverLogs(driver, logger);
  return driver;
}

function setUnlessSet(name: string, value: string): void {
  if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
}

/**
 * The driver's log lines go to our logger only (a custom logger replaces its console and file
 * output entirely), at WARN and above: its INFO and DEBUG lines narrate every request. The driver
 * masks secrets in its messages before they reach us. The setting is process-wide; the most
 * recently created warehouse's logger receives the lines.
 */
function routeDriverLogs(sdk: SnowflakeDriver, logger: Logger): void {
  const log = logger.child({ source: 'snowflake-sdk' });
  sdk.configure({
    logLevel: 'WARN',
    additionalLogToConsole: false,
    customLogger: {
      error: (message) => log.error(message),
      warn: (message) => log.warn(message),
      info: (message) => log.info(message),
      debug: (message) => log.debug(message),
      trace: (message) => log.trace(message),
    },
  });
}
