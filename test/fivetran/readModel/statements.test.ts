import { connectionsStatement, logStatement, newLogStatement, tableRowsStatement, type TableRowsParts } from '../../../src/fivetran/snapshotQueries';
import { bindNamed } from '../../../src/warehouse/namedBinds';
import { readWindow } from '../../../src/fivetran/readSnapshot';
import { NOW, PlatformData } from '../../support/platformData';
import { assertParsesAsSnowflake } from '../../support/sqlCheck';

const binds = { from: 'a', to: 'b', since: 'c', monthStart: 'd', today: 'e', connectionSince: 'f', typeSince: 'g', destinationSince: 'h', marSince: 'i', monthEnd: 'j', overlapAfter: 'k', seenBefore: 'l', seen: -1, connectionRows: -1, connectionMs: -1, typeRows: -1, typeMs: -1, destinationRows: -1, destinationMs: -1, marRows: -1, marMs: -1 };

/** The read model's read of the small tables as it is asked for: at a full read, in a cycle, and in the first cycle of a month. */
const TABLE_ROWS_PARTS: TableRowsParts[] = [
  { tables: 'all', mar: 'all' },
  { tables: 'new', mar: 'new' },
  { tables: 'new', mar: 'all' },
];

describe('the snapshot statements', () => {
  it('parse as Snowflake SQL, for every schema naming', async () => {
    const statements = (['current', 'legacy', 'mixed'] as const).flatMap((naming) => {
      const schema = new PlatformData(naming).schemaNaming;
      return [connectionsStatement(schema), logStatement(schema), logStatement(schema, 15), newLogStatement(schema), ...TABLE_ROWS_PARTS.map((parts) => tableRowsStatement(schema, parts))].map((sql) => bindNamed(sql, binds).sql);
    });
    await assertParsesAsSnowflake(statements);
  });

  it('read LOG only inside the time window, and the incremental one only what was loaded since', () => {
    const schema = new PlatformData().schemaNaming;
    const reads = (sql: string) => sql.match(/FROM FIVETRAN_LOG\.LOG\s+WHERE time_stamp >= \{from\}::TIMESTAMP AND time_stamp <= \{to\}::TIMESTAMP AND _fivetran_synced <= \{to\}::TIMESTAMP/g) ?? [];
    expect(connectionsStatement(schema)).not.toMatch(/\.LOG\b/);
    for (const full of [logStatement(schema), logStatement(schema, 15)]) expect(reads(full)).toHaveLength((full.match(/\.LOG\b/g) ?? []).length);
    // The read model's full read also counts the last loads, on narrow columns from just before the newest.
    expect(logStatement(schema, 15)).toMatch(/\.LOG\s+WHERE [^\n]*\n\s*AND _fivetran_synced >= \(SELECT DATE_TRUNC\('minute', observed_at\) - INTERVAL '15 minutes' FROM obs\)/);
    const incremental = newLogStatement(schema);
    // The new rows, the newest load among them and the rows loaded per minute, the last two on narrow columns.
    expect(reads(incremental)).toHaveLength(3);
    expect((incremental.match(/\.LOG\b/g) ?? []).length).toBe(3);
    expect(incremental.match(/\.LOG\s+WHERE [^\n]*\n\s*AND _fivetran_synced >= \{since\}::TIMESTAMP/g)).toHaveLength(3);
    for (const parts of TABLE_ROWS_PARTS) expect(tableRowsStatement(schema, parts)).not.toMatch(/\.LOG\b/);
  });

  it('read each small table only from just below its newest load seen, in a cycle', () => {
    const schema = new PlatformData().schemaNaming;
    const incremental = tableRowsStatement(schema, { tables: 'new', mar: 'new' });
    for (const [table, bind] of [['CONNECTION c', 'c._fivetran_synced >= {connectionSince}'], ['CONNECTOR_TYPE ct', 'ct._fivetran_synced >= {typeSince}'], ['DESTINATION d', 'd._fivetran_synced >= {destinationSince}']]) {
      expect(incremental).toContain(`FIVETRAN_LOG.${table as string} WHERE ${bind as string}::TIMESTAMP`);
    }
    expect(incremental).toMatch(/m\._fivetran_synced >= \{marSince\}::TIMESTAMP/);
    // At a full read, every live connection and every day of the month.
    const full = tableRowsStatement(schema, { tables: 'all', mar: 'all' });
    expect(full).not.toMatch(/Since\}/);
    expect(full).toContain('WHERE COALESCE(c._fivetran_deleted, FALSE) = FALSE');
  });

  it('never rank or carry message_data through a COUNT(DISTINCT …) of concatenated keys', () => {
    const sql = logStatement(new PlatformData().schemaNaming);
    expect(sql).not.toMatch(/COUNT\(DISTINCT [^)]*\|\|/i);
    expect(sql).not.toMatch(/\|\|/);
    // Rows are ranked on narrow columns: the window's input never names message_data.
    const ranked = /keyed AS \(([^]*?)\), picked AS/.exec(sql)?.[1] ?? '';
    expect(ranked).not.toBe('');
    expect(ranked).not.toMatch(/message_data/);
  });

  it('return each sync start and each rows-modified row of the full read once, whichever reasons keep it', async () => {
    const data = new PlatformData().platform(60).loadedAt('-0m');
    // More syncs than are shown: a shown sync's start comes with its end, not as a row of its own.
    data.connection({ id: 'c1' }).history('c1', 20, 60, 5);
    // Rows modified by the latest sync, loaded after its end: of the latest sync, and since the last end.
    data.event('c1', '-9m', 'INFO', 'sync_start', null, 'latest');
    data.event('c1', '-8m', 'INFO', 'sync_end', { status: 'SUCCESSFUL' }, 'latest');
    for (let i = 0; i < 3; i += 1) data.event('c1', `-${i + 5}m`, 'INFO', 'records_modified', { table: 't', count: 1 }, 'latest');
    // A sync that started before it and whose end has not been loaded: its start is sent, its end may come later.
    data.event('c1', '-10m', 'INFO', 'sync_start', null, 'end-loaded-late');
    const warehouse = await data.open();
    try {
      const window = readWindow(NOW);
      const statement = bindNamed(logStatement(data.schemaNaming), { from: window.from, to: window.to });
      const rows = await warehouse.query(statement.sql, statement.binds);
      const c1 = rows.filter((row) => row.cid === 'c1');
      const keys = c1
        .filter((row) => row.message_event === 'sync_start' || row.message_event === 'records_modified')
        .map((row) => JSON.stringify([row.cid, row.id, row.time_stamp, row.message_event, row.sync_id]));
      expect(c1.filter((row) => row.message_event === 'sync_start').map((row) => row.sync_id).sort()).toEqual(['end-loaded-late', 'latest']);
      expect(keys.filter((key) => key.includes('records_modified'))).toHaveLength(3);
      expect(new Set(keys).size).toBe(keys.length);
      // The newest success may come once more, on its own: at least one row of each shown sync says when it started.
      const startedSyncs = new Set(c1.filter((row) => row.message_event === 'sync_end' && row.started_at !== null).map((row) => row.sync_id));
      const endedSyncs = new Set(c1.filter((row) => row.message_event === 'sync_end').map((row) => row.sync_id));
      expect(startedSyncs.size).toBe(12);
      expect(startedSyncs).toEqual(endedSyncs);
    } finally {
      await warehouse.close();
    }
  });
});
