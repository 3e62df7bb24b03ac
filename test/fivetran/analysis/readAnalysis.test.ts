import { readAnalysis } from '../../../src/fivetran/analysis/readAnalysis';
import { attributeAnalysis } from '../../../src/health/attributeMar';
import type { Analysis } from '../../../src/fivetran/analysis/types';
import type { Tenant } from '../../../src/fivetran/types';
import { countingWarehouse } from '../../support/countingWarehouse';
import { at, NOW, PlatformData, type Naming } from '../../support/platformData';

const tenants: Tenant[] = [
  { tenantId: 'acme', tenantName: 'Acme', alertChannel: null },
  { tenantId: 'globex', tenantName: 'Globex', alertChannel: '#globex' },
];
const week = { from: new Date(at('-7d')), to: NOW };

async function analyse(data: PlatformData, options: { from: Date; to: Date; errorRowLimit?: number } = week): Promise<Analysis> {
  const warehouse = await data.open();
  try {
    return attributeAnalysis(await readAnalysis(warehouse, data.schemaNaming, options), tenants);
  } finally {
    await warehouse.close();
  }
}

/** A small account: two tenants, three connector types, a week of history and the week before. */
function account(naming: Naming = 'current'): PlatformData {
  const data = new PlatformData(naming)
    .platform(60)
    .connection({ id: 'acme_pg_id', name: 'acme_pg', type: 'postgres' })
    .connection({ id: 'acme_sf_id', name: 'acme_salesforce', type: 'salesforce' })
    .connection({ id: 'globex_pg_id', name: 'globex_pg', type: 'postgres' })
    .connection({ id: 'old_acme_pg', name: 'acme_pg', type: 'postgres', deleted: true });
  // The period is 2026-06-08T12:00 to 2026-06-15T12:00: MAR days 06-08..06-15, previous 05-31..06-07.
  data
    .marRows('acme_pg', 'dest_main', '2026-06-10', 1000)
    .marRows('acme_pg', 'dest_main', '2026-06-15', 500)
    .marRows('acme_pg', 'dest_main', '2026-06-01', 1000)
    .marRows('acme_pg', 'dest_main', '2026-05-30', 999_999) // before both periods
    .marRows('acme_salesforce', 'dest_main', '2026-06-09', 300)
    .marRows('globex_pg', 'dest_main', '2026-06-08', 200)
    .marRows('globex_pg', 'dest_main', '2026-06-07', 800)
    .marRows('acme_pg', 'dest_other', '2026-06-12', 50) // same name, another destination: no connection there
    .marRows('dropped_conn', 'dest_main', '2026-06-03', 70);
  return data;
}

describe('readAnalysis: MAR', () => {
  it('totals the period by connection and by tenant, against the previous period of as many days', async () => {
    const { mar } = await analyse(account());
    expect(mar.available).toBe(true);
    expect(mar.period).toEqual({ firstDay: '2026-06-08', lastDay: '2026-06-15', days: 8 });
    expect(mar.previousPeriod).toEqual({ firstDay: '2026-05-31', lastDay: '2026-06-07', days: 8 });
    expect(mar.byConnection.map((c) => [c.connectionName, c.destinationId, c.connectionId, c.tenantId, c.rows, c.previousRows])).toEqual([
      ['acme_pg', 'dest_main', 'acme_pg_id', 'acme', 1500, 1000],
      ['acme_salesforce', 'dest_main', 'acme_sf_id', 'acme', 300, 0],
      ['globex_pg', 'dest_main', 'globex_pg_id', 'globex', 200, 800],
      ['acme_pg', 'dest_other', null, 'acme', 50, 0],
      ['dropped_conn', 'dest_main', null, null, 0, 70],
    ]);
    expect(mar.byConnection[0]).toMatchObject({ changePercent: 50, connectorType: 'postgres', deleted: false });
    expect(mar.byConnection[1]?.changePercent).toBeNull();
    expect(mar.byConnection[2]?.changePercent).toBe(-75);

    expect(mar.byTenant).toEqual([
      { tenantId: 'acme', connections: 3, rows: 1850, previousRows: 1000, changePercent: 85 },
      { tenantId: 'globex', connections: 1, rows: 200, previousRows: 800, changePercent: -75 },
      { tenantId: null, connections: 1, rows: 0, previousRows: 70, changePercent: -100 },
    ]);
    expect(mar.total).toEqual({ rows: 2050, previousRows: 1870, changePercent: (180 / 1870) * 100 });
  });

  it('reads as unavailable, not as an error, when the schema has no INCREMENTAL_MAR table', async () => {
    const data = account();
    const warehouse = await data.open();
    try {
      const analysis = attributeAnalysis(await readAnalysis(warehouse, { ...data.schemaNaming, marNameColumn: null }, week), tenants);
      expect(analysis.mar).toMatchObject({ available: false, byConnection: [], byTenant: [], total: { rows: 0, previousRows: 0, changePercent: null } });
    } finally {
      await warehouse.close();
    }
  });
});

