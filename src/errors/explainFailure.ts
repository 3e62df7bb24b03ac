import type { PulseErrorCode } from './codes';
import { messageOf } from './messageOf';
import { isPulseError } from './pulseError';

/**
 * The one place a failure becomes words for a person: Slack answers, the CLI, the server's start-up
 * and the log all explain through it, from the failure's code. Nothing here is a stack or a secret.
 */

export interface ExplainOptions {
  /** Give an unexpected error's own words: for the CLI, the log and the audit trail, never a Slack answer. */
  details?: boolean;
  /** The caller logged the error, and the person is told so. */
  logged?: boolean;
}

/**
 * Slack's Web API client names its failures with codes of its own (@slack/web-api's ErrorCode);
 * these are Pulse's names for them.
 */
const SLACK_CODES: Record<string, PulseErrorCode> = {
  slack_webapi_platform_error: 'PULSE_SLACK_REFUSED',
  slack_webapi_rate_limited_error: 'PULSE_SLACK_RATE_LIMITED',
  slack_webapi_request_error: 'PULSE_SLACK_UNREACHABLE',
  slack_webapi_http_error: 'PULSE_SLACK_UNREACHABLE',
};

/** The failure's code in the catalogue; null for a failure Pulse did not expect. */
export function failureCode(error: unknown): PulseErrorCode | null {
  if (isPulseError(error)) return error.code;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? (SLACK_CODES[code] ?? null) : null;
}

/** Codes whose message already says everything a person needs, what to fix included. */
const SAYS_IT_ALL = (code: PulseErrorCode) => code.startsWith('PULSE_CONFIG_') || code.startsWith('PULSE_INPUT_');

const TOKEN = /xox[a-z]-[A-Za-z0-9-]+/g;

/** "code: Slack's error: message", for an error Pulse did not make: its own words, tokens redacted. */
function ownWords(error: unknown): string {
  if (error && typeof error === 'object') {
    const record = error as { code?: unknown; data?: { error?: unknown }; message?: unknown };
    const slackError = record.data && typeof record.data.error === 'string' ? record.data.error : null;
    const code = typeof record.code === 'string' ? record.code : null;
    const message = typeof record.message === 'string' ? record.message : null;
    const text = [code, slackError, message].filter(Boolean).join(': ');
    if (text) return text.replace(TOKEN, '[redacted]').slice(0, 300);
  }
  return messageOf(error).replace(TOKEN, '[redacted]').slice(0, 300);
}

/** Why something failed, as a phrase: "the warehouse did not answer in 30 s". */
export function describeFailure(error: unknown, options: ExplainOptions = {}): string {
  const code = failureCode(error);
  if (code === null) return options.details ? `an unexpected error: ${ownWords(error)}` : 'an unexpected error';
  const message = messageOf(error);
  switch (code) {
    case 'PULSE_WAREHOUSE_TIMEOUT': {
      const seconds = (error as { deadlineSeconds?: unknown }).deadlineSeconds;
      return `the warehouse did not answer in ${typeof seconds === 'number' ? seconds : '?'} s`;
    }
    case 'PULSE_WAREHOUSE_UNAVAILABLE':
      return 'the warehouse is unreachable right now';
    case 'PULSE_WAREHOUSE_SQL':
    case 'PULSE_WAREHOUSE_MISSING_OBJECT':
      return `the warehouse rejected a query: ${message}`;
    case 'PULSE_SLACK_REFUSED':
    case 'PULSE_SLACK_RATE_LIMITED':
    case 'PULSE_SLACK_UNREACHABLE':
      // For the log and the audit trail: Slack's own error name is what to search for.
      return ownWords(error);
    default:
      // The adapters and the rest word these for people already ("Snowflake rejected the login for
      // user PULSE: …", "FIVETRAN_LOG has no LOG table") and keep secrets out.
      return message;
  }
}

const sentence = (text: string) => `${text}${/[.?!]$/.test(text) ? '' : '.'}`;

/**
 * "<what Pulse was doing>: <why it failed>." as one sentence. A configuration or input problem is
 * its own message, which names what to fix. A failure Pulse did not expect says so, with its own
 * words when `details` is set, and that it was logged when `logged` is.
 */
export function explainFailure(doing: string, error: unknown, options: ExplainOptions = {}): string {
  const code = failureCode(error);
  if (code !== null && SAYS_IT_ALL(code)) return messageOf(error);
  if (code === null) {
    const own = options.details ? `: ${ownWords(error)}` : '';
    return sentence(`${doing} because of an unexpected error${own}${options.logged ? '; it has been logged' : ''}`);
  }
  return sentence(`${doing}: ${describeFailure(error, options)}`);
}
