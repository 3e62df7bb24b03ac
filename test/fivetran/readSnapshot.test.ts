import { readSnapshot } from '../../src/fivetran/readSnapshot';
import { countingWarehouse } from '../support/countingWarehouse';
import { NOW, PlatformData } from '../support/platformData';

/** The select list of each query that reads LOG itself (not one of its CTEs), with its WHERE clause. */
function columnsReadFromLog(sql: string): string[] {
  const reads: string[] = [];
  for (const match of sql.matchAll(/FROM FIVETRAN_LOG\.LOG\b/g)) {
    const before = sql.slice(0, match.index);
    const where = /^\s*WHERE[^]*?(?=\)|GROUP BY|$)/.exec(sql.slice((match.index ?? 0) + match[0].length))?.[0] ?? '';
    reads.push(before.slice(before.lastIndexOf('SELECT')) + where);
  }
  return reads;
}

describe('readSnapshot', () => {
  it('costs two statements whatever the number of connections, one reading LOG only inside a time window and its messages once', async () => {
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
          // CONNECTION and MAR are read apart. LOG three times: its ends by day and its newest load on
          // narrow columns, and the rows a snapshot uses; only that one reads message_data.
          expect(logReads.length).toBe(tag === 'snapshot:events' ? 3 : 0);
          expect(bounded.length).toBe(logReads.length);
          expect(columnsReadFromLog(sql).filter((columns) => /message_data/.test(columns))).toHaveLength(tag === 'snapshot:events' ? 1 : 0);
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
