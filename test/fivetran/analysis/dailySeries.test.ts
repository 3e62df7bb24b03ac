import { readDailyMar, readTimedSyncs, sumByDay, dailyMarStatement, timedSyncsStatement } from '../../../src/fivetran/analysis/dailySeries';
import { assertParsesAsSnowflake } from '../../support/sqlCheck';
import { at, PlatformData, type Naming } from '../../support/platformData';

async function withWarehouse<T>(data: PlatformData, read: (data: PlatformData, warehouse: Awaited<ReturnType<PlatformData['open']>>) => Promise<T>): Promise<T> {
  const warehouse = await data.open();
  try {
    return await read(data, warehouse);
  } finally {
    await warehouse.close();
  }
}

describe('MAR by day', () => {
  const range = { firstDay: '2026-06-10', lastDay: '2026-06-13', days: 4 };

  it.each<Naming>(['current', 'legacy'])('gives every day of the range its rows, by name, zeros where none (%s names)', async (naming) => {
    const data = new PlatformData(naming)
      .connection({ id: 'a', name: 'acme_pg' })
      .marRows('acme_pg', 'dest_main', '2026-06-10', 100)
      .marRows('acme_pg', 'dest_main', '2026-06-10', 5) // another table of the same connection that day
      .marRows('acme_pg', 'dest_other', '2026-06-12', 7)
      .marRows('globex_pg', 'dest_main', '2026-06-13', 40)
      .marRows('acme_pg', 'dest_main', '2026-06-09', 999) // before the range
      .marRows('acme_pg', 'dest_main', '2026-06-14', 999); // after it
    const read = await withWarehouse(data, (d, warehouse) => readDailyMar(warehouse, d.schemaNaming, range));
    expect(read.available).toBe(true);
    expect(read.rows).toEqual([
      { day: '2026-06-10', connectionName: 'acme_pg', rows: 105 },
      { day: '2026-06-12', connectionName: 'acme_pg', rows: 7 },
      { day: '2026-06-13', connectionName: 'globex_pg', rows: 40 },
    ]);
    expect(sumByDay(read)).toEqual([
      { day: '2026-06-10', rows: 105 },
      { day: '2026-06-11', rows: 0 },
      { day: '2026-06-12', rows: 7 },
      { day: '2026-06-13', rows: 40 },
    ]);
    expect(sumByDay(read, (name) => name.startsWith('globex')).map((d) => d.rows)).toEqual([0, 0, 0, 40]);
  });

  it('reads nothing, and says so, without an INCREMENTAL_MAR table', async () => {
    const data = new PlatformData();
    const read = await withWarehouse(data, (d, warehouse) => readDailyMar(warehouse, { ...d.schemaNaming, marNameColumn: null }, range));
    expect(read).toEqual({ available: false, range, rows: [] });
  });
});

describe("one connection's timed syncs", () => {
  it('pairs each start with its end, oldest first, with how it ended; leaves out running syncs, other connections and syncs outside the period', async () => {
    const data = new PlatformData()
      .connection({ id: 'c1', name: 'acme_pg' })
      .connection({ id: 'c2', name: 'globex_pg' })
      .sync('c1', '-3d', '-3d', 'SUCCESSFUL') // ends where it starts: 0 s
      .sync('c1', '-30h', '-29h', 'SUCCESSFUL')
      .sync('c1', '-20h', '-19.5h', 'FAILURE_WITH_TASK')
      .sync('c1', '-2h', null) // running
      .sync('c2', '-10h', '-9h')
      .sync('c1', '-20d', '-19.9d'); // before the period
    const period = { from: at('-7d'), to: at('-0m') };
    const syncs = await withWarehouse(data, (d, warehouse) => readTimedSyncs(warehouse, d.schemaNaming, 'c1', period));
    expect(syncs.map((s) => [s.startedAt, s.status, s.durationSeconds])).toEqual([
      [at('-3d'), 'SUCCESSFUL', 0],
      [at('-30h'), 'SUCCESSFUL', 3600],
      [at('-20h'), 'FAILURE_WITH_TASK', 1800],
    ]);
  });

  it('writes statements Snowflake parses', async () => {
    const naming = new PlatformData('mixed').schemaNaming;
    await assertParsesAsSnowflake([dailyMarStatement(naming) as string, timedSyncsStatement(naming)].map((sql) => sql.replace(/\{\w+\}/g, '?')));
  });
});
