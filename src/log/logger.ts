import pino, { type Logger } from 'pino';
import { failureCode } from '../errors/explainFailure';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear, so a token or password that reaches a log call by
 * accident (a config object, a driver option, an HTTP header) never reaches the output.
 */
export const REDACTED_PATHS = [
  'password',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'privateKey',
  'privateKeyPass',
  'passphrase',
  'authorization',
  'apiKey',
  'apiSecret',
  'webhookSecret',
  'secret',
  '*.password',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.privateKey',
  '*.privateKeyPass',
  '*.passphrase',
  '*.authorization',
  '*.apiKey',
  '*.apiSecret',
  '*.webhookSecret',
  '*.secret',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  'config.slack.credentials',
  'config.warehouse.snowflake.auth',
  'credentials',
  '*.credentials',
  'config.live.credentials',
  'config.live.webhookSecret',
];

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go; tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

/**
 * An error as a log line shows it: pino's fields, and `pulseCode`, the code of Pulse's catalogue
 * (the README's "Error codes"), for failures Pulse knows: its own, and Slack's under Pulse's name.
 */
function serializeError(error: unknown): Record<string, unknown> {
  const shown = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const code = failureCode(error);
  return code === null ? shown : { ...shown, pulseCode: code };
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { app: 'fivetran-pulse' },
    serializers: { err: serializeError },
  };
  if (options.destination) return pino(base, options.destination as pino.DestinationStream);
  if (options.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', destination: 2 } } });
  }
  return pino(base, pino.destination(2));
}
