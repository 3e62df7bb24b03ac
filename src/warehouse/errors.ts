import { isPulseError, PulseError } from '../errors/pulseError';

/**
 * Warehouse failures as a small hierarchy with stable codes from Pulse's catalogue, so surfaces can
 * answer in plain words ("the warehouse did not answer in 30 s", errors/explainFailure) without
 * knowing which engine failed.
 */
export type WarehouseErrorCode =
  | 'PULSE_WAREHOUSE_TIMEOUT' // our own deadline passed; the statement was cancelled
  | 'PULSE_WAREHOUSE_UNAVAILABLE' // could not reach the warehouse (refused, 5xx, DNS, locked file)
  | 'PULSE_WAREHOUSE_AUTH' // credentials rejected
  | 'PULSE_WAREHOUSE_SQL' // the warehouse rejected the statement
  | 'PULSE_WAREHOUSE_MISSING_OBJECT' // a table, schema or database the statement names does not exist, or the role may not see it
  | 'PULSE_WAREHOUSE_SCHEMA'; // the Platform Connector schema lacks what Pulse needs

export class WarehouseError extends PulseError<WarehouseErrorCode> {
  /** For PULSE_WAREHOUSE_TIMEOUT: the deadline that passed, in seconds. */
  readonly deadlineSeconds?: number;

  constructor(code: WarehouseErrorCode, message: string, options: { cause?: unknown; deadlineSeconds?: number } = {}) {
    super(code, message, { cause: options.cause });
    this.name = 'WarehouseError';
    if (options.deadlineSeconds !== undefined) this.deadlineSeconds = options.deadlineSeconds;
  }
}

/** Read from the code, like every Pulse error: instanceof fails across copies of a module. */
export function isWarehouseError(error: unknown): error is WarehouseError {
  return isPulseError(error) && error.code.startsWith('PULSE_WAREHOUSE_');
}
