import { alertRulesSchema } from '../../src/config/loadAlertRules';
import { DURATION_SAMPLE } from '../../src/fivetran/assembleSnapshot';
import { judge } from '../support/judge';
import { NOW, PlatformData } from '../support/platformData';

const data = () => new PlatformData().platform(60).history('platform_log', 2, 60, 2).loadedAt('-0m');

describe('sync_delayed', () => {
  it('fires only when the last success is older than 2 × sync_frequency', async () => {
    const j = await judge(
      data()
        .connection({ id: 'at_limit', frequency: 60 }).sync('at_limit', '-130m', '-120m')
        .connection({ id: 'over', frequency: 60 }).sync('over', '-131m', '-121m'),
    );
    expect(j.rulesOf('at_limit')).toEqual([]);
    expect(j.alertsOf('over')[0]).toMatchObject({ rule: 'sync_delayed', severity: 'warning', since: '2026-06-15T09:59:00.000Z', summary: 'over: no successful sync for 2 h 1 min (expected every 1 h)' });
  });

  it('uses at least one hour for fast connections', async () => {
    const j = await judge(data().connection({ id: 'fast', frequency: 5 }).sync('fast', '-50m', '-45m').connection({ id: 'slow', frequency: 5 }).sync('slow', '-70m', '-61m'));
    expect(j.rulesOf('fast')).toEqual([]);
    expect(j.rulesOf('slow')).toEqual(['sync_delayed']);
  });

  it('is measured at observedAt, not the wall clock', async () => {
    // The data was loaded 3 h ago: a success 1 h before that load is on time as far as anyone can know.
    const j = await judge(new PlatformData().platform(240).history('platform_log', 2, 60, 2, '-3h').loadedAt('-3h').connection({ id: 'c', frequency: 60 }).sync('c', '-250m', '-4h'));
    expect(j.assessment.observedAt).toBe('2026-06-15T09:00:00.000Z');
    expect(j.rulesOf('c')).toEqual([]);
  });
});

describe('sync_failed', () => {
  const flapping = () =>
    data()
      .connection({ id: 'twice', name: 'acme_pg' }).sync('twice', '-5h', '-290m').sync('twice', '-2h', '-110m', 'FAILURE').sync('twice', '-1h', '-50m', 'FAILURE')
      .connection({ id: 'thrice', name: 'globex_pg' }).sync('thrice', '-5h', '-290m').sync('thrice', '-3h', '-170m', 'FAILURE').sync('thrice', '-2h', '-110m', 'FAILURE').sync('thrice', '-1h', '-50m', 'FAILURE')
      .connection({ id: 'once', name: 'initech_pg' }).sync('once', '-3h', '-170m', 'FAILURE').sync('once', '-2h', '-110m').sync('once', '-1h', '-50m', 'FAILURE');
  const tenants = [{ tenantId: 'acme', tenantName: 'Acme', alertChannel: null }, { tenantId: 'globex', tenantName: 'Globex', alertChannel: null }, { tenantId: 'initech', tenantName: 'Initech', alertChannel: null }];

  it('fires on the first failure by default', async () => {
    const j = await judge(flapping(), { tenants });
    for (const id of ['twice', 'thrice', 'once']) expect(j.rulesOf(id)).toContain('sync_failed');
  });

  it('waits for syncFailedAfter failures in a row, set globally, per tenant or per connection', async () => {
    const j = await judge(flapping(), {
      tenants,
      rules: { defaults: { syncFailedAfter: 3 }, tenants: { initech: { syncFailedAfter: 2 } }, connections: { twice: { syncFailedAfter: 2 } } },
    });
    expect(j.alertsOf('thrice').find((a) => a.rule === 'sync_failed')).toMatchObject({ since: '2026-06-15T09:10:00.000Z', details: expect.objectContaining({ failuresInARow: 3 }) });
    expect(j.alertsOf('twice').find((a) => a.rule === 'sync_failed')).toMatchObject({ details: expect.objectContaining({ failuresInARow: 2 }) });
    // A success between two failures starts the count again.
    expect(j.rulesOf('once')).not.toContain('sync_failed');
  });

  it('accepts no streak longer than the recent syncs the snapshot keeps', () => {
    expect(alertRulesSchema.safeParse({ defaults: { syncFailedAfter: 11 } }).success).toBe(false);
    expect(alertRulesSchema.safeParse({ defaults: { syncFailedAfter: 0 } }).success).toBe(false);
    expect(alertRulesSchema.safeParse({ defaults: { syncFailedAfter: 10 } }).success).toBe(true);
    // The bound is the read model's: configuration states it apart, so the two are held equal here.
    expect(alertRulesSchema.safeParse({ defaults: { syncFailedAfter: DURATION_SAMPLE } }).success).toBe(true);
    expect(alertRulesSchema.safeParse({ defaults: { syncFailedAfter: DURATION_SAMPLE + 1 } }).success).toBe(false);
  });
});

