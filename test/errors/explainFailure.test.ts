import { PassThrough } from 'node:stream';
import { ErrorCode } from '@slack/web-api';
import { BadInput } from '../../src/cli/badInput';
import { ConfigError } from '../../src/config/loadConfig';
import { describeFailure, explainFailure, failureCode } from '../../src/errors/explainFailure';
import { createLogger } from '../../src/log/logger';
import { WarehouseError } from '../../src/warehouse/errors';

/** A failure from @slack/web-api, as its WebClient throws it. */
const slackFailure = (code: string, error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code, data: { ok: false, error } });

describe('describeFailure', () => {
  it('says in plain words what went wrong with the warehouse, for each code', () => {
    expect(describeFailure(new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', 'x', { deadlineSeconds: 30 }))).toBe('the warehouse did not answer in 30 s');
    expect(describeFailure(new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'ECONNREFUSED 10.0.0.1'))).toBe('the warehouse is unreachable right now');
    expect(describeFailure(new WarehouseError('PULSE_WAREHOUSE_AUTH', 'Snowflake rejected the login for user PULSE: Incorrect username or password was specified.'))).toBe(
      'Snowflake rejected the login for user PULSE: Incorrect username or password was specified.',
    );
    expect(describeFailure(new WarehouseError('PULSE_WAREHOUSE_SQL', 'syntax error'))).toBe('the warehouse rejected a query: syntax error');
    expect(describeFailure(new WarehouseError('PULSE_WAREHOUSE_MISSING_OBJECT', "Object 'X' does not exist"))).toBe("the warehouse rejected a query: Object 'X' does not exist");
    expect(describeFailure(new WarehouseError('PULSE_WAREHOUSE_SCHEMA', 'FIVETRAN_LOG has no LOG table'))).toBe('FIVETRAN_LOG has no LOG table');
  });

  it('gives a Slack failure Slack\'s own error name, for the log and the audit trail, and never a token', () => {
    expect(describeFailure(slackFailure(ErrorCode.PlatformError, 'channel_not_found'))).toBe('slack_webapi_platform_error: channel_not_found: An API error occurred: channel_not_found');
    expect(describeFailure(Object.assign(new Error('invalid_auth for xoxb-123-456-abcdef'), { code: ErrorCode.RequestError }))).toBe('slack_webapi_request_error: invalid_auth for [redacted]');
  });

  it('names a failure Pulse did not expect as such, with its own words only when asked', () => {
    expect(describeFailure(new Error('boom'))).toBe('an unexpected error');
    expect(describeFailure(new Error('boom'), { details: true })).toBe('an unexpected error: boom');
    expect(describeFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), { details: true })).toBe('an unexpected error: ECONNRESET: read ECONNRESET');
  });
});

describe('failureCode', () => {
  it('is the code of Pulse\'s own errors, Pulse\'s name for Slack\'s, and null for the unexpected', () => {
    expect(failureCode(new WarehouseError('PULSE_WAREHOUSE_AUTH', 'x'))).toBe('PULSE_WAREHOUSE_AUTH');
    expect(failureCode(slackFailure(ErrorCode.PlatformError, 'not_in_channel'))).toBe('PULSE_SLACK_REFUSED');
    expect(failureCode(Object.assign(new Error('slow down'), { code: ErrorCode.RateLimitedError, retryAfter: 30 }))).toBe('PULSE_SLACK_RATE_LIMITED');
    expect(failureCode(Object.assign(new Error('socket hang up'), { code: ErrorCode.RequestError }))).toBe('PULSE_SLACK_UNREACHABLE');
    expect(failureCode(Object.assign(new Error('502'), { code: ErrorCode.HTTPError }))).toBe('PULSE_SLACK_UNREACHABLE');
    expect(failureCode(new Error('boom'))).toBeNull();
    expect(failureCode('a string')).toBeNull();
  });
});

describe('explainFailure', () => {
  it('makes one sentence, never doubling the reason\'s own punctuation', () => {
    expect(explainFailure('Pulse could not answer', new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', 'x', { deadlineSeconds: 2 }))).toBe('Pulse could not answer: the warehouse did not answer in 2 s.');
    expect(explainFailure('Pulse could not start', new WarehouseError('PULSE_WAREHOUSE_SCHEMA', 'FIVETRAN_LOG has no CONNECTION table: is FIVETRAN_SCHEMA right?'))).toBe(
      'Pulse could not start: FIVETRAN_LOG has no CONNECTION table: is FIVETRAN_SCHEMA right?',
    );
  });

  it('lets a configuration or input problem speak for itself: it names what to fix', () => {
    const config = new ConfigError([{ variable: 'PORT', expected: 'a whole number from 1 to 65535', got: '"eighty"' }]);
    expect(explainFailure('Pulse could not start', config)).toBe('Pulse cannot start: 1 configuration problem\n  - PORT: expected a whole number from 1 to 65535; got "eighty"');
    expect(explainFailure('Pulse could not run status', new BadInput('Unknown tenant "acne". Did you mean acme?'))).toBe('Unknown tenant "acne". Did you mean acme?');
  });

  it('says a failure was unexpected: in Slack without its words, on the CLI with them', () => {
    expect(explainFailure('Pulse could not answer', new TypeError("Cannot read properties of undefined (reading 'health')"), { logged: true })).toBe(
      'Pulse could not answer because of an unexpected error; it has been logged.',
    );
    expect(explainFailure('Pulse could not run status', new TypeError("Cannot read properties of undefined (reading 'health')"), { details: true })).toBe(
      "Pulse could not run status because of an unexpected error: Cannot read properties of undefined (reading 'health').",
    );
    expect(explainFailure('Who acknowledged these alerts could not be read', new Error('boom'))).toBe('Who acknowledged these alerts could not be read because of an unexpected error.');
  });
});

describe('the log', () => {
  it('gives a logged failure its code from the catalogue as pulseCode, Slack\'s included', () => {
    const stream = new PassThrough();
    const lines: Array<Record<string, unknown>> = [];
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)));
    const logger = createLogger({ level: 'info', format: 'json', destination: stream });
    logger.warn({ err: new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', 'too slow', { deadlineSeconds: 5 }) }, 'a');
    logger.warn({ err: slackFailure(ErrorCode.PlatformError, 'not_in_channel') }, 'b');
    logger.warn({ err: new Error('boom') }, 'c');
    expect(lines.map((line) => line.err)).toEqual([
      expect.objectContaining({ code: 'PULSE_WAREHOUSE_TIMEOUT', pulseCode: 'PULSE_WAREHOUSE_TIMEOUT', message: 'too slow' }),
      expect.objectContaining({ code: 'slack_webapi_platform_error', pulseCode: 'PULSE_SLACK_REFUSED' }),
      expect.not.objectContaining({ pulseCode: expect.anything() }),
    ]);
  });
});
