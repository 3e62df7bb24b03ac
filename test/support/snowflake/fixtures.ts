import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { SnowflakeConfig } from '../../../src/config/loadConfig';
import { createLogger, type Logger } from '../../../src/log/logger';
import type { SnowflakeStandIn } from './standIn';

/** A logger whose JSON lines the test can read back. */
export function captureLogger(level = 'debug'): { logger: Logger; lines: () => string[]; entries: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level, format: 'json', destination });
  const lines = () => chunks.join('').split('\n').filter(Boolean);
  return { logger, lines, entries: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Pulse's Snowflake configuration pointed at a stand-in through SNOWFLAKE_ACCESS_URL. */
export function standInConfig(standIn: SnowflakeStandIn, username: string, auth: SnowflakeConfig['auth']): SnowflakeConfig {
  return { account: standIn.account, username, warehouse: 'PULSE_WH', database: 'PULSE_DB', role: 'PULSE_ROLE', auth, accessUrl: standIn.url };
}

export interface RsaKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** An RSA key pair as `openssl genrsa` + `pkcs8` would make for Snowflake key-pair auth. */
export function rsaKeyPair(passphrase?: string): RsaKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase } : { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}