describe('sync_running_long', () => {
  it('fires past 3 × the median of recent syncs, with a one-hour floor', async () => {
    const j = await judge(
      data()
        .connection({ id: 'at_floor', frequency: 360 }).history('at_floor', 5, 120, 10, '-3h').sync('at_floor', '-60m', null)
        .connection({ id: 'past_floor', frequency: 360 }).history('past_floor', 5, 120, 10, '-3h').sync('past_floor', '-61m', null)
        .connection({ id: 'slow', frequency: 360 }).history('slow', 5, 300, 40, '-5h').sync('slow', '-121m', null)
        .connection({ id: 'slow_ok', frequency: 360 }).history('slow_ok', 5, 300, 40, '-5h').sync('slow_ok', '-120m', null),
    );
    expect(j.rulesOf('at_floor')).toEqual([]);
    expect(j.alertsOf('past_floor')[0]).toMatchObject({ rule: 'sync_running_long', summary: 'past_floor: sync running for 1 h 1 min (usually 10 min)' });
    expect(j.rulesOf('slow')).toEqual(['sync_running_long']);
    expect(j.rulesOf('slow_ok')).toEqual([]);
  });

  it('waits 6 h when fewer than 3 completed syncs give no usual duration', async () => {
    const j = await judge(
      data()
        .connection({ id: 'young', signedUp: '-8h' }).sync('young', '-8h', '-470m').sync('young', '-361m', null)
        .connection({ id: 'young_ok', signedUp: '-8h' }).sync('young_ok', '-8h', '-470m').sync('young_ok', '-360m', null),
    );
    expect(j.alertsOf('young').map((a) => a.summary)).toContain('young: sync running for 6 h 1 min (no usual duration yet)');
    expect(j.rulesOf('young_ok')).not.toContain('sync_running_long');
  });
});

describe('frequent_errors', () => {
  it('fires at 5 SEVERE events in the 24 h before observedAt, counting duplicates once', async () => {
    const five = data().connection({ id: 'noisy' }).history('noisy', 3, 60, 5);
    for (let i = 1; i <= 5; i += 1) five.error('noisy', `-${i * 3}h`, 'open_file', `cannot open file ${i}`);
    five.log.push({ ...(five.log[five.log.length - 1] as (typeof five.log)[number]) });
    const four = data().connection({ id: 'noisy' }).history('noisy', 3, 60, 5);
    for (let i = 1; i <= 4; i += 1) four.error('noisy', `-${i * 3}h`, 'open_file', 'x');
    four.error('noisy', '-1441m', 'open_file', 'just outside the day');
    four.log.push({ ...(four.log[four.log.length - 2] as (typeof four.log)[number]) });

    const fired = await judge(five);
    expect(fired.connection('noisy').severe24h).toBe(5);
    expect(fired.alertsOf('noisy').find((a) => a.rule === 'frequent_errors')?.summary).toBe('noisy: 5 errors in the last 24 h; latest: open_file: cannot open file 1');
    // Since the first of the errors counted (15 h ago), not the latest (3 h ago).
    expect(fired.alertsOf('noisy').find((a) => a.rule === 'frequent_errors')?.since).toBe(new Date(NOW.getTime() - 15 * 3_600_000).toISOString());
    const quiet = await judge(four);
    expect(quiet.connection('noisy').severe24h).toBe(4);
    expect(quiet.rulesOf('noisy')).not.toContain('frequent_errors');
  });
});

