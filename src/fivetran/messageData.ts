/**
 * `message_data` arrives as JSON text, a VARIANT's JSON, JSON encoded twice, plain text, truncated
 * JSON or NULL, with camelCase or snake_case keys. Parsing never throws: a bad row degrades to
 * "no fields", and the raw text stays available for display.
 */
export type MessageFields = Record<string, unknown>;

export function parseMessageData(raw: unknown): MessageFields {
  let value: unknown = raw;
  // Twice at most: Fivetran has been seen writing a JSON string that itself holds JSON.
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth += 1) {
    const text = value.trim();
    if (!text.startsWith('{') && !text.startsWith('"')) return {};
    try {
      value = JSON.parse(text);
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as MessageFields) : {};
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A field by its snake_case name, found under either spelling. */
export function field(fields: MessageFields, snakeName: string): unknown {
  if (snakeName in fields) return fields[snakeName];
  for (const key of Object.keys(fields)) {
    if (toSnake(key) === snakeName) return fields[key];
  }
  return undefined;
}

export function textField(fields: MessageFields, snakeName: string): string | null {
  const value = field(fields, snakeName);
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function numberField(fields: MessageFields, snakeName: string): number | null {
  const value = field(fields, snakeName);
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

/** What a person should read of an error or warning: its message, else its reason, else the raw text. */
export function describeMessage(raw: unknown, fields: MessageFields): string {
  const text = textField(fields, 'message') ?? textField(fields, 'reason') ?? textField(fields, 'type');
  if (text) return text;
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  return 'no message';
}

/** RESCHEDULED "intended behavior" is Fivetran flushing a priority-first sync: healthy, not a failure. */
export function isPriorityFirstReschedule(status: string, reason: string | null): boolean {
  return status === 'RESCHEDULED' && reason !== null && /intended behavio/i.test(reason);
}

export const FAILURE_STATUSES = new Set(['FAILURE', 'FAILURE_WITH_TASK']);
/** Statuses that say nothing about health: a user cancelled, or Fivetran rescheduled. */
export const NEUTRAL_STATUSES = new Set(['CANCELED', 'CANCELLED', 'RESCHEDULED']);
