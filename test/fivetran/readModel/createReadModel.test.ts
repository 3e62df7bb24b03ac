import pino from 'pino';
import { EMPTY_RULES } from '../../../src/config/loadAlertRules';
import { createReadModel } from '../../../src/fivetran/readModel/createReadModel';
import { readSnapshot } from '../../../src/fivetran/readSnapshot';
import { createMonitor } from '../../../src/jobs/monitor';
import type { Warehouse } from '../../../src/warehouse/types';
import { countingWarehouse } from '../../support/countingWarehouse';
import { at, NOW, PlatformData } from '../../support/platformData';

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

/** Appends LOG rows as the Platform connection would load them at `loaded`. */
async function load(warehouse: Warehouse, loaded: string, rows: Array<{ id: string; time: string; event: string; messageEvent: string; data: unknown; syncId?: string }>): Promise<void> {
  for (const row of rows) {
    await warehouse.query(
      `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
       VALUES (?, ?::TIMESTAMP, 'pg', ?, ?, ?, ?, ?::TIMESTAMP)`,
      [row.id, at(row.time), row.event, row.messageEvent, row.data === null ? null : JSON.stringify(row.data), row.syncId ?? null, at(loaded)],
      { tag: 'test:fixture' },
    );
  }
}

async function opened() {
  const data = new PlatformData().platform(15).connection({ id: 'pg' }).history('pg', 20, 60, 5).loadedAt('-5m');
  const warehouse = countingWarehouse(await data.open());
  return { data, warehouse };
}