describe('metadata_stale', () => {
  it('fires when the monitoring data is older than 2 × the Platform frequency, and only then', async () => {
    const fresh = await judge(new PlatformData().platform(60).history('platform_log', 2, 60, 2, '-2h').loadedAt('-120m'));
    expect(fresh.assessment.stale).toBe(false);
    const stale = await judge(new PlatformData().platform(60).history('platform_log', 2, 60, 2, '-3h').loadedAt('-121m'));
    expect(stale.assessment.stale).toBe(true);
    expect(stale.alertsOf(null)[0]).toMatchObject({ rule: 'metadata_stale', severity: 'critical', connectionId: null, tenantId: null, fingerprint: 'metadata_stale' });
    expect(stale.alertsOf(null)[0]?.summary).toMatch(/^Monitoring data is 2 h 1 min old/);
  });

  it('waits 26 h when the Platform connection cannot be found', async () => {
    const d = () => new PlatformData().connection({ id: 'c' }).history('c', 2, 60, 2, '-30h');
    expect((await judge(d().loadedAt('-1560m'))).assessment.stale).toBe(false);
    expect((await judge(d().loadedAt('-1561m'))).assessment.stale).toBe(true);
  });

  it('says so loudly when LOG is empty', async () => {
    const j = await judge(new PlatformData().platform(60).connection({ id: 'c' }));
    expect(j.assessment.observedAt).toBeNull();
    expect(j.assessment.stale).toBe(true);
    expect(j.alertsOf(null)[0]?.summary).toMatch(/Monitoring data is missing/);
  });
});

describe('thresholds', () => {
  it('are overridden globally, per tenant and per connection, most specific first', async () => {
    const d = data()
      .connection({ id: 'a1', name: 'acme_pg' }).sync('a1', '-100m', '-95m')
      .connection({ id: 'a2', name: 'acme_sf' }).sync('a2', '-100m', '-95m')
      .connection({ id: 'g1', name: 'globex_pg' }).sync('g1', '-100m', '-95m');
    const tenants = [{ tenantId: 'acme', tenantName: 'Acme', alertChannel: null }, { tenantId: 'globex', tenantName: 'Globex', alertChannel: null }];
    const j = await judge(d, {
      tenants,
      rules: { defaults: { syncDelayedFactor: 1.5 }, tenants: { acme: { syncDelayedMinMinutes: 240, severity: { sync_delayed: 'critical' } } }, connections: { a2: { syncDelayedMinMinutes: 30 } } },
    });
    expect(j.rulesOf('g1')).toEqual(['sync_delayed']);
    expect(j.rulesOf('a1')).toEqual([]);
    expect(j.alertsOf('a2')[0]).toMatchObject({ rule: 'sync_delayed', severity: 'critical', tenantId: 'acme' });
  });

  it('can disable a rule', async () => {
    const j = await judge(data().connection({ id: 'pg' }).sync('pg', '-20m', '-15m', 'FAILURE'), { rules: { defaults: { disabled: ['sync_failed'] }, tenants: {}, connections: {} } });
    expect(j.rulesOf('pg')).toEqual(['sync_delayed']);
  });
});

