import type { SnowflakeConfig } from '../../src/config/loadConfig';
import { classifyLoginError, classifyStatementError } from '../../src/warehouse/snowflake/classifyError';
import { driverConnectionOptions, normalizePem } from '../../src/warehouse/snowflake/connectionOptions';
import { normalizeSnowflakeRows, normalizeSnowflakeValue } from '../../src/warehouse/snowflake/normalizeRows';
import { describeRetryReason } from '../../src/warehouse/snowflake/retryPolicy';
import { orderedBinds, toDuckDbValue } from '../support/snowflake/binds';
import { formatScaled } from '../support/snowflake/rowset';
import { parseSessionCommand } from '../support/snowflake/sessionCommands';

describe('normalising Snowflake rows', () => {
  it('gives each Snowflake type the value the DuckDB adapter gives', () => {
    const at = new Date('2026-11-26T08:00:00.123Z');
    expect(normalizeSnowflakeValue(12.5, 'fixed')).toBe(12.5);
    expect(normalizeSnowflakeValue('42', 'fixed')).toBe(42);
    expect(normalizeSnowflakeValue(Number.NaN, 'real')).toBe('NaN');
    expect(normalizeSnowflakeValue(true, 'boolean')).toBe(true);
    expect(normalizeSnowflakeValue(new Date('2026-11-26T00:00:00Z'), 'date')).toBe('2026-11-26');
    for (const type of ['timestamp_ntz', 'timestamp_ltz', 'timestamp_tz']) expect(normalizeSnowflakeValue(at, type)).toBe('2026-11-26T08:00:00.123Z');
    expect(normalizeSnowflakeValue({ status: 'ok', n: [1, 2] }, 'variant')).toBe('{"status":"ok","n":[1,2]}');
    expect(normalizeSnowflakeValue('plain', 'variant')).toBe('"plain"');
    expect(normalizeSnowflakeValue([1, 2], 'array')).toBe('[1,2]');
    expect(normalizeSnowflakeValue(Buffer.from([0xab, 0x01]), 'binary')).toBe('AB01');
    expect(normalizeSnowflakeValue(null, 'text')).toBeNull();
    expect(normalizeSnowflakeValue(undefined, 'fixed')).toBeNull();
  });

  it('lower-cases column names and keeps every column of the result', () => {
    const rows = normalizeSnowflakeRows([{ CONNECTION_ID: 'calendar_elected', SYNCED: 3 }], [
      { name: 'CONNECTION_ID', type: 'text' },
      { name: 'SYNCED', type: 'fixed' },
      { name: 'MISSING', type: 'text' },
    ]);
    expect(rows).toEqual([{ connection_id: 'calendar_elected', synced: 3, missing: null }]);
    expect(normalizeSnowflakeRows([{ A: 1, B: new Date('2026-01-01T00:00:00Z') }], undefined)).toEqual([{ a: 1, b: '2026-01-01T00:00:00.000Z' }]);
  });
});

describe('classifying snowflake-sdk errors', () => {
  const driverError = (name: string, fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? '')), { name, ...fields });

  it('tells a rejected statement, a server-side timeout, an unreachable Snowflake and a lost session apart', () => {
    const sql = classifyStatementError(driverError('OperationFailedError', { code: '002003', message: "SQL compilation error:\nObject 'X' does not exist." }), { deadlineSeconds: 60 });
    expect(sql).toMatchObject({ sessionLost: false, error: { code: 'PULSE_WAREHOUSE_MISSING_OBJECT', message: "SQL compilation error: Object 'X' does not exist. (002003)" } });
    const rejected = classifyStatementError(driverError('OperationFailedError', { code: '001003', message: "SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'SELEC'." }), { deadlineSeconds: 60 });
    expect(rejected.error.code).toBe('PULSE_WAREHOUSE_SQL');

    const timeout = classifyStatementError(driverError('OperationFailedError', { code: '000630', message: 'Statement reached its statement or warehouse timeout of 61 second(s) and was canceled.' }), { deadlineSeconds: 60 });
    expect(timeout.error).toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', deadlineSeconds: 60 });

    const refused = classifyStatementError(driverError('NetworkError', { code: 401001, message: 'Network error.', cause: { code: 'ECONNREFUSED' } }), { deadlineSeconds: 60 });
    expect(refused.error).toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: 'Snowflake could not be reached: connection refused' });
    const unavailable = classifyStatementError(driverError('RequestFailedError', { code: 401002, response: { statusCode: 503 } }), { deadlineSeconds: 60 });
    expect(unavailable.error.message).toBe('Snowflake could not be reached: HTTP 503');

    for (const code of ['390111', '390112', 407002]) {
      expect(classifyStatementError(driverError('OperationFailedError', { code, message: 'gone' }), { deadlineSeconds: 60 })).toMatchObject({ sessionLost: true, error: { code: 'PULSE_WAREHOUSE_UNAVAILABLE' } });
    }
  });

  it('words a failed login for a person', () => {
    expect(classifyLoginError(driverError('OperationFailedError', { code: '390100', message: 'Incorrect username or password was specified.' }), 'PULSE')).toMatchObject({
      code: 'PULSE_WAREHOUSE_AUTH',
      message: 'Snowflake rejected the login for user PULSE: Incorrect username or password was specified.',
    });
    expect(classifyLoginError(driverError('NetworkError', { code: 401001, cause: { code: 'ENOTFOUND' } }), 'PULSE')).toMatchObject({
      code: 'PULSE_WAREHOUSE_UNAVAILABLE',
      message: 'Snowflake could not be reached to log in: ENOTFOUND',
    });
    expect(classifyLoginError(new Error('error:1C800064:Provider routines::bad decrypt'), 'PULSE')).toMatchObject({
      code: 'PULSE_WAREHOUSE_AUTH',
      message: 'Pulse could not use the private key for user PULSE: error:1C800064:Provider routines::bad decrypt',
    });
  });
});

