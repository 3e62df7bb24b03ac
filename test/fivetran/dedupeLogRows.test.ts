import { assembleErrorTypes } from '../../src/fivetran/analysis/errorTypes';
import { dedupeLogRows } from '../../src/fivetran/dedupeLogRows';
import { readSnapshot } from '../../src/fivetran/readSnapshot';
import type { Row } from '../../src/warehouse/types';
import { at, NOW, PlatformData } from '../support/platformData';

/**
 * LOG's key is (id, time_stamp), and even that repeats. Two rows sharing it are still two events
 * when anything else about them differs (dbt_fivetran_log #42: a copy_rows and a
 * write_to_table_start with one id and time; #49: several schema changes at one instant); only an
 * exact copy is a duplicate.
 */
const row = (overrides: Partial<Row>): Row => ({
  cid: 'pg',
  id: 'log_1',
  time_stamp: '2026-06-15T10:00:00.000Z',
  event: 'INFO',
  message_event: 'copy_rows',
  message_data: '{"table":"orders"}',
  sync_id: 'sync_1',
  ...overrides,
});

describe('dedupeLogRows', () => {
  it('keeps two events that share id and time_stamp but not their message_event', () => {
    const rows = [row({}), row({ message_event: 'write_to_table_start' })];
    expect(dedupeLogRows(rows)).toEqual(rows);
  });

  it('keeps two events that share id, time_stamp and message_event but not their data', () => {
    const rows = [row({ message_event: 'create_table', message_data: '{"table":"a"}' }), row({ message_event: 'create_table', message_data: '{"table":"b"}' })];
    expect(dedupeLogRows(rows)).toEqual(rows);
  });

  it('counts an exact copy once, keeping the first', () => {
    const first = row({});
    expect(dedupeLogRows([first, row({}), row({ id: 'log_2' }), row({})])).toEqual([first, row({ id: 'log_2' })]);
  });

  it('tells connections apart', () => {
    expect(dedupeLogRows([row({}), row({ cid: 'sf' })])).toHaveLength(2);
  });
});

describe('the read model counts each LOG event once, and every event', () => {
  it('sums the rows of every table of the last sync, though LOG gave them one id and time, and a copy once', async () => {
    const data = new PlatformData().platform().connection({ id: 'pg' });
    data.event('pg', '-30m', 'INFO', 'sync_start', null, 'sync_1');
    data.event('pg', '-20m', 'INFO', 'records_modified', { table: 'orders', count: 10 }, 'sync_1');
    data.event('pg', '-20m', 'INFO', 'records_modified', { table: 'customers', count: 5 }, 'sync_1');
    data.event('pg', '-20m', 'INFO', 'create_table', { schema: 'public', table: 'orders' });
    data.event('pg', '-20m', 'INFO', 'create_table', { schema: 'public', table: 'customers' });
    data.event('pg', '-10m', 'INFO', 'sync_end', { status: 'SUCCESSFUL' }, 'sync_1');
    const shared = data.log.filter((r) => r.time_stamp === at('-20m'));
    for (const r of shared) r.id = 'log_shared';
    // Fivetran wrote the first table's row twice.
    data.log.push({ ...(shared[0] as (typeof data.log)[number]) });

    const warehouse = await data.open();
    try {
      const snapshot = await readSnapshot(warehouse, data.schemaNaming, { at: NOW });
      const pg = snapshot.connections.find((c) => c.connectionId === 'pg');
      expect(pg?.rowsModifiedLastSync).toBe(15);
      expect(pg?.schemaChanges30d.map((s) => s.summary).sort()).toEqual(['create table public.customers', 'create table public.orders']);
      expect(pg?.recentSyncs).toHaveLength(1);
    } finally {
      await warehouse.close();
    }
  });

  it('counts two errors written with one id and time as two, and a copy of one as one', () => {
    const error = (message: string) => row({ event: 'SEVERE', message_event: 'error', message_data: JSON.stringify({ type: 'open_file', message }), connection_name: 'pg' });
    const analysis = assembleErrorTypes([error('file a'), error('file b'), error('file a')], 100);
    expect(analysis.total).toBe(2);
    expect(analysis.types).toEqual([expect.objectContaining({ type: 'open_file', count: 2 })]);
  });
});
