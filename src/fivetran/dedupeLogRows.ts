import type { Row } from '../warehouse/types';

/** A cell in a key: null apart from every text, the empty one included. */
const part = (value: Row[string] | undefined) => (value === null || value === undefined ? '\u0001' : String(value));

/**
 * LOG's rows without its exact duplicates: Fivetran writes some rows twice, and each event counts
 * once. LOG's key, (id, time_stamp), does not name an event: one connection's events can share
 * both (a sync's copy_rows and write_to_table_start, several schema changes, a records_modified per
 * table), so a row is a duplicate only when the event is the same too: its connection, id, time,
 * severity, name (message_event), data and sync. The first of each is kept, in the order given.
 */
export function dedupeLogRows<T extends Row>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = [row.cid, row.id, row.time_stamp, row.event, row.message_event, row.message_data, row.sync_id].map(part).join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