describe('readAnalysis: top error types', () => {
  it('counts SEVERE error events of the period by type, parsing message_data in code and never failing on a bad row', async () => {
    const data = account()
      .error('acme_pg_id', '-1h', 'authentication_error', 'password authentication failed')
      .error('acme_pg_id', '-2h', 'authentication_error', 'password authentication failed (older)')
      .error('globex_pg_id', '-3d', 'authentication_error', 'bad key')
      .error('acme_sf_id', '-2d', 'permission_denied', 'INSUFFICIENT_ACCESS on Account')
      .event('acme_sf_id', '-5h', 'SEVERE', 'error', '{"type": "permission_denied", "message": "cut off')
      .event('acme_sf_id', '-6h', 'SEVERE', 'error', 'java.lang.NullPointerException')
      .event('globex_pg_id', '-7h', 'SEVERE', 'error', null)
      .event('acme_pg_id', '-8h', 'SEVERE', 'error', '"{\\"type\\":\\"open_file\\",\\"message\\":\\"twice encoded\\"}"')
      .error('acme_pg_id', '-8d', 'authentication_error', 'before the period')
      .event('acme_pg_id', '-1h', 'WARNING', 'warning', { type: 'table_excluded_by_system', message: 'not an error' })
      .event('acme_pg_id', '-1h', 'SEVERE', 'sync_end', { status: 'FAILURE', reason: 'not an error event' });
    // LOG's duplicate rows: the same id and time written twice.
    data.log.push({ ...(data.log.find((r) => r.message_event === 'error') as (typeof data.log)[number]) });

    const { errors } = await analyse(data);
    expect(errors.total).toBe(8);
    expect(errors.truncated).toBe(false);
    expect(errors.types.map((t) => [t.type, t.count, t.connections])).toEqual([
      ['authentication_error', 3, 2],
      ['(no type)', 3, 2],
      ['open_file', 1, 1],
      ['permission_denied', 1, 1],
    ]);
    expect(errors.types[0]).toMatchObject({
      connectionNames: ['acme_pg', 'globex_pg'],
      sampleMessage: 'password authentication failed',
      lastAt: at('-1h'),
      firstAt: at('-3d'),
    });
    expect(errors.types.find((t) => t.type === '(no type)')?.sampleMessage).toBe('{"type": "permission_denied", "message": "cut off');
    expect(errors.types.find((t) => t.type === 'open_file')?.sampleMessage).toBe('twice encoded');
  });

  it('says so when the period holds more error rows than one read returns', async () => {
    const data = account();
    for (let i = 1; i <= 5; i += 1) data.error('acme_pg_id', `-${i}h`, 'open_file', `file ${i}`);
    const { errors } = await analyse(data, { ...week, errorRowLimit: 3 });
    expect(errors).toMatchObject({ total: 3, truncated: true, countedFrom: at('-3h') });
  });
});

