import { describeWarehouseError, explainWarehouseError, WarehouseError } from '../../src/warehouse/errors';

describe('describeWarehouseError', () => {
  it('says in plain words what went wrong, for each code', () => {
    expect(describeWarehouseError(new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', 'x', { deadlineSeconds: 30 }))).toBe('the warehouse did not answer in 30 s');
    expect(describeWarehouseError(new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'ECONNREFUSED 10.0.0.1'))).toBe('the warehouse is unreachable right now');
    expect(describeWarehouseError(new WarehouseError('PULSE_WAREHOUSE_AUTH', 'Snowflake rejected the login for user PULSE: Incorrect username or password was specified.'))).toBe(
      'Snowflake rejected the login for user PULSE: Incorrect username or password was specified.',
    );
    expect(describeWarehouseError(new WarehouseError('PULSE_WAREHOUSE_SQL', 'syntax error'))).toBe('the warehouse rejected a query: syntax error');
    expect(describeWarehouseError(new WarehouseError('PULSE_WAREHOUSE_SCHEMA', 'FIVETRAN_LOG has no LOG table'))).toBe('FIVETRAN_LOG has no LOG table');
    expect(describeWarehouseError(new Error('boom'))).toBe('the warehouse query failed unexpectedly');
  });
});

describe('explainWarehouseError', () => {
  it('makes one sentence, never doubling the reason\'s own punctuation', () => {
    expect(explainWarehouseError('Pulse could not answer', new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', 'x', { deadlineSeconds: 2 }))).toBe('Pulse could not answer: the warehouse did not answer in 2 s.');
    expect(explainWarehouseError('Pulse could not start', new WarehouseError('PULSE_WAREHOUSE_SCHEMA', 'FIVETRAN_LOG has no CONNECTION table: is FIVETRAN_SCHEMA right?'))).toBe(
      'Pulse could not start: FIVETRAN_LOG has no CONNECTION table: is FIVETRAN_SCHEMA right?',
    );
  });
});
