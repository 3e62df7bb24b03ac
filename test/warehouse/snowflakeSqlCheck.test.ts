import { assertParsesAsSnowflake, checkSnowflakeSql } from '../support/sqlCheck';

describe('the Snowflake SQL check (sqlglot)', () => {
  it('accepts statements in the subset Pulse writes, placeholders included', async () => {
    await expect(
      assertParsesAsSnowflake([
        "SELECT JSON_EXTRACT_PATH_TEXT(message_data, 'status') AS status FROM FIVETRAN_LOG.LOG WHERE time_stamp >= ?::TIMESTAMP",
        "SELECT connection_id, DATEDIFF('minute', a, b) AS m, COUNT_IF(event = 'SEVERE') AS severe FROM t GROUP BY connection_id",
        'SELECT * FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) = 1',
        'UPDATE PULSE.ALERTS SET state = ? WHERE fingerprint = ?',
      ]),
    ).resolves.toBeUndefined();
  });

  it('names each statement that does not parse, with sqlglot\'s reason', async () => {
    const good = 'SELECT 1 AS ok';
    const bad = 'SELECT id FROM WHERE x = ?';
    const result = await checkSnowflakeSql([good, bad, 'SELECT 1; SELECT 2']);
    expect(result.failures.map((failure) => failure.statement)).toEqual([bad, 'SELECT 1; SELECT 2']);
    expect(result.failures[0]?.error).toMatch(/Expected table name/);
    expect(result.failures[1]?.error).toMatch(/holds 2 statements/);

    const thrown = await assertParsesAsSnowflake([good, bad, good, bad]).then(() => null, (error: unknown) => error as Error);
    expect(thrown?.message).toMatch(/^1 of 2 distinct statements do not parse as Snowflake SQL \(sqlglot [\d.]+\):\n1\. SELECT id FROM WHERE x = \?\n {3}Expected table name/);
    expect(thrown?.message).not.toContain(good);
  });
});