describe('reading real-world Platform Connector data', () => {
  const scenario = (naming: 'current' | 'legacy' | 'mixed') =>
    new PlatformData(naming)
      .platform(60).history('platform_log', 2, 60, 2).loadedAt('-0m')
      .connection({ id: 'ok' }).history('ok', 4, 60, 10)
      .connection({ id: 'bad' }).history('bad', 2, 60, 10, '-70m').sync('bad', '-20m', '-15m', 'FAILURE', { reason: 'r' })
      .marRows('ok', 'dest_main', '2026-06-14', 1200).marRows('ok', 'dest_main', '2026-06-02', 300).marRows('ok', 'dest_main', '2026-05-31', 99999);

  it.each(['current', 'legacy', 'mixed'] as const)('judges the same with %s naming', async (naming) => {
    const j = await judge(scenario(naming));
    expect(j.connection('ok')).toMatchObject({ health: 'connected', marThisMonth: 1500 });
    expect(j.connection('bad').health).toBe('broken');
    expect(j.assessment.alerts.map((a) => a.fingerprint)).toEqual(['sync_failed:bad']);
  });

  it('survives odd message_data: double-encoded, non-JSON, camelCase or snake_case, NULL', async () => {
    const d = data().connection({ id: 'odd' });
    d.event('odd', '-50m', 'INFO', 'sync_start', null, 's1');
    d.event('odd', '-45m', 'INFO', 'sync_end', JSON.stringify(JSON.stringify({ status: 'FAILURE_WITH_TASK', reason: 'twice', task_type: 'fix_it' })), 's1');
    d.event('odd', '-40m', 'SEVERE', 'error', 'java.lang.NullPointerException at line 1 {not json');
    d.event('odd', '-39m', 'WARNING', 'warning', '{"type":"table_excluded_by_system","message":"salesforce.X has been Excluded');
    d.event('odd', '-38m', 'INFO', 'records_modified', null);
    const j = await judge(d);
    const odd = j.connection('odd');
    expect(odd.lastSync).toMatchObject({ status: 'FAILURE_WITH_TASK', reason: 'twice', taskType: 'fix_it' });
    expect(odd.latestErrors.map((e) => e.message)).toEqual(['{"type":"table_excluded_by_system","message":"salesforce.X has been Excluded', 'java.lang.NullPointerException at line 1 {not json']);
  });

  it('keeps connections of the same name in different destinations apart', async () => {
    const j = await judge(
      data()
        .connection({ id: 'eu', name: 'shop', destination: 'd_eu' }).history('eu', 2, 60, 5)
        .connection({ id: 'us', name: 'shop', destination: 'd_us' }).sync('us', '-20m', '-15m', 'FAILURE')
        .marRows('shop', 'd_eu', '2026-06-10', 10).marRows('shop', 'd_us', '2026-06-10', 20),
    );
    expect(j.connection('eu')).toMatchObject({ health: 'connected', marThisMonth: 10, destinationName: 'Warehouse d_eu' });
    expect(j.connection('us')).toMatchObject({ health: 'broken', marThisMonth: 20 });
  });

  it('sums the rows the latest sync wrote, and lists schema changes', async () => {
    const d = data().connection({ id: 'ig' });
    d.event('ig', '-3d', 'INFO', 'alter_table', { type: 'ADD_COLUMN', table: 'people', properties: { columnName: 'x', dataType: 'TIMESTAMP' } });
    d.sync('ig', '-40m', '-30m');
    const syncId = d.log[d.log.length - 1]?.sync_id ?? null;
    d.event('ig', '-35m', 'INFO', 'records_modified', { schema: 'ig', table: 'media', operationType: 'REPLACED_OR_INSERTED', count: 9 }, syncId);
    d.event('ig', '-34m', 'INFO', 'records_modified', { schema: 'ig', table: 'users', operationType: 'REPLACED_OR_INSERTED', count: '4' }, syncId);
    const j = await judge(d);
    expect(j.connection('ig').rowsModifiedLastSync).toBe(13);
    expect(j.connection('ig').schemaChanges30d).toEqual([{ at: '2026-06-12T12:00:00.000Z', messageEvent: 'alter_table', summary: 'alter table add column people' }]);
  });

  it('evaluates as of an earlier instant, ignoring what came after', async () => {
    const d = data().connection({ id: 'pg' }).sync('pg', '-3h', '-170m', 'FAILURE').sync('pg', '-20m', '-15m');
    for (const row of d.log) row.synced = row.time_stamp;
    const earlier = await judge(d, { now: new Date(NOW.getTime() - 2 * 3600_000) });
    expect(earlier.connection('pg').health).toBe('broken');
    const later = await judge(d);
    expect(later.connection('pg').health).toBe('connected');
  });
});
