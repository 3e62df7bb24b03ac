import type { ConnectionOptions } from 'snowflake-sdk';
import type { SnowflakeConfig } from '../../config/loadConfig';

export interface DriverSettings {
  /** Login attempts the driver makes after a failed first one (network errors and 5xx only). */
  loginRetries: number;
}

/** Names Pulse in Snowflake's login and query history (CLIENT_APPLICATION). */
export const APPLICATION_NAME = 'FivetranPulse';

/**
 * The driver's connection options for Pulse's configuration. Pure, so what Pulse asks of the
 * driver is visible in one place: the account URL (or `SNOWFLAKE_ACCESS_URL` instead), one way to
 * authenticate, and few login retries because Pulse has its own deadlines and reconnects itself.
 */
export function driverConnectionOptions(config: SnowflakeConfig, settings: DriverSettings): ConnectionOptions {
  const options: ConnectionOptions = {
    account: config.account,
    username: config.username,
    warehouse: config.warehouse,
    database: config.database,
    application: APPLICATION_NAME,
    sfRetryMaxLoginRetries: settings.loginRetries,
    // Pulse reconnects when a session is gone; a heartbeat timer would only keep idle processes busy.
    clientSessionKeepAlive: false,
  };
  if (config.role) options.role = config.role;
  if (config.accessUrl) options.accessUrl = config.accessUrl.replace(/\/+$/, '');
  const auth = config.auth;
  switch (auth.kind) {
    case 'password':
      options.password = auth.password;
      break;
    case 'keyPair':
      options.authenticator = 'SNOWFLAKE_JWT';
      options.privateKey = normalizePem(auth.privateKey);
      if (auth.passphrase) options.privateKeyPass = auth.passphrase;
      break;
    case 'keyPairPath':
      options.authenticator = 'SNOWFLAKE_JWT';
      options.privateKeyPath = auth.privateKeyPath;
      if (auth.passphrase) options.privateKeyPass = auth.passphrase;
      break;
  }
  return options;
}

/** A PEM pasted into an environment variable often arrives with literal `\n` or CRLF line ends. */
export function normalizePem(pem: string): string {
  return pem.replace(/\\n/g, '\n').replace(/\r\n/g, '\n').trim();
}
