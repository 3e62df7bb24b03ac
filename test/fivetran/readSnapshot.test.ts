import { readSnapshot } from '../../src/fivetran/readSnapshot';
import { countingWarehouse } from '../support/countingWarehouse';
import { NOW, PlatformData } from '../support/platformData';

describe('readSnapshot', () => {
  it('costs two statements whatever the number of connections, one reading LOG only inside a time window', async () => {
    for (const size of [1, 150]) {
      const data = new PlatformData().platform(60).history('platform_log', 2, 60, 2).loadedAt('-0m');
      for (let i = 0; i < size; i += 1) data.connection({ id: `c${i}` }).history(`c${i}`, 2, 60, 5);
      const warehouse = countingWarehouse(await data.open());
      try {
        const snapshot = await readSnapshot(warehouse, data.schemaNaming, { at: NOW });
        expect(snapshot.connections).toHaveLength(size + 1);
        expect(warehouse.statements.map((s) => s.tag).sort()).toEqual(['snapshot:connections', 'snapshot:events']);
        for (const { sql, tag } of warehouse.statements) {
          const logReads = sql.match(/FIVETRAN_LOG\.LOG\b/g) ?? [];
          const bounded = sql.match(/(\w+\.)?time_stamp >= \?::TIMESTAMP AND (\w+\.)?time_stamp <= \?::TIMESTAMP/g) ?? [];
          // CONNECTION and MAR are read apart; LOG once for its rows and once, on two narrow columns, for its newest load.
          expect(logReads.length).toBe(tag === 'snapshot:events' ? 2 : 0);
          expect(bounded.length).toBe(logReads.length);
        }
      } finally {
        await warehouse.close();
      }
    }
  });

  it('reports the Platform connection and when the monitoring data was last loaded', async () => {
    const data = new PlatformData().platform(30).history('platform_log', 2, 30, 2).loadedAt('-7m');
    const warehouse = await data.open();
    try {
      const snapshot = await readSnapshot(warehouse, data.schemaNaming, { at: NOW });
      expect(snapshot.observedAt).toBe('2026-06-15T11:53:00.000Z');
      expect(snapshot.readAt).toBe(NOW.toISOString());
      expect(snapshot.platformConnection).toEqual({ connectionId: 'platform_log', connectionName: 'fivetran_log', paused: false, syncFrequencyMinutes: 30 });
    } finally {
      await warehouse.close();
    }
  });
});
