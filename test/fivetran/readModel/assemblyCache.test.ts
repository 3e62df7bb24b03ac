import { assembleSnapshot } from '../../../src/fivetran/assembleSnapshot';
import { assembleChangedInSlices, emptyAssemblyCache } from '../../../src/fivetran/readModel/assemblyCache';
import { emptyLogState, expireLogState, foldLogRows, type LogState } from '../../../src/fivetran/readModel/logState';
import type { Row } from '../../../src/warehouse/types';

/**
 * A read model assembles again only the connections whose inputs changed; these are the cases
 * where a change leaves every size of a connection's LOG state as it was, so only the connections
 * named by the cycle, and the newest load, can tell the cache that its snapshot is stale.
 */

const HOUR = 3_600_000;
const T0 = Date.parse('2026-06-10T00:00:00.000Z');
const iso = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

const connectionRow: Row = { connection_id: 'a', connection_name: 'A', connector_type: 'postgres', connector_type_name: 'PostgreSQL', destination_id: 'd', destination_name: 'D', paused: false, signed_up: iso(-100), sync_frequency: 60, mar_this_month: 10 };

const logRow = (id: string, hours: number, event: string, messageEvent: string, data: unknown, syncId: string | null): Row => ({
  cid: 'a',
  id,
  time_stamp: iso(hours),
  event,
  message_event: messageEvent,
  message_data: data === null ? null : JSON.stringify(data),
  sync_id: syncId,
  shown: 1,
  observed_at: null,
  observed_ts: null,
});
const observed = (hours: number): Row => ({ ...logRow('', hours, '', '', null, null), cid: null, shown: 0, observed_at: iso(hours), observed_ts: iso(hours) });
const end = (n: number, hours: number) => logRow(`end${n}`, hours, 'INFO', 'sync_end', { status: 'SUCCESSFUL' }, `s${n}`);
const start = (n: number, hours: number) => logRow(`start${n}`, hours, 'INFO', 'sync_start', null, `s${n}`);

/** One cycle as the read model runs it: fold, expire, assemble with the cache, and the full assembly beside it. */
async function cycle(state: LogState, cache: ReturnType<typeof emptyAssemblyCache>, rows: Row[], fromHours: number, toHours: number) {
  foldLogRows(state, rows);
  expireLogState(state, iso(fromHours));
  const touched = new Set(rows.map((row) => String(row.cid)));
  const cached = await assembleChangedInSlices(cache, [connectionRow], state, iso(toHours), touched);
  return { cached, full: assembleSnapshot([connectionRow], state, iso(toHours)) };
}

describe('assembling only the connections that changed', () => {
  it('assembles again a connection whose new sync end pushed out its oldest, every size unchanged', async () => {
    const state = emptyLogState();
    const cache = emptyAssemblyCache();
    // Twelve ended syncs (the first without a start row) and a thirteenth running.
    const first = [observed(13), end(1, 1), ...Array.from({ length: 11 }, (_, i) => [start(i + 2, i + 1.5), end(i + 2, i + 2)]).flat(), start(13, 12.5)];
    const before = await cycle(state, cache, first, -24, 13);
    expect(before.cached).toEqual(before.full);
    expect(before.cached.connections[0]?.runningSince).toBe(iso(12.5));

    const after = await cycle(state, cache, [observed(14), end(13, 13.5)], -23, 14);
    expect(after.cached.connections[0]?.lastSync?.syncId).toBe('s13');
    expect(after.cached.connections[0]?.runningSince).toBeNull();
    expect(after.cached).toEqual(after.full);
  });

  it('assembles again a connection without new rows whose oldest rows left the window', async () => {
    const state = emptyLogState();
    const cache = emptyAssemblyCache();
    const change = logRow('c1', 1, 'INFO', 'alter_table', { type: 'ADD_COLUMN', table: 'orders' }, null);
    const warning = logRow('w1', 1.5, 'WARNING', 'warning', { message: 'slow' }, null);
    const before = await cycle(state, cache, [observed(3), change, warning, start(1, 2), end(1, 2.5)], -24, 3);
    expect(before.cached.connections[0]?.schemaChanges30d).toHaveLength(1);
    expect(before.cached).toEqual(before.full);

    // Nothing new of this connection; the window's start passes its schema change and its warning.
    const after = await cycle(state, cache, [observed(4)], 1.75, 4);
    expect(after.cached.connections[0]?.schemaChanges30d).toHaveLength(0);
    expect(after.cached.connections[0]?.latestErrors).toHaveLength(0);
    expect(after.cached).toEqual(after.full);
    // And with nothing removed since, what was assembled is kept as it is.
    const again = await cycle(state, cache, [observed(4)], 1.8, 4);
    expect(again.cached.connections[0]).toBe(after.cached.connections[0]);
  });

  it('counts again the errors of the last 24 h when only the newest load moved', async () => {
    const state = emptyLogState();
    const cache = emptyAssemblyCache();
    const error = logRow('e1', 2, 'SEVERE', 'error', { message: 'boom' }, null);
    const before = await cycle(state, cache, [observed(3), start(1, 0.5), end(1, 1), error], -24, 3);
    expect(before.cached.connections[0]?.severe24h).toBe(1);
    expect(before.cached).toEqual(before.full);

    // A load of rows of other connections only: the error, after the last sync, is still counted
    // since the last sync, but no longer in the 24 h before the newest load.
    const after = await cycle(state, cache, [observed(27)], -20, 27);
    expect(after.cached.connections[0]?.severeSinceLastSync).toBe(1);
    expect(after.cached.connections[0]?.severe24h).toBe(0);
    expect(after.cached).toEqual(after.full);
  });
});
