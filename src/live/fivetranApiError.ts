import { PulseError } from '../errors/pulseError';

export type FivetranApiCode =
  | 'PULSE_FIVETRAN_AUTH'
  | 'PULSE_FIVETRAN_NOT_FOUND'
  | 'PULSE_FIVETRAN_REFUSED'
  | 'PULSE_FIVETRAN_RATE_LIMITED'
  | 'PULSE_FIVETRAN_UNREACHABLE'
  | 'PULSE_FIVETRAN_TIMEOUT'
  | 'PULSE_FIVETRAN_OUTCOME_UNKNOWN';

/**
 * A call to Fivetran's REST API that failed, worded for people: what was asked, and Fivetran's own
 * code and message when it gave them. Never carries the key or the secret.
 */
export class FivetranApiError extends PulseError<FivetranApiCode> {
  /** The HTTP status, when Fivetran answered. */
  readonly status: number | null;
  /** Fivetran's `code` (`NotFound_Connector`, `TooManyRequests`…), when it gave one. */
  readonly fivetranCode: string | null;

  constructor(code: FivetranApiCode, message: string, details: { status?: number | null; fivetranCode?: string | null; cause?: unknown } = {}) {
    super(code, message, 'cause' in details ? { cause: details.cause } : {});
    this.name = 'FivetranApiError';
    this.status = details.status ?? null;
    this.fivetranCode = details.fivetranCode ?? null;
  }
}

/** The code of Pulse's catalogue for an answer Fivetran gave with this HTTP status. */
export function codeForStatus(status: number): FivetranApiCode {
  if (status === 401 || status === 403) return 'PULSE_FIVETRAN_AUTH';
  if (status === 404) return 'PULSE_FIVETRAN_NOT_FOUND';
  if (status === 429) return 'PULSE_FIVETRAN_RATE_LIMITED';
  if (status >= 500) return 'PULSE_FIVETRAN_UNREACHABLE';
  return 'PULSE_FIVETRAN_REFUSED';
}
