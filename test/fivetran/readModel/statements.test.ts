import { connectionsStatement, logStatement, newLogStatement } from '../../../src/fivetran/snapshotQueries';
import { bindNamed } from '../../../src/warehouse/namedBinds';
import { PlatformData } from '../../support/platformData';
import { assertParsesAsSnowflake } from '../../support/sqlCheck';

const binds = { from: 'a', to: 'b', since: 'c', monthStart: 'd', today: 'e' };

describe('the snapshot statements', () => {
  it('parse as Snowflake SQL, for every schema naming', async () => {
    const statements = (['current', 'legacy', 'mixed'] as const).flatMap((naming) => {
      const schema = new PlatformData(naming).schemaNaming;
      return [connectionsStatement(schema), logStatement(schema), newLogStatement(schema)].map((sql) => bindNamed(sql, binds).sql);
    });
    await assertParsesAsSnowflake(statements);
  });

  it('read LOG only inside the time window, and the incremental one only what was loaded since', () => {
    const schema = new PlatformData().schemaNaming;
    const reads = (sql: string) => sql.match(/FROM FIVETRAN_LOG\.LOG\s+WHERE time_stamp >= \{from\}::TIMESTAMP AND time_stamp <= \{to\}::TIMESTAMP AND _fivetran_synced <= \{to\}::TIMESTAMP/g) ?? [];
    expect(connectionsStatement(schema)).not.toMatch(/\.LOG\b/);
    expect(reads(logStatement(schema))).toHaveLength((logStatement(schema).match(/\.LOG\b/g) ?? []).length);
    const incremental = newLogStatement(schema);
    expect(reads(incremental)).toHaveLength(1);
    expect((incremental.match(/\.LOG\b/g) ?? []).length).toBe(1);
    expect(incremental).toMatch(/AND _fivetran_synced > \{since\}::TIMESTAMP/);
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
});
