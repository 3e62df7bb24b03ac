import type { WebhookEvent } from './types';

export type ParsedWebhook = { ok: true; event: WebhookEvent } | { ok: false; problem: string };

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * A delivery's body into a WebhookEvent, whichever naming it uses (`connector_id` or
 * `connection_id`, `group_id` or `destination_group_id`). Never throws: what is not a webhook gets
 * a problem in words, for the 400 answer.
 */
export function parseWebhook(rawBody: Buffer | string): ParsedWebhook {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString());
  } catch {
    return { ok: false, problem: 'the body is not JSON' };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problem: 'the body is not a JSON object' };
  const fields = body as Record<string, unknown>;
  const event = text(fields.event);
  if (!event) return { ok: false, problem: 'the body has no "event"' };
  const createdAt = text(fields.created);
  if (!createdAt || Number.isNaN(Date.parse(createdAt))) return { ok: false, problem: 'the body has no valid "created" time' };
  const connectionId = text(fields.connection_id) ?? text(fields.connector_id);
  if (!connectionId) return { ok: false, problem: 'the body names no connection ("connector_id" or "connection_id")' };
  const data = fields.data !== null && typeof fields.data === 'object' && !Array.isArray(fields.data) ? (fields.data as Record<string, unknown>) : {};
  return {
    ok: true,
    event: {
      event,
      createdAt: new Date(createdAt).toISOString(),
      connectionId,
      connectionName: text(fields.connection_name) ?? text(fields.connector_name),
      connectorType: text(fields.connector_type),
      groupId: text(fields.destination_group_id) ?? text(fields.group_id),
      syncId: text(fields.sync_id),
      status: text(data.status),
      reason: text(data.reason),
      taskType: text(data.taskType) ?? text(data.task_type),
    },
  };
}

/** What makes two deliveries the same event: Fivetran retries and duplicates, and signs no timestamp. */
export function webhookKey(event: WebhookEvent): string {
  return [event.event, event.connectionId, event.syncId ?? '', event.createdAt].join('\u0000');
}
