/** Response bodies in the shapes Snowflake's REST endpoints use, as the driver reads them. */

export interface SnowflakeFailure {
  code: string;
  message: string;
  sqlState: string;
}

export function success(data: unknown): Record<string, unknown> {
  return { success: true, code: null, message: null, data };
}

export function loginFailure(code: string, message: string, loginName: unknown): Record<string, unknown> {
  return {
    success: false,
    code,
    message,
    data: { nextAction: 'RETRY_LOGIN', authnMethod: 'USERNAME_PASSWORD', loginName: typeof loginName === 'string' ? loginName : null, errorCode: code },
    headers: null,
  };
}

export function statementFailure(failure: SnowflakeFailure, queryId: string | null): Record<string, unknown> {
  return {
    success: false,
    code: failure.code,
    message: failure.message,
    data: { internalError: false, errorCode: failure.code, age: 0, sqlState: failure.sqlState, queryId, line: -1, pos: -1, type: 'COMPILATION' },
    headers: null,
  };
}

export const SESSION_GONE = { code: '390111', message: 'Session no longer exists.  New login required to access the service.', sqlState: '08001' };
export const NOT_EXECUTING = { code: '000605', message: 'Identified SQL statement is not currently executing.', sqlState: '01000' };
export const CANCELLED = { code: '000604', message: 'SQL execution canceled', sqlState: '57014' };

export function statementTimeout(seconds: number): SnowflakeFailure {
  return { code: '000630', message: `Statement reached its statement or warehouse timeout of ${seconds} second(s) and was canceled.`, sqlState: '57014' };
}

export function multipleStatements(count: number): SnowflakeFailure {
  return {
    code: '000008',
    message: `Actual statement count ${count} did not match the desired statement count 1.`,
    sqlState: '0A000',
  };
}

/**
 * DuckDB's error classes mapped to the Snowflake error a similar mistake produces, so callers see
 * realistic codes and SQL states. The message keeps DuckDB's wording: it is the useful part.
 */
export function failureFromDuckDb(error: unknown): SnowflakeFailure {
  const text = error instanceof Error ? error.message : String(error);
  // DuckDB's message without the echoed statement, and without the wrappers some call paths add.
  const message = (text.split(/\n\s*LINE \d+:/)[0] ?? text).replace(/^(?:\s*(?:Error|Failed to extract statements):\s*)+/i, '').trim();
  if (/^Parser Error/i.test(message)) return { code: '001003', message: `SQL compilation error:\n${message}`, sqlState: '42000' };
  if (/^Catalog Error/i.test(message)) return { code: '002003', message: `SQL compilation error:\n${message}`, sqlState: '42S02' };
  if (/^Binder Error/i.test(message)) return { code: '000904', message: `SQL compilation error:\n${message}`, sqlState: '42000' };
  if (/^(Conversion|Invalid Input) Error/i.test(message)) return { code: '100038', message, sqlState: '22018' };
  if (/^Constraint Error/i.test(message)) return { code: '100072', message, sqlState: '22000' };
  return { code: '100000', message, sqlState: '22000' };
}
