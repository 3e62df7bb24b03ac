import { createHash } from 'node:crypto';
import { DEMO_SCENARIOS, DemoOptionsError, resolveDemoOptions } from '../../src/demo';
import type { Row } from '../../src/warehouse/types';
import { FIXED_NOW, openDemo, type DemoConnection } from './demoConnection';
import { judgeConnections, parseMessageData } from './referenceJudge';

const HOUR = 3_600_000;

async function tableHashes(demo: DemoConnection): Promise<Record<string, string>> {
  const tables = await demo.rows(`SELECT table_schema || '.' || table_name AS name FROM information_schema.tables ORDER BY 1`);
  const hashes: Record<string, string> = {};
  for (const { name } of tables) {
    const [schema, table] = String(name).split('.');
    const rows = await demo.rows(`SELECT * FROM "${schema}"."${table}" ORDER BY ALL`);
    hashes[String(name)] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }
  return hashes;
}

async function judge(demo: DemoConnection, connectionTable: string) {
  const connections = await demo.rows(`SELECT * FROM FIVETRAN_LOG.${connectionTable}`);
  const log = await demo.rows('SELECT * FROM FIVETRAN_LOG.LOG');
  const [{ observed_at: observedAt }] = (await demo.rows('SELECT MAX(_fivetran_synced) AS observed_at FROM FIVETRAN_LOG.LOG')) as [Row];
  return judgeConnections(connections, log, String(observedAt));
}

