import type { LiveConnection, LiveNotice } from './types';

type Json = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

/** An instant as ISO-8601 UTC, or null when absent or unreadable. */
function instant(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function notices(value: unknown): LiveNotice[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const item = record(entry);
    const code = text(item.code);
    if (code === null) return [];
    const details = item.details;
    return [{ code, message: text(item.message) ?? code, details: details === undefined || details === null ? null : typeof details === 'string' ? details : JSON.stringify(details) }];
  });
}

/**
 * One connection of Fivetran's API as Pulse sees it. Both namings are read (`id` or
 * `connection_id` / `connector_id`; `group_id` or `destination_group_id`), state may sit under
 * `status` (v1 and v2) or beside it; null when the item has no id at all.
 */
export function normalizeConnection(item: unknown, observedAt: string): LiveConnection | null {
  const row = record(item);
  const connectionId = text(row.id) ?? text(row.connection_id) ?? text(row.connector_id);
  if (connectionId === null) return null;
  const status = { ...row, ...record(row.status) };
  const paused = row.paused === true;
  const frequency = typeof row.sync_frequency === 'number' ? row.sync_frequency : Number.isFinite(Number(row.sync_frequency)) && row.sync_frequency !== null && row.sync_frequency !== undefined ? Number(row.sync_frequency) : null;
  return {
    connectionId,
    groupId: text(row.group_id) ?? text(row.destination_group_id),
    service: text(row.service) ?? text(row.connector_type),
    schema: text(row.schema) ?? text(row.connection_name) ?? text(row.connector_name),
    paused,
    setupState: text(status.setup_state) ?? 'connected',
    syncState: text(status.sync_state) ?? (paused ? 'paused' : 'scheduled'),
    updateState: text(status.update_state) ?? 'on_schedule',
    succeededAt: instant(row.succeeded_at),
    failedAt: instant(row.failed_at),
    syncFrequencyMinutes: frequency,
    tasks: notices(status.tasks),
    warnings: notices(status.warnings),
    observedAt,
  };
}
