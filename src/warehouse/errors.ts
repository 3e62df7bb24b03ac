/**
 * Warehouse failures as a small hierarchy with stable codes, so surfaces can answer in plain words
 * ("the warehouse did not answer in 30 s") without knowing which engine failed.
 */
export type WarehouseErrorCode =
  | 'PULSE_WAREHOUSE_TIMEOUT' // our own deadline passed; the statement was cancelled
  | 'PULSE_WAREHOUSE_UNAVAILABLE' // could not reach the warehouse (refused, 5xx, DNS, locked file)
  | 'PULSE_WAREHOUSE_AUTH' // credentials rejected
  | 'PULSE_WAREHOUSE_SQL' // the warehouse rejected the statement
  | 'PULSE_WAREHOUSE_SCHEMA'; // the Platform Connector schema lacks what Pulse needs

export class WarehouseError extends Error {
  readonly code: WarehouseErrorCode;
  /** For PULSE_WAREHOUSE_TIMEOUT: the deadline that passed, in seconds. */
  readonly deadlineSeconds?: number;

  constructor(code: WarehouseErrorCode, message: string, options: { cause?: unknown; deadlineSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'WarehouseError';
    this.code = code;
    if (options.deadlineSeconds !== undefined) this.deadlineSeconds = options.deadlineSeconds;
  }
}

export function isWarehouseError(error: unknown): error is WarehouseError {
  return error instanceof WarehouseError;
}

/** One sentence for a person: what went wrong with the warehouse, never a stack or a secret. */
export function describeWarehouseError(error: unknown): string {
  if (!isWarehouseError(error)) return 'the warehouse query failed unexpectedly';
  switch (error.code) {
    case 'PULSE_WAREHOUSE_TIMEOUT':
      return `the warehouse did not answer in ${error.deadlineSeconds ?? '?'} s`;
    case 'PULSE_WAREHOUSE_UNAVAILABLE':
      return 'the warehouse is unreachable right now';
    case 'PULSE_WAREHOUSE_AUTH':
      // The adapters word these for people ("Snowflake rejected the login for user PULSE: …") and keep secrets out.
      return error.message;
    case 'PULSE_WAREHOUSE_SQL':
      return `the warehouse rejected a query: ${error.message}`;
    case 'PULSE_WAREHOUSE_SCHEMA':
      return error.message;
  }
}

/** "<what Pulse was doing>: <why it failed>." as one sentence, whatever punctuation the reason ends with. */
export function explainWarehouseError(doing: string, error: unknown): string {
  const reason = describeWarehouseError(error);
  return `${doing}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`;
}
