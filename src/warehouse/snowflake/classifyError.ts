import { WarehouseError } from '../errors';

/** The fields of a snowflake-sdk error Pulse looks at. */
interface DriverError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  sqlState?: unknown;
  response?: { statusCode?: unknown; status?: unknown } | null;
  cause?: { code?: unknown; message?: unknown } | null;
}

export interface StatementFailure {
  error: WarehouseError;
  /**
   * The session is gone (expired, closed, or the driver dropped it) and the statement never ran:
   * a new connection may run it once more.
   */
  sessionLost: boolean;
}

/** Snowflake's codes for a session that no longer exists or whose tokens are no longer valid. */
const SESSION_CODES = new Set(['390111', '390112', '390114', '390104']);
/** The driver's own "this connection is not connected" codes: the request never left. */
const NOT_CONNECTED_CODES = new Set(['407001', '407002']);
const STATEMENT_TIMEOUT = '000630';
const CANCELLED = '000604';
/** "Object 'X' does not exist or not authorized", for a table, schema or database alike. */
const MISSING_OBJECT = '002003';
/** SQLSTATE's "base table or view not found". */
const TABLE_NOT_FOUND = '42S02';

export function classifyStatementError(raw: unknown, context: { deadlineSeconds: number }): StatementFailure {
  const error = asDriverError(raw);
  const code = error.code === undefined || error.code === null ? '' : String(error.code);
  const message = oneLine(error.message);

  if (SESSION_CODES.has(code) || NOT_CONNECTED_CODES.has(code)) {
    return { error: new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `the Snowflake session ended (${message || code})`, { cause: raw }), sessionLost: true };
  }
  switch (error.name) {
    case 'OperationFailedError':
      if (code === STATEMENT_TIMEOUT) {
        return {
          error: new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', `Snowflake stopped the statement at its time limit: ${message}`, { cause: raw, deadlineSeconds: context.deadlineSeconds }),
          sessionLost: false,
        };
      }
      if (code === CANCELLED) return { error: new WarehouseError('PULSE_WAREHOUSE_SQL', `the statement was cancelled in Snowflake (${CANCELLED})`, { cause: raw }), sessionLost: false };
      if (code === MISSING_OBJECT || error.sqlState === TABLE_NOT_FOUND) {
        return { error: new WarehouseError('PULSE_WAREHOUSE_MISSING_OBJECT', `${message} (${code || TABLE_NOT_FOUND})`, { cause: raw }), sessionLost: false };
      }
      return { error: new WarehouseError('PULSE_WAREHOUSE_SQL', code ? `${message} (${code})` : message, { cause: raw }), sessionLost: false };
    case 'NetworkError':
    case 'RequestFailedError':
    case 'UnexpectedContentError':
      return { error: new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `Snowflake could not be reached: ${networkReason(error)}`, { cause: raw }), sessionLost: false };
    case 'ClientError':
      // The driver refused the statement itself (bind values, options): a mistake in the statement.
      return { error: new WarehouseError('PULSE_WAREHOUSE_SQL', `the Snowflake driver refused the statement: ${message}`, { cause: raw }), sessionLost: false };
    default:
      return { error: new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `the Snowflake query failed: ${message || 'unknown error'}`, { cause: raw }), sessionLost: false };
  }
}

/**
 * A failed login in plain words. Snowflake's own reason ("Incorrect username or password was
 * specified.", "JWT token is invalid.") is safe to show: it never contains the credential.
 */
export function classifyLoginError(raw: unknown, username: string): WarehouseError {
  const error = asDriverError(raw);
  const code = error.code === undefined || error.code === null ? '' : String(error.code);
  const message = oneLine(error.message);
  switch (error.name) {
    case 'OperationFailedError':
      return new WarehouseError('PULSE_WAREHOUSE_AUTH', `Snowflake rejected the login for user ${username}: ${message || `error ${code}`}`, { cause: raw });
    case 'NetworkError':
    case 'RequestFailedError':
    case 'UnexpectedContentError':
      return new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `Snowflake could not be reached to log in: ${networkReason(error)}`, { cause: raw });
    default:
      // Anything else failed before a request left: reading or decrypting the private key, or
      // options the driver refused.
      // OpenSSL's only word for "this key is encrypted and no passphrase was given":
      if (/interrupted or cancelled/i.test(message)) {
        return new WarehouseError('PULSE_WAREHOUSE_AUTH', `Pulse could not use the private key for user ${username}: it is encrypted and no passphrase was given (SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)`, { cause: raw });
      }
      if (/key|passphrase|decrypt|pem|ENOENT|EACCES/i.test(`${message} ${code}`)) {
        return new WarehouseError('PULSE_WAREHOUSE_AUTH', `Pulse could not use the private key for user ${username}: ${message}`, { cause: raw });
      }
      return new WarehouseError('PULSE_WAREHOUSE_AUTH', `Snowflake login for user ${username} could not start: ${message || 'unknown error'}`, { cause: raw });
  }
}

function networkReason(error: DriverError): string {
  const status = error.response?.statusCode ?? error.response?.status;
  if (typeof status === 'number') return `HTTP ${status}`;
  const cause = error.cause;
  if (cause && typeof cause.code === 'string') return cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.code;
  if (cause && typeof cause.message === 'string' && cause.message) return oneLine(cause.message);
  return oneLine(error.message) || 'no answer';
}

function asDriverError(raw: unknown): DriverError {
  if (typeof raw === 'object' && raw !== null) return raw;
  return { message: String(raw) };
}

/** Snowflake messages span lines ("SQL compilation error:\nsyntax error …"); chat wants one. */
function oneLine(message: unknown): string {
  return typeof message === 'string' ? message.split('\n').map((line) => line.trim()).filter(Boolean).join(' ') : '';
}
