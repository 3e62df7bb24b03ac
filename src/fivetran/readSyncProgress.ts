import { bindNamed } from '../warehouse/namedBinds';
import type { Warehouse } from '../warehouse/types';
import { logConnectionId } from './logColumns';
import { parseMessageData, textField } from './messageData';
import type { SchemaNaming } from './schemaNaming';

export interface SyncProgress {
  /** The newest sync_start at or after `since`. */
  startedAt: string | null;
  /** The sync_end that closed it, if it has ended. */
  endedAt: string | null;
  status: string | null;
  reason: string | null;
}

/**
 * Where one connection's current sync stands, for `/fivetran watch`: a small read of that
 * connection's sync events since the watch began, so following a sync never re-reads the account.
 */
export async function readSyncProgress(warehouse: Warehouse, naming: SchemaNaming, connectionId: string, since: Date, now: Date): Promise<SyncProgress> {
  const { sql, binds } = bindNamed(
    `SELECT message_event, time_stamp, message_data FROM ${naming.schema}.LOG
    WHERE time_stamp >= {since}::TIMESTAMP AND time_stamp <= {to}::TIMESTAMP
      AND ${logConnectionId(naming)} = {connectionId}
      AND message_event IN ('sync_start', 'sync_end', 'status')
    ORDER BY time_stamp DESC
    LIMIT 20`,
    { since: since.toISOString(), to: now.toISOString(), connectionId },
  );
  const rows = await warehouse.query(sql, binds, { tag: 'watch:progress' });
  const start = rows.find((r) => r.message_event === 'sync_start');
  const startedAt = start ? String(start.time_stamp) : null;
  const end = rows.find((r) => r.message_event !== 'sync_start' && (startedAt === null || String(r.time_stamp) >= startedAt));
  if (!end) return { startedAt, endedAt: null, status: null, reason: null };
  const fields = parseMessageData(end.message_data);
  return { startedAt, endedAt: String(end.time_stamp), status: textField(fields, 'status') ?? 'UNKNOWN', reason: textField(fields, 'reason') };
}
