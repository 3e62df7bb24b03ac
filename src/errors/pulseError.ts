import { isPulseErrorCode, type PulseErrorCode } from './codes';

/**
 * The base of Pulse's errors, after @slack/web-api's: a stable `code` from the catalogue
 * (errors/codes), a message for people, and the failure it stands for, if any, as `cause`.
 */
export class PulseError<Code extends PulseErrorCode = PulseErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'PulseError';
    this.code = code;
  }
}

/**
 * An error carrying a code from the catalogue. Read from the code rather than with instanceof: an
 * error may come from another copy of the module (under jest, for one) or another realm.
 */
export function isPulseError(error: unknown): error is { code: PulseErrorCode; message: string; cause?: unknown } {
  return typeof error === 'object' && error !== null && isPulseErrorCode((error as { code?: unknown }).code) && typeof (error as { message?: unknown }).message === 'string';
}
