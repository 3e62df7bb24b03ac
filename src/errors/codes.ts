/**
 * Every code Pulse's failures carry: stable, so scripts, log searches and people can rely on
 * them; a code is never renamed or given another meaning. The README's table "Error codes" says
 * what each means and what to do about it, and a test keeps the two lists equal.
 */
export const ERROR_CODES = [
  // A variable or ALERT_RULES_FILE is missing or wrong (ConfigError): the message names each one.
  'PULSE_CONFIG_INVALID',

  // The warehouse (WarehouseError, from either adapter).
  'PULSE_WAREHOUSE_TIMEOUT',
  'PULSE_WAREHOUSE_UNAVAILABLE',
  'PULSE_WAREHOUSE_AUTH',
  'PULSE_WAREHOUSE_SQL',
  'PULSE_WAREHOUSE_MISSING_OBJECT',
  'PULSE_WAREHOUSE_SCHEMA',

  // A Slack Web API call (@slack/web-api's errors, as Pulse names them when it explains or logs them).
  'PULSE_SLACK_REFUSED',
  'PULSE_SLACK_RATE_LIMITED',
  'PULSE_SLACK_UNREACHABLE',
  // A call whose answer never arrived or came too late (OutcomeUnknown): Slack may or may not have done it.
  'PULSE_SLACK_OUTCOME_UNKNOWN',

  // Fivetran's REST API (FivetranApiError, from the API client).
  'PULSE_FIVETRAN_AUTH',
  'PULSE_FIVETRAN_NOT_FOUND',
  'PULSE_FIVETRAN_REFUSED',
  'PULSE_FIVETRAN_RATE_LIMITED',
  'PULSE_FIVETRAN_UNREACHABLE',
  'PULSE_FIVETRAN_TIMEOUT',
  // A call that changes something got no answer: Fivetran may or may not have done it.
  'PULSE_FIVETRAN_OUTCOME_UNKNOWN',

  // What a person typed (BadInput, UnknownConnectionError, DemoOptionsError).
  'PULSE_INPUT_INVALID',
  'PULSE_INPUT_UNKNOWN_CONNECTION',
  'PULSE_INPUT_DEMO_OPTIONS',

  // The demo warehouse (DemoFileExistsError).
  'PULSE_DEMO_FILE_EXISTS',

  // The local Slack preview and its stand-in.
  'PULSE_PREVIEW_OPTIONS',
  'PULSE_PREVIEW_REQUEST',
  'PULSE_PREVIEW_INTERACTION',
  'PULSE_PREVIEW_BODY_TOO_LARGE',
  'PULSE_PREVIEW_WORKSPACE_UNREADABLE',
] as const;

export type PulseErrorCode = (typeof ERROR_CODES)[number];

const KNOWN = new Set<string>(ERROR_CODES);

export function isPulseErrorCode(value: unknown): value is PulseErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}