describe('readAnalysis: sync durations', () => {
  it('pairs sync_start and sync_end by sync_id and reports p50, p95 and max of successful syncs by connector type', async () => {
    const data = account()
      .sync('acme_pg_id', '-50h', '-2990m')
      .sync('acme_pg_id', '-40h', '-2380m')
      .sync('globex_pg_id', '-30h', '-1770m')
      .sync('globex_pg_id', '-20h', '-1160m')
      .sync('globex_pg_id', '-10h', '-8h', 'FAILURE_WITH_TASK', { reason: 'failed: not a duration that counts' })
      .sync('acme_sf_id', '-10140m', '-10020m') // started before the period
      .sync('acme_sf_id', '-3h', '-2h')
      .sync('acme_sf_id', '-90m', null); // still running
    const { syncDurations } = await analyse(data);
    expect(syncDurations).toEqual([
      { connectorType: 'salesforce', connectorTypeName: 'SALESFORCE', syncs: 1, connections: 1, p50Seconds: 3600, p95Seconds: 3600, maxSeconds: 3600 },
      // 600, 1200, 1800 and 2400 s: PERCENTILE_CONT interpolates, 1500 and 1800 + 0.85 × 600.
      { connectorType: 'postgres', connectorTypeName: 'POSTGRES', syncs: 4, connections: 2, p50Seconds: 1500, p95Seconds: 2310, maxSeconds: 2400 },
    ]);
  });
});

describe('readAnalysis: cost and naming', () => {
  it('costs five statements whatever the number of connections, every LOG read bounded by the period', async () => {
    for (const size of [1, 60]) {
      const data = account();
      for (let i = 0; i < size; i += 1) data.connection({ id: `c${i}` }).sync(`c${i}`, '-2h', '-1h').error(`c${i}`, '-30m', 'open_file', 'x');
      const warehouse = countingWarehouse(await data.open());
      try {
        await readAnalysis(warehouse, data.schemaNaming, week);
        expect(warehouse.statements).toHaveLength(5);
        for (const { sql } of warehouse.statements) {
          const logReads = sql.match(/FIVETRAN_LOG\.LOG\b/g) ?? [];
          const bounded = sql.match(/FIVETRAN_LOG\.LOG l\s+WHERE l\.time_stamp >= \?::TIMESTAMP AND l\.time_stamp < \?::TIMESTAMP AND l\.message_event/g) ?? [];
          expect(bounded.length).toBe(logReads.length);
        }
      } finally {
        await warehouse.close();
      }
    }
  });

  it.each<Naming>(['legacy', 'mixed'])('reads a %s schema to the same figures', async (naming) => {
    const build = (n: Naming) =>
      account(n)
        .sync('acme_pg_id', '-40h', '-2380m')
        .error('acme_pg_id', '-1h', 'authentication_error', 'x')
        .error('globex_pg_id', '-2h', 'authentication_error', 'y')
        .event('acme_sf_id', '-3h', 'INFO', 'extract_summary', { total_queries: 9 })
        .event('acme_pg_id', '-4h', 'INFO', 'api_call', { method: 'GET', uri: 'https://example.test' });
    const [current, other] = [await analyse(build('current')), await analyse(build(naming))];
    expect(other).toEqual(current);
    expect(other.errors.types[0]).toMatchObject({ type: 'authentication_error', count: 2, connections: 2 });
    expect(other.mar.total.rows).toBe(2050);
    expect(other.apiCalls.totals).toEqual({ apiCalls: 1, extractQueries: 9, extractSummaries: 1 });
  });

  it('refuses a period that ends before it starts', async () => {
    const data = account();
    const warehouse = await data.open();
    try {
      await expect(readAnalysis(warehouse, data.schemaNaming, { from: NOW, to: new Date(at('-1d')) })).rejects.toThrow(/must end after it starts/);
      await expect(readAnalysis(warehouse, data.schemaNaming, { from: new Date('nonsense'), to: NOW })).rejects.toThrow(/valid start/);
    } finally {
      await warehouse.close();
    }
  });
});
