import { readApiCalls, UnknownConnectionError } from '../../../src/fivetran/analysis/readApiCalls';
import type { ApiCallsReport } from '../../../src/fivetran/analysis/types';
import { countingWarehouse } from '../../support/countingWarehouse';
import { at, NOW, PlatformData } from '../../support/platformData';

// 2026-06-12T12:00 to 2026-06-15T12:00: days 06-12 to 06-15.
const period = { from: new Date(at('-3d')), to: NOW };

function account(): PlatformData {
  return new PlatformData()
    .platform(60)
    .connection({ id: 'legacy_id', name: 'acme_hubspot', type: 'hubspot' })
    .connection({ id: 'newer_id', name: 'globex_pg', type: 'postgres' })
    .event('legacy_id', '2026-06-13T08:00:00Z', 'INFO', 'api_call', { method: 'GET', uri: 'https://api.example.test/a' })
    .event('legacy_id', '2026-06-13T09:00:00Z', 'INFO', 'api_call', { method: 'GET', uri: 'https://api.example.test/b' })
    .event('legacy_id', '2026-06-15T01:00:00Z', 'INFO', 'api_call', 'not json at all')
    .event('legacy_id', '2026-06-11T09:00:00Z', 'INFO', 'api_call', {}) // before the period
    .event('newer_id', '2026-06-12T13:00:00Z', 'INFO', 'extract_summary', { total_size: 46585, status: 'SUCCESS', total_queries: 54, total_rows: 0 })
    .event('newer_id', '2026-06-13T13:00:00Z', 'INFO', 'extract_summary', { totalQueries: 5, total_rows: 4810 })
    .event('newer_id', '2026-06-13T14:00:00Z', 'INFO', 'extract_summary', { total_queries: '7' })
    .event('newer_id', '2026-06-15T10:00:00Z', 'INFO', 'extract_summary', { total_queries: 1 })
    .event('newer_id', '2026-06-15T12:00:00Z', 'INFO', 'extract_summary', { total_queries: 1000 }); // the period's end is excluded
}

/** Rows a LIKE '{%}' guard lets through although they are not JSON, and rows it stops. */
function malformedSummaries(data: PlatformData): PlatformData {
  return data
    .event('newer_id', '2026-06-14T01:00:00Z', 'INFO', 'extract_summary', '{"total_queries": 3} trailing }')
    .event('newer_id', '2026-06-14T02:00:00Z', 'INFO', 'extract_summary', '{"total_queries": 4, "status": "SUC}')
    .event('newer_id', '2026-06-14T03:00:00Z', 'INFO', 'extract_summary', '{"total_queries": 4')
    .event('newer_id', '2026-06-14T04:00:00Z', 'INFO', 'extract_summary', 'plain text')
    .event('newer_id', '2026-06-14T05:00:00Z', 'INFO', 'extract_summary', null)
    .event('newer_id', '2026-06-14T06:00:00Z', 'INFO', 'extract_summary', { total_queries: 'many' })
    .event('newer_id', '2026-06-14T07:00:00Z', 'INFO', 'extract_summary', JSON.stringify(JSON.stringify({ total_queries: 2 })));
}

async function read(data: PlatformData, options: { connectionId?: string; extractRowLimit?: number } = {}): Promise<ApiCallsReport> {
  const warehouse = await data.open();
  try {
    return await readApiCalls(warehouse, data.schemaNaming, { ...period, ...options });
  } finally {
    await warehouse.close();
  }
}