describe('the read model', () => {
  it('reads LOG in full at start-up, then only the rows loaded since, and gives the full read\'s snapshot', async () => {
    const { data, warehouse } = await opened();
    try {
      // No overlap, so that the read is exactly the new load.
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 0 });
      const first = await model.read(NOW);
      expect(first).toMatchObject({ mode: 'full', reason: 'start' });
      expect(warehouse.statements.map((s) => s.tag).sort()).toEqual(['snapshot:events', 'snapshot:tables']);

      // A failed sync and its error, loaded 15 minutes later.
      await load(warehouse, '+10m', [
        { id: 'n1', time: '+1m', event: 'INFO', messageEvent: 'sync_start', data: null, syncId: 'new' },
        { id: 'n2', time: '+3m', event: 'SEVERE', messageEvent: 'error', data: { type: 'open_file', message: 'boom' }, syncId: 'new' },
        { id: 'n3', time: '+4m', event: 'INFO', messageEvent: 'sync_end', data: { status: 'FAILURE', reason: 'boom' }, syncId: 'new' },
        { id: 'n4', time: '+4m', event: 'INFO', messageEvent: 'write_to_table_end', data: {}, syncId: 'new' },
      ]);
      warehouse.statements.length = 0;
      const second = await model.read(minutes(15));
      expect(second).toMatchObject({ mode: 'incremental', reason: null });
      // LOG's new rows, and the small tables' side by side.
      expect(warehouse.statements.map((s) => s.tag).sort()).toEqual(['snapshot:new-events', 'snapshot:new-tables']);
      // The three new rows of the kinds a snapshot uses, and the newest load; nothing of the 20 syncs before.
      expect(second.logRowsRead).toBe(4);
      // CONNECTION, its names and MAR were loaded before the last read: only those of its newest
      // minute are read again, once, to be counted from there.
      expect(second.tableRowsRead).toBe(2);
      const pg = second.snapshot.connections.find((c) => c.connectionId === 'pg');
      expect(pg?.lastSync?.status).toBe('FAILURE');
      expect(pg?.severe24h).toBe(1);
      expect(second.snapshot.observedAt).toBe(at('+10m'));
      expect(second.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(15) }));
      expect((await model.read(minutes(16))).tableRowsRead).toBe(0);
    } finally {
      await warehouse.close();
    }
  });

  it('reads again what loads may have committed late, counting each row once', async () => {
    const { data, warehouse } = await opened();
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 30 });
      await load(warehouse, '+5m', [{ id: 'a', time: '+1m', event: 'SEVERE', messageEvent: 'error', data: { message: 'first' } }]);
      await model.read(minutes(6));
      // Committed after that read, stamped with a load before it.
      await load(warehouse, '+4m', [{ id: 'b', time: '+2m', event: 'SEVERE', messageEvent: 'error', data: { message: 'second' } }]);
      const read = await model.read(minutes(20));
      expect(read.mode).toBe('incremental');
      expect(read.snapshot.connections.find((c) => c.connectionId === 'pg')?.severe24h).toBe(2);
      expect(read.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(20) }));
    } finally {
      await warehouse.close();
    }
  });

  it('reads the overlap again only when the rows loaded in it are no longer the ones it counted', async () => {
    const { data, warehouse } = await opened();
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 30 });
      await model.read(NOW);
      const sync = (id: string, minute: number) => [
        { id: `${id}s`, time: `+${minute}m`, event: 'INFO', messageEvent: 'sync_start', data: null, syncId: id },
        { id: `${id}e`, time: `+${minute + 2}m`, event: 'INFO', messageEvent: 'sync_end', data: { status: 'SUCCESSFUL' }, syncId: id },
      ];
      await load(warehouse, '+10m', sync('a', 5));
      // The full read counted the overlap (the -5m load's 20 syncs' last rows are in it): not read again.
      const first = await model.read(minutes(12));
      expect(first.logRowsRead).toBe(3);
      expect(first.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(12) }));
      await load(warehouse, '+20m', sync('b', 15));
      // Counted since: the +10m load, within the overlap, is not read again; only the new sync and the newest load.
      expect((await model.read(minutes(22))).logRowsRead).toBe(3);
      // Committed after that read, stamped with a load before it, within the overlap: read again, counted once.
      await load(warehouse, '+19m', [{ id: 'late', time: '+16m', event: 'SEVERE', messageEvent: 'error', data: { message: 'late' } }]);
      await load(warehouse, '+30m', sync('c', 25));
      const late = await model.read(minutes(32));
      expect(late.logRowsRead).toBeGreaterThan(4);
      expect(late.snapshot.connections.find((c) => c.connectionId === 'pg')?.severe24h).toBe(1);
      expect(late.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(32) }));
      // And counted again: the next cycle reads only what is new.
      await load(warehouse, '+40m', sync('d', 35));
      const next = await model.read(minutes(42));
      expect(next.logRowsRead).toBe(3);
      expect(next.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(42) }));
    } finally {
      await warehouse.close();
    }
  });

  it('reads the overlap again at its first cycle when a load committed late into what the full read counted', async () => {
    const { data, warehouse } = await opened();
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 30 });
      const full = await model.read(NOW);
      expect(full.mode).toBe('full');
      // Committed after the full read, stamped with a load before the newest it saw (-5m), within the overlap.
      await load(warehouse, '-6m', [{ id: 'late', time: '-7m', event: 'SEVERE', messageEvent: 'error', data: { message: 'late' } }]);
      const first = await model.read(minutes(2));
      expect(first.mode).toBe('incremental');
      // The overlap's rows again (the late row among them) and the newest load.
      expect(first.logRowsRead).toBeGreaterThan(2);
      expect(first.snapshot.connections.find((c) => c.connectionId === 'pg')?.latestErrors.map((e) => e.message)).toContain('late');
      expect(first.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(2) }));
      // Counted again: nothing new, nothing read but the newest load.
      expect((await model.read(minutes(4))).logRowsRead).toBe(1);
    } finally {
      await warehouse.close();
    }
  });

  it('reads the rows of an unchanging table again only while they are within the overlap of the newest load', async () => {
    const { data, warehouse } = await opened();
    try {
      // CONNECTION, its names and MAR were loaded at -5m, with LOG.
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 15 });
      await model.read(NOW);
      await load(warehouse, '+30m', [{ id: 'x1', time: '+25m', event: 'INFO', messageEvent: 'sync_start', data: null, syncId: 'x' }]);
      // Within the overlap of the last load seen: read again, in case a load committed late.
      expect((await model.read(minutes(35))).tableRowsRead).toBe(2);
      await load(warehouse, '+60m', [{ id: 'x2', time: '+55m', event: 'INFO', messageEvent: 'sync_end', data: { status: 'SUCCESSFUL' }, syncId: 'x' }]);
      const read = await model.read(minutes(65));
      // LOG's newest load seen (+30m) is well past them: not read again.
      expect(read.tableRowsRead).toBe(0);
      expect(read.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(65) }));
    } finally {
      await warehouse.close();
    }
  });

  it('reads a small table\'s rows of the overlap again in a cycle with nothing new only when they changed', async () => {
    const { data, warehouse } = await opened();
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 15 });
      await model.read(NOW);
      // The first cycle reads the last load's rows of the small tables again, and checks them.
      expect((await model.read(minutes(1))).tableRowsRead).toBeGreaterThan(0);
      // Nothing new: checked, not read again.
      expect((await model.read(minutes(2))).tableRowsRead).toBe(0);

      // A load commits late, into the overlap, pausing pg in place: as many rows as before, at another time.
      await warehouse.query(`UPDATE FIVETRAN_LOG.CONNECTION SET paused = TRUE, _fivetran_synced = ?::TIMESTAMP WHERE connection_id = 'pg'`, [at('-6m')], { tag: 'test:fixture' });
      const paused = await model.read(minutes(3));
      expect(paused.tableRowsRead).toBeGreaterThan(0);
      expect(paused.snapshot.connections.find((c) => c.connectionId === 'pg')?.paused).toBe(true);
      expect(paused.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(3) }));
      expect((await model.read(minutes(4))).tableRowsRead).toBe(0);

      // A connection created by a load that commits late: one row more.
      await warehouse.query(
        `INSERT INTO FIVETRAN_LOG.CONNECTION (connection_id, connection_name, connector_type_id, destination_id, paused, signed_up, sync_frequency, _fivetran_deleted, _fivetran_synced)
         VALUES ('late', 'late_source', 'postgres', 'dest_main', FALSE, ?::TIMESTAMP, 60, FALSE, ?::TIMESTAMP)`,
        [at('-1d'), at('-7m')],
        { tag: 'test:fixture' },
      );
      const created = await model.read(minutes(5));
      expect(created.snapshot.connections.map((c) => c.connectionId)).toContain('late');
      expect(created.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(5) }));
      expect((await model.read(minutes(6))).tableRowsRead).toBe(0);
    } finally {
      await warehouse.close();
    }
  });

  it('reads a load\'s rows of the small tables once, not again at the next cycle with nothing new', async () => {
    const { data, warehouse } = await opened();
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { overlapMinutes: 15 });
      await model.read(NOW);
      await model.read(minutes(1));
      // A load renames pg, with a sync of its own.
      await load(warehouse, '+30m', [{ id: 'y1', time: '+25m', event: 'INFO', messageEvent: 'sync_start', data: null, syncId: 'y' }]);
      await warehouse.query(`UPDATE FIVETRAN_LOG.CONNECTION SET connection_name = 'pg_renamed', _fivetran_synced = ?::TIMESTAMP WHERE connection_id = 'pg'`, [at('+30m')], { tag: 'test:fixture' });
      const renamed = await model.read(minutes(35));
      expect(renamed.tableRowsRead).toBeGreaterThan(0);
      expect(renamed.snapshot.connections.find((c) => c.connectionId === 'pg')?.connectionName).toBe('pg_renamed');
      // The next cycle reads from below the new load, and already knows what is there.
      const next = await model.read(minutes(36));
      expect(next.tableRowsRead).toBe(0);
      expect(next.snapshot).toEqual(await readSnapshot(warehouse, data.schemaNaming, { at: minutes(36) }));
    } finally {
      await warehouse.close();
    }
  });

  it('counts a day\'s MAR in the month\'s from that day on, in a cycle with no row loaded since', async () => {
    const data = new PlatformData().platform(15).connection({ id: 'pg', name: 'pg' }).history('pg', 5, 60, 5).loadedAt('-5m');
    data.marRows('pg', 'dest_main', '2026-06-10', 100).marRows('pg', 'dest_main', '2026-06-16', 7);
    const warehouse = await data.open();
    const marOf = (read: { snapshot: { connections: Array<{ connectionId: string; marThisMonth: number }> } }) => read.snapshot.connections.find((c) => c.connectionId === 'pg')?.marThisMonth;
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { gapMinutes: 1440 });
      expect(marOf(await model.read(NOW))).toBe(100);
      expect(marOf(await model.read(minutes(60)))).toBe(100);
      const tomorrow = await model.read(new Date('2026-06-16T01:00:00.000Z'));
      expect(tomorrow).toMatchObject({ mode: 'incremental', tableRowsRead: 0 });
      expect(marOf(tomorrow)).toBe(107);
    } finally {
      await warehouse.close();
    }
  });

  it('reads the new month\'s MAR in full at its first cycle, even after that cycle failed', async () => {
    const data = new PlatformData().platform(15).connection({ id: 'pg', name: 'pg' }).history('pg', 5, 60, 5).loadedAt('-5m');
    data.marRows('pg', 'dest_main', '2026-06-10', 100).marRows('pg', 'dest_main', '2026-07-01', 7);
    const inner = await data.open();
    let failNext = false;
    const warehouse: Warehouse = {
      ...inner,
      query: (sql, binds, options) => {
        if (failNext && options?.tag === 'snapshot:new-tables') {
          failNext = false;
          return Promise.reject(new Error('the connection was lost'));
        }
        return inner.query(sql, binds, options);
      },
    };
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { gapMinutes: 30 * 1440, fullEveryMinutes: 30 * 1440 });
      const june = await model.read(NOW);
      expect(june.snapshot.connections.find((c) => c.connectionId === 'pg')?.marThisMonth).toBe(100);
      const july = new Date('2026-07-01T01:00:00.000Z');
      failNext = true;
      await expect(model.read(july)).rejects.toThrow('the connection was lost');
      const read = await model.read(new Date(july.getTime() + 60_000));
      expect(read.mode).toBe('incremental');
      expect(read.snapshot.connections.find((c) => c.connectionId === 'pg')?.marThisMonth).toBe(7);
      expect(read.snapshot).toEqual(await readSnapshot(inner, data.schemaNaming, { at: new Date(july.getTime() + 60_000) }));
    } finally {
      await inner.close();
    }
  });

  it('reads in full after a gap, when the schema naming changes, once a day, and when asked for an earlier instant', async () => {
    const { data, warehouse } = await opened();
    try {
      const model = createReadModel(warehouse, data.schemaNaming, { gapMinutes: 120, fullEveryMinutes: 300 });
      const modes: Array<string | null> = [];
      for (const minute of [0, 60, 240, 300, 360, 420, 480, 540, 600]) modes.push((await model.read(minutes(minute))).reason ?? 'incremental');
      expect(modes).toEqual(['start', 'incremental', 'gap', 'incremental', 'incremental', 'incremental', 'incremental', 'daily', 'incremental']);
      expect((await model.read(minutes(30))).reason).toBe('earlier');
      expect((await model.read(minutes(60))).mode).toBe('incremental');
      expect((await model.read(minutes(90), { ...data.schemaNaming, logIdColumns: ['connection_id', 'connector_id'] })).reason).toBe('naming');
    } finally {
      await warehouse.close();
    }
  });
});