describe('the default demo dataset', () => {
  let demo: DemoConnection;
  beforeAll(async () => {
    demo = await openDemo();
  });
  afterAll(() => demo.close());

  it('has the Platform Connector tables with their real column names, and the tenants table', async () => {
    const columns = await demo.rows(
      `SELECT table_schema || '.' || table_name AS t, string_agg(column_name, ',' ORDER BY ordinal_position) AS c FROM information_schema.columns GROUP BY ALL ORDER BY 1`,
    );
    const byTable = Object.fromEntries(columns.map((r): [string, unknown] => [String(r.t), r.c]));
    expect(byTable['FIVETRAN_LOG.CONNECTION']).toBe(
      'connection_id,connection_name,connector_type_id,destination_id,connecting_user_id,paused,signed_up,sync_frequency,deployment_type,_fivetran_deleted,_fivetran_synced',
    );
    expect(byTable['FIVETRAN_LOG.LOG']).toBe('id,time_stamp,connection_id,connector_id,event,message_event,message_data,sync_id,transformation_id,_fivetran_synced');
    expect(byTable['FIVETRAN_LOG.INCREMENTAL_MAR']).toBe(
      'measured_date,connection_name,destination_id,schema_name,table_name,free_type,sync_type,incremental_rows,updated_at,_fivetran_synced',
    );
    expect(byTable['PUBLIC.TENANTS']).toBe('tenant_id,tenant_name,alert_channel');
    for (const table of ['CONNECTOR_TYPE', 'DESTINATION', 'ACCOUNT', 'USER']) expect(byTable[`FIVETRAN_LOG.${table}`]).toBeDefined();
    const types = await demo.rows(`SELECT data_type FROM information_schema.columns WHERE table_name = 'LOG' AND column_name IN ('time_stamp', '_fivetran_synced')`);
    expect(types.map((r) => r.data_type)).toEqual(['TIMESTAMP', 'TIMESTAMP']);
  });

  it('is fresh: the Platform connection loaded a few minutes before now, and its own row says how often', async () => {
    const [fresh] = await demo.rows('SELECT MAX(_fivetran_synced) AS observed, MAX(time_stamp) AS newest, MIN(time_stamp) AS oldest FROM FIVETRAN_LOG.LOG');
    const observed = Date.parse(String(fresh?.observed));
    expect(FIXED_NOW.getTime() - observed).toBeGreaterThan(0);
    expect(FIXED_NOW.getTime() - observed).toBeLessThanOrEqual(10 * 60_000);
    expect(Date.parse(String(fresh?.newest))).toBeLessThanOrEqual(observed);
    expect(observed - Date.parse(String(fresh?.oldest))).toBeLessThanOrEqual(14 * 24 * HOUR);
    expect(observed - Date.parse(String(fresh?.oldest))).toBeGreaterThan(13 * 24 * HOUR);
    const platform = await demo.rows(`SELECT sync_frequency FROM FIVETRAN_LOG.CONNECTION WHERE connector_type_id = 'fivetran_log'`);
    expect(platform).toEqual([{ sync_frequency: 60 }]);
  });

  it('has at least 20 connections, several destinations, a deleted one, and the tenant token edge cases', async () => {
    const connections = await demo.rows('SELECT connection_name, destination_id, _fivetran_deleted FROM FIVETRAN_LOG.CONNECTION');
    expect(connections.length).toBeGreaterThanOrEqual(20);
    expect(new Set(connections.map((c) => c.destination_id)).size).toBeGreaterThanOrEqual(3);
    expect(connections.filter((c) => c._fivetran_deleted === true).length).toBeGreaterThanOrEqual(1);
    const names = connections.map((c) => c.connection_name);
    expect(names).toEqual(expect.arrayContaining(['acme_salesforce', 'hubspot_acme', 'acmecorp_ads', 'acme_eu_pg', 'finance_sheets']));
    const tenants = await demo.rows('SELECT tenant_id FROM PUBLIC.TENANTS ORDER BY 1');
    expect(tenants.map((t) => t.tenant_id)).toEqual(['acme', 'acme_eu', 'globex', 'initech']);
  });

  it('carries the mess real LOG tables have', async () => {
    const [counts] = await demo.rows(`SELECT
      COUNT_IF(connection_id IS NULL AND connector_id IS NOT NULL) AS legacy_only,
      COUNT_IF(connection_id IS NOT NULL AND connector_id IS NOT NULL) AS both_ids,
      COUNT_IF(connection_id IS NULL AND connector_id IS NULL) AS account_level,
      COUNT_IF(message_event = 'sync_start' AND message_data IS NOT NULL) AS sync_start_with_data,
      COUNT_IF(message_event = 'sync_start') AS sync_starts,
      COUNT_IF(message_data LIKE '%"taskType"%') AS camel_task,
      COUNT_IF(message_data LIKE '%"task_type"%') AS snake_task,
      COUNT_IF(message_data LIKE '%"totalQueries"%') AS camel_summary,
      COUNT_IF(message_data LIKE '%"total_queries"%') AS snake_summary
      FROM FIVETRAN_LOG.LOG`);
    expect(counts).toMatchObject({ sync_start_with_data: 0 });
    for (const key of ['legacy_only', 'both_ids', 'account_level', 'sync_starts', 'camel_task', 'snake_task', 'camel_summary', 'snake_summary']) {
      expect(counts?.[key]).toBeGreaterThan(0);
    }

    const duplicates = await demo.rows('SELECT id, time_stamp, COUNT(*) AS n FROM FIVETRAN_LOG.LOG GROUP BY ALL HAVING COUNT(*) > 1');
    expect(duplicates.length).toBeGreaterThan(0);

    const data = await demo.rows(`SELECT message_event, message_data FROM FIVETRAN_LOG.LOG WHERE message_data IS NOT NULL`);
    const doubleEncoded = data.filter((r) => String(r.message_data).startsWith('"'));
    expect(doubleEncoded.map((r) => r.message_event)).toEqual(['sync_end']);
    expect(typeof JSON.parse(String(doubleEncoded[0]?.message_data))).toBe('string');
    expect(parseMessageData(doubleEncoded[0]?.message_data)).toEqual({ status: 'SUCCESSFUL' });
    const notJson = data.filter((r) => {
      try {
        JSON.parse(String(r.message_data));
        return false;
      } catch {
        return true;
      }
    });
    expect(notJson.length).toBeGreaterThanOrEqual(1);
  });

  it('logs errors with a type and message, warnings, schema changes and user actions', async () => {
    const events = await demo.rows(`SELECT DISTINCT event, message_event FROM FIVETRAN_LOG.LOG`);
    const pairs = events.map((e) => `${e.event}:${e.message_event}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        'SEVERE:error',
        'WARNING:warning',
        'INFO:create_table',
        'INFO:alter_table',
        'INFO:create_schema',
        'INFO:pause_connector',
        'INFO:create_connection',
        'INFO:delete_connection',
        'INFO:write_to_table_start',
        'INFO:write_to_table_end',
        'INFO:records_modified',
        'INFO:extract_summary',
        'INFO:sync_stats',
        'INFO:sync_end',
      ]),
    );
    const errors = await demo.rows(`SELECT message_data FROM FIVETRAN_LOG.LOG WHERE message_event = 'error'`);
    for (const error of errors) expect(parseMessageData(error.message_data)).toEqual({ type: expect.any(String), message: expect.any(String) });
    const syncIds = await demo.rows(`SELECT DISTINCT sync_id FROM FIVETRAN_LOG.LOG WHERE message_event = 'sync_start'`);
    for (const row of syncIds) expect(row.sync_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('stages every scenario as DEMO_SCENARIOS states it, at the data observedAt', async () => {
    const judged = await judge(demo, 'CONNECTION');
    const staged = judged.slice(0, DEMO_SCENARIOS.length);
    expect(staged).toEqual(
      DEMO_SCENARIOS.map((s) => ({ connectionId: s.connectionId, health: s.expectedHealth, alerts: expect.arrayContaining(s.expectedAlerts) })),
    );
    for (const [i, s] of DEMO_SCENARIOS.entries()) expect([s.connectionId, staged[i]?.alerts.length]).toEqual([s.connectionId, s.expectedAlerts.length]);
  });

  it('covers every health state and every per-connection alert rule among its scenarios', () => {
    expect(new Set(DEMO_SCENARIOS.map((s) => s.expectedHealth))).toEqual(
      new Set(['connected', 'broken', 'paused', 'incomplete', 'initial_sync', 'priority_first_sync', 'deleted']),
    );
    expect(new Set(DEMO_SCENARIOS.flatMap((s) => s.expectedAlerts))).toEqual(new Set(['sync_failed', 'sync_delayed', 'sync_running_long', 'frequent_errors']));
    expect(new Set(DEMO_SCENARIOS.map((s) => s.connectionId)).size).toBe(DEMO_SCENARIOS.length);
  });

  it('keeps MAR equal to the rows the syncs reported modifying (duplicates counted once)', async () => {
    const [mar] = await demo.rows(`SELECT SUM(incremental_rows) AS rows, COUNT(DISTINCT connection_name) AS connections FROM FIVETRAN_LOG.INCREMENTAL_MAR`);
    const [logged] = await demo.rows(`SELECT SUM(CAST(json_extract_string(message_data, '$.count') AS BIGINT)) AS rows
      FROM (SELECT DISTINCT id, time_stamp, message_data FROM FIVETRAN_LOG.LOG WHERE message_event = 'records_modified')`);
    expect(Number(mar?.rows)).toBeGreaterThan(0);
    expect(mar?.rows).toBe(logged?.rows);
    expect(Number(mar?.connections)).toBeGreaterThan(10);
  });
});

describe('determinism and options', () => {
  it('gives identical tables for identical options, and different ones for another seed', async () => {
    const first = await openDemo({ seed: 7 });
    const second = await openDemo({ seed: 7 });
    const other = await openDemo({ seed: 8 });
    try {
      const [a, b, c] = await Promise.all([tableHashes(first), tableHashes(second), tableHashes(other)]);
      expect(Object.keys(a)).toHaveLength(9);
      expect(b).toEqual(a);
      expect(c['FIVETRAN_LOG.LOG']).not.toBe(a['FIVETRAN_LOG.LOG']);
    } finally {
      first.close();
      second.close();
      other.close();
    }
  });

  it('writes LOG load by load, in _fivetran_synced order as the Platform Connector appends it, the same way every time', async () => {
    const loadOrder = `SELECT id, _fivetran_synced, time_stamp,
        LAG(_fivetran_synced) OVER (ORDER BY rowid) AS previous_load, LAG(time_stamp) OVER (ORDER BY rowid) AS previous_time
      FROM FIVETRAN_LOG.LOG`;
    const outOfOrder = `SELECT
        COUNT(*) FILTER (WHERE _fivetran_synced < previous_load) AS loads_back,
        COUNT(*) FILTER (WHERE _fivetran_synced = previous_load AND time_stamp < previous_time) AS times_back,
        COUNT(DISTINCT _fivetran_synced) AS loads
      FROM (${loadOrder})`;
    const first = await openDemo({ days: 7, connections: 40 });
    const second = await openDemo({ days: 7, connections: 40 });
    try {
      const [order] = await first.rows(outOfOrder);
      expect(order).toMatchObject({ loads_back: 0, times_back: 0 });
      expect(Number(order?.loads)).toBeGreaterThan(100);
      const stored = 'SELECT id FROM FIVETRAN_LOG.LOG ORDER BY rowid';
      expect(await second.rows(stored)).toEqual(await first.rows(stored));
    } finally {
      first.close();
      second.close();
    }
  });

  it('keeps the scenario connections identical when more connections are asked for', async () => {
    const small = await openDemo({ days: 7 });
    const large = await openDemo({ days: 7, connections: 40 });
    try {
      const ids = DEMO_SCENARIOS.map((s) => `'${s.connectionId}'`).join(',');
      const query = `SELECT * FROM FIVETRAN_LOG.LOG WHERE connection_id IN (${ids}) OR connector_id IN (${ids}) ORDER BY ALL`;
      expect(await large.rows(query)).toEqual(await small.rows(query));
      const counts = await large.rows('SELECT COUNT(*) AS n, COUNT(DISTINCT connection_id) AS ids, COUNT(DISTINCT connection_name) AS names FROM FIVETRAN_LOG.CONNECTION');
      expect(counts).toEqual([{ n: 40, ids: 40, names: 40 }]);
      expect(large.summary.rows.log).toBeGreaterThan(small.summary.rows.log);
    } finally {
      small.close();
      large.close();
    }
  });

  it('moves observedAt back with staleHours, keeping the scenarios as they are relative to it', async () => {
    const stale = await openDemo({ staleHours: 5, days: 7 });
    try {
      expect(Date.parse(stale.summary.observedAt)).toBe(FIXED_NOW.getTime() - 5 * HOUR - 4 * 60_000);
      const [row] = await stale.rows('SELECT MAX(_fivetran_synced) AS observed FROM FIVETRAN_LOG.LOG');
      expect(row?.observed).toBe(stale.summary.observedAt);
      const judged = await judge(stale, 'CONNECTION');
      expect(judged.slice(0, DEMO_SCENARIOS.length).map((j) => j.health)).toEqual(DEMO_SCENARIOS.map((s) => s.expectedHealth));
    } finally {
      stale.close();
    }
  });

  it('refuses options it cannot honour, in plain words', () => {
    expect(() => resolveDemoOptions({ connections: 3 })).toThrow(new DemoOptionsError(`connections must be a whole number from ${DEMO_SCENARIOS.length} to 100000; got 3`));
    expect(() => resolveDemoOptions({ days: 2.5 })).toThrow(/days must be a whole number from 7 to 90/);
    expect(() => resolveDemoOptions({ now: new Date('nope') })).toThrow(/now must be a valid date/);
    expect(() => resolveDemoOptions({ staleHours: -1 })).toThrow(/staleHours/);
    expect(() => resolveDemoOptions({ naming: 'old' as 'legacy' })).toThrow(/naming must be current or legacy/);
  });

  it('will not write into a database that already holds FIVETRAN_LOG', async () => {
    const demo = await openDemo({ days: 7 });
    try {
      const { generateDemoData } = await import('../../src/demo');
      await expect(generateDemoData(demo.connection, { now: FIXED_NOW })).rejects.toThrow(/already has a FIVETRAN_LOG schema/);
    } finally {
      demo.close();
    }
  });
});

describe('the legacy naming', () => {
  let demo: DemoConnection;
  beforeAll(async () => {
    demo = await openDemo({ naming: 'legacy', days: 7 });
  });
  afterAll(() => demo.close());

  it('has CONNECTOR, LOG.connector_id only and INCREMENTAL_MAR.connector_name', async () => {
    const columns = await demo.rows(
      `SELECT table_name AS t, string_agg(column_name, ',' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_schema = 'FIVETRAN_LOG' GROUP BY ALL`,
    );
    const byTable = Object.fromEntries(columns.map((r): [string, string] => [String(r.t), String(r.c)]));
    expect(byTable.CONNECTION).toBeUndefined();
    expect(byTable.CONNECTOR).toMatch(/^connector_id,connector_name,connector_type,destination_id,/);
    expect(byTable.LOG).toBe('id,time_stamp,connector_id,event,message_event,message_data,sync_id,transformation_id,_fivetran_synced');
    expect(byTable.INCREMENTAL_MAR).toMatch(/^measured_date,connector_name,destination_id,/);
  });

  it('stages the same scenarios', async () => {
    const judged = await judge(demo, 'CONNECTOR');
    expect(judged.slice(0, DEMO_SCENARIOS.length).map((j) => [j.connectionId, j.health, [...j.alerts].sort()])).toEqual(
      DEMO_SCENARIOS.map((s) => [s.connectionId, s.expectedHealth, [...s.expectedAlerts].sort()]),
    );
  });
});