describe('readApiCalls', () => {
  it('counts api_call events and sums extract_summary query counts per day, every day of the period listed', async () => {
    const data = account();
    // LOG's duplicate rows (same id and time) count once.
    for (const kind of ['api_call', 'extract_summary']) data.log.push({ ...(data.log.find((r) => r.message_event === kind) as (typeof data.log)[number]) });
    const report = await read(data);
    expect(report.days).toEqual([
      { day: '2026-06-12', apiCalls: 0, extractQueries: 54, extractSummaries: 1 },
      { day: '2026-06-13', apiCalls: 2, extractQueries: 12, extractSummaries: 2 },
      { day: '2026-06-14', apiCalls: 0, extractQueries: 0, extractSummaries: 0 },
      { day: '2026-06-15', apiCalls: 1, extractQueries: 1, extractSummaries: 1 },
    ]);
    expect(report.totals).toEqual({ apiCalls: 3, extractQueries: 67, extractSummaries: 4 });
    expect(report.byConnection).toEqual([
      { connectionId: 'newer_id', connectionName: 'globex_pg', apiCalls: 0, extractQueries: 67, extractSummaries: 4 },
      { connectionId: 'legacy_id', connectionName: 'acme_hubspot', apiCalls: 3, extractQueries: 0, extractSummaries: 0 },
    ]);
    expect(report).toMatchObject({ connectionId: null, unreadableSummaries: 0, extractQueriesCompleteFrom: null, period: { from: at('-3d'), to: NOW.toISOString() } });
  });

  it('never fails on a malformed extract_summary row: it counts as a summary with no queries, reported as unreadable', async () => {
    const report = await read(malformedSummaries(account()));
    expect(report.days.find((d) => d.day === '2026-06-14')).toEqual({ day: '2026-06-14', apiCalls: 0, extractQueries: 2, extractSummaries: 7 });
    expect(report.unreadableSummaries).toBe(6);
    expect(report.totals.extractQueries).toBe(69);
  });

  it('reads message_data in code because a LIKE guard cannot keep a malformed row away from the JSON function', async () => {
    // Why the query counts are not summed in SQL: the guard the portable subset offers lets this row
    // through, and one such row fails the whole statement.
    const data = malformedSummaries(account());
    const warehouse = await data.open();
    try {
      await expect(
        warehouse.query(
          `SELECT SUM(TRY_CAST(CASE WHEN CAST(message_data AS VARCHAR) LIKE '{%}' THEN JSON_EXTRACT_PATH_TEXT(message_data, 'total_queries') END AS DOUBLE)) AS q
           FROM FIVETRAN_LOG.LOG WHERE message_event = 'extract_summary'`,
          [],
          { tag: 'test:guarded-json' },
        ),
      ).rejects.toThrow(/JSON/);
    } finally {
      await warehouse.close();
    }
  });

  it('narrows to one connection, named by id or by name, and refuses an unknown one', async () => {
    const byId = await read(account(), { connectionId: 'legacy_id' });
    expect(byId.connectionId).toBe('legacy_id');
    expect(byId.totals).toEqual({ apiCalls: 3, extractQueries: 0, extractSummaries: 0 });
    expect(byId.byConnection.map((c) => c.connectionId)).toEqual(['legacy_id']);

    const byName = await read(account(), { connectionId: 'globex_pg' });
    expect(byName.connectionId).toBe('newer_id');
    expect(byName.totals).toEqual({ apiCalls: 0, extractQueries: 67, extractSummaries: 4 });

    await expect(read(account(), { connectionId: 'no_such_connection' })).rejects.toBeInstanceOf(UnknownConnectionError);
    await expect(read(account(), { connectionId: 'no_such_connection' })).rejects.toThrow('no connection "no_such_connection"');
  });

  it('says from when query sums are complete when the period holds more summaries than one read returns', async () => {
    const report = await read(account(), { extractRowLimit: 2 });
    expect(report.extractQueriesCompleteFrom).toBe('2026-06-13T14:00:00.000Z');
    expect(report.totals.extractSummaries).toBe(2);
  });

  it('costs two LOG statements, both bounded by the period, and works on a legacy schema', async () => {
    const legacy = new PlatformData('legacy')
      .connection({ id: 'legacy_id', name: 'acme_hubspot', type: 'hubspot' })
      .event('legacy_id', '2026-06-13T08:00:00Z', 'INFO', 'api_call', {})
      .event('legacy_id', '2026-06-13T09:00:00Z', 'INFO', 'extract_summary', { totalQueries: 8 });
    const warehouse = countingWarehouse(await legacy.open());
    try {
      const report = await readApiCalls(warehouse, legacy.schemaNaming, period);
      expect(report.totals).toEqual({ apiCalls: 1, extractQueries: 8, extractSummaries: 1 });
      expect(warehouse.statements).toHaveLength(2);
      for (const { sql } of warehouse.statements) expect(sql).toMatch(/FIVETRAN_LOG\.LOG l\s+WHERE l\.time_stamp >= \?::TIMESTAMP AND l\.time_stamp < \?::TIMESTAMP/);
    } finally {
      await warehouse.close();
    }
  });
});