describe('the driver connection options', () => {
  const base: Omit<SnowflakeConfig, 'auth'> = { account: 'myorg-myaccount', username: 'PULSE', warehouse: 'WH', database: 'DB' };

  it('passes one way to authenticate, the access URL when set, and few login retries', () => {
    expect(driverConnectionOptions({ ...base, auth: { kind: 'password', password: 'pw' } }, { loginRetries: 1 })).toEqual({
      account: 'myorg-myaccount',
      username: 'PULSE',
      warehouse: 'WH',
      database: 'DB',
      application: 'FivetranPulse',
      sfRetryMaxLoginRetries: 1,
      clientSessionKeepAlive: false,
      password: 'pw',
    });
    const pem = '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n';
    expect(driverConnectionOptions({ ...base, role: 'R', accessUrl: 'http://127.0.0.1:9/', auth: { kind: 'keyPair', privateKey: pem, passphrase: 'p' } }, { loginRetries: 0 })).toMatchObject({
      role: 'R',
      accessUrl: 'http://127.0.0.1:9',
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      privateKeyPass: 'p',
    });
    const fromFile = driverConnectionOptions({ ...base, auth: { kind: 'keyPairPath', privateKeyPath: '/keys/rsa.p8' } }, { loginRetries: 1 });
    expect(fromFile).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', privateKeyPath: '/keys/rsa.p8' });
    expect(fromFile).not.toHaveProperty('password');
    expect(fromFile).not.toHaveProperty('privateKeyPass');
    expect(normalizePem('a\r\nb\\nc\n')).toBe('a\nb\nc');
  });

  it('names why the driver is retrying', () => {
    expect(describeRetryReason('0')).toBe('no connection');
    expect(describeRetryReason('503')).toBe('HTTP 503');
  });
});

describe('the stand-in\'s encodings', () => {
  it('writes scaled numbers as plain decimals', () => {
    expect(formatScaled(1250n, 2)).toBe('12.50');
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(42n, 0)).toBe('42');
    expect(formatScaled(1_705_322_096_789_000_000n, 9)).toBe('1705322096.789000000');
  });

  it('reads binds in placeholder order and refuses gaps', () => {
    expect(orderedBinds({ 2: { type: 'FIXED', value: '7' }, 1: { type: 'TEXT', value: 'a' } })).toEqual([
      { type: 'TEXT', value: 'a' },
      { type: 'FIXED', value: '7' },
    ]);
    expect(() => orderedBinds({ 2: { type: 'TEXT', value: 'a' } })).toThrow('bind 1 is missing');
    expect(toDuckDbValue({ type: 'FIXED', value: '9007199254740993' })).toBe(9007199254740993n);
    expect(toDuckDbValue({ type: 'BOOLEAN', value: 'false' })).toBe(false);
    expect(() => toDuckDbValue({ type: 'GEOGRAPHY', value: 'x' })).toThrow('unsupported bind type GEOGRAPHY');
  });

  it('understands the session commands it treats as no-ops', () => {
    expect(parseSessionCommand("alter session set query_tag = 'it''s', TIMEZONE = UTC;")).toEqual({ kind: 'set', parameters: { QUERY_TAG: "it's", TIMEZONE: 'UTC' } });
    expect(parseSessionCommand('USE ROLE ANALYST')).toEqual({ kind: 'use', object: 'role', name: 'ANALYST' });
    expect(parseSessionCommand('SELECT 1')).toBeNull();
  });
});