describe('the monitor', () => {
  const monitorOn = (warehouse: Warehouse, data: PlatformData, incremental: boolean) =>
    createMonitor({
      warehouse,
      naming: data.schemaNaming,
      rules: EMPTY_RULES,
      tenantsTable: 'PUBLIC.TENANTS',
      fivetranSchema: 'FIVETRAN_LOG',
      logger: pino({ level: 'silent' }),
      ...(incremental ? { incremental: {} } : {}),
    });

  it('keeps the read model between cycles when asked to, and reads in full again after forgetting it', async () => {
    const { data, warehouse } = await opened();
    try {
      const monitor = monitorOn(warehouse, data, true);
      const logTags = () => warehouse.statements.map((s) => s.tag).filter((tag) => tag?.startsWith('snapshot:') && tag !== 'snapshot:connections' && tag !== 'snapshot:tables' && tag !== 'snapshot:new-tables');
      await monitor.judge(NOW);
      await monitor.judge(minutes(10));
      expect(logTags()).toEqual(['snapshot:events', 'snapshot:new-events']);
      monitor.forgetReadModel();
      await monitor.judge(minutes(20));
      expect(logTags()).toEqual(['snapshot:events', 'snapshot:new-events', 'snapshot:events']);
    } finally {
      await warehouse.close();
    }
  });

  it('reads LOG in full every time otherwise, as one-shot commands do', async () => {
    const { data, warehouse } = await opened();
    try {
      const monitor = monitorOn(warehouse, data, false);
      await monitor.judge(NOW);
      await monitor.judge(minutes(10));
      expect(warehouse.statements.map((s) => s.tag).filter((tag) => tag === 'snapshot:events' || tag === 'snapshot:new-events')).toEqual(['snapshot:events', 'snapshot:events']);
    } finally {
      await warehouse.close();
    }
  });
});
