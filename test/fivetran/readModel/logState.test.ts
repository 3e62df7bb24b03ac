import { emptyLogState, expireLogState, expireLogStateInSlices, foldLogRows, type LogState } from '../../../src/fivetran/readModel/logState';
import type { Row } from '../../../src/warehouse/types';

const end = (id: string, at: string): Row => ({ cid: 'pg', id, time_stamp: at, event: 'INFO', message_event: 'sync_end', message_data: '{"status":"SUCCESSFUL"}', sync_id: id, shown: 1, observed_at: null, observed_ts: null, started_at: null });
const severe = (id: string, at: string): Row => ({ cid: 'pg', id, time_stamp: at, event: 'SEVERE', message_event: 'error', message_data: '{"message":"boom"}', sync_id: null, shown: 1, observed_at: null, observed_ts: null, started_at: null });
const observed = (at: string): Row => ({ cid: null, id: null, time_stamp: null, event: null, message_event: null, message_data: null, sync_id: null, shown: 0, observed_at: at, observed_ts: at, started_at: null });

const endsOf = (state: LogState) => state.connections.get('pg')?.ends.map((row) => row.at) ?? [];

describe('expiring the LOG state', () => {
  it('drops a row once the window passes it, whether or not the cycles before had anything to drop', async () => {
    const state = foldLogRows(emptyLogState(), [end('a', '2026-06-01T00:00:00.000Z'), end('b', '2026-06-03T00:00:00.000Z'), severe('e', '2026-05-25T00:00:00.000Z')]);
    expireLogState(state, '2026-05-20T00:00:00.000Z');
    expect(endsOf(state)).toHaveLength(2);
    // The oldest row kept is of another kind than the ends.
    expireLogState(state, '2026-05-26T00:00:00.000Z');
    expect(state.connections.get('pg')?.severe).toEqual([]);
    await expireLogStateInSlices(state, '2026-05-31T00:00:00.000Z');
    expect(endsOf(state)).toHaveLength(2);
    await expireLogStateInSlices(state, '2026-06-02T00:00:00.000Z');
    expect(endsOf(state)).toEqual(['2026-06-03T00:00:00.000Z']);
    expireLogState(state, '2026-06-04T00:00:00.000Z');
    expect(endsOf(state)).toEqual([]);
  });

  it('drops a row folded after the last expiring, even one older than everything that expiring kept', async () => {
    const state = foldLogRows(emptyLogState(), [end('b', '2026-06-03T00:00:00.000Z')]);
    await expireLogStateInSlices(state, '2026-05-20T00:00:00.000Z');
    // Loaded late: older than anything kept.
    foldLogRows(state, [end('a', '2026-06-01T00:00:00.000Z')]);
    await expireLogStateInSlices(state, '2026-06-02T00:00:00.000Z');
    expect(endsOf(state)).toEqual(['2026-06-03T00:00:00.000Z']);
  });

  it('drops the errors no count needs any more once a newer load is seen, with the window where it was', async () => {
    // An error before the last sync: kept only while it is within 24 h of the newest load.
    const state = foldLogRows(emptyLogState(), [observed('2026-06-03T01:00:00.000Z'), severe('e', '2026-06-02T12:00:00.000Z'), end('b', '2026-06-03T00:00:00.000Z')]);
    await expireLogStateInSlices(state, '2026-05-20T00:00:00.000Z');
    expect(state.connections.get('pg')?.counted.size).toBe(1);
    foldLogRows(state, [observed('2026-06-04T01:00:00.000Z')]);
    await expireLogStateInSlices(state, '2026-05-20T00:00:00.000Z');
    expect(state.connections.get('pg')?.counted.size).toBe(0);
  });
});
