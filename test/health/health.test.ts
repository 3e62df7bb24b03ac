import { judge } from '../support/judge';
import { PlatformData } from '../support/platformData';

/** A Platform connection that loads hourly and has just loaded, so LOG is never empty. */
const data = () => new PlatformData().platform(60).history('platform_log', 2, 60, 2).loadedAt('-0m');

describe('connection health (Fivetran Quickstart vocabulary)', () => {
  it('is connected with recent successful syncs and raises nothing', async () => {
    const j = await judge(data().connection({ id: 'ok' }).history('ok', 5, 60, 10));
    expect(j.connection('ok').health).toBe('connected');
    expect(j.rulesOf('ok')).toEqual([]);
    expect(j.connection('ok').medianDurationMinutes).toBe(10);
    expect(j.connection('ok').lastSuccessfulSyncAt).toBe('2026-06-15T11:50:00.000Z');
  });

  it('is broken when the last sync failed, and says why', async () => {
    const j = await judge(
      data()
        .connection({ id: 'pg' })
        .history('pg', 3, 60, 10, '-70m')
        .sync('pg', '-20m', '-15m', 'FAILURE_WITH_TASK', { reason: 'FATAL: too many connections for role "x"', taskType: 'reconnect' }),
    );
    expect(j.connection('pg').health).toBe('broken');
    const [failed] = j.alertsOf('pg');
    expect(failed).toMatchObject({ rule: 'sync_failed', severity: 'critical', fingerprint: 'sync_failed:pg', since: '2026-06-15T11:45:00.000Z' });
    expect(failed?.summary).toBe('pg: last sync failed (task to fix: reconnect): FATAL: too many connections for role "x"');
    expect(failed?.details).toMatchObject({ reason: 'FATAL: too many connections for role "x"', taskType: 'reconnect', failuresInARow: 1 });
  });

  it('counts a failure streak and dates the alert from its first failure', async () => {
    const j = await judge(data().connection({ id: 'pg' }).sync('pg', '-5h', '-290m').sync('pg', '-3h', '-170m', 'FAILURE').sync('pg', '-2h', '-110m', 'FAILURE').sync('pg', '-1h', '-50m', 'FAILURE'));
    expect(j.alertsOf('pg').find((a) => a.rule === 'sync_failed')).toMatchObject({ since: '2026-06-15T09:10:00.000Z', details: expect.objectContaining({ failuresInARow: 3 }) });
  });

  it('is connected again once a later sync succeeds', async () => {
    const j = await judge(data().connection({ id: 'pg' }).sync('pg', '-3h', '-170m', 'FAILURE').error('pg', '-171m', 'open_file', 'boom').sync('pg', '-20m', '-15m'));
    expect(j.connection('pg').health).toBe('connected');
    expect(j.rulesOf('pg')).toEqual([]);
  });

  it('is broken when the last SEVERE event falls in the last completed sync', async () => {
    const d = data().connection({ id: 'sf' }).history('sf', 3, 60, 10, '-70m');
    d.sync('sf', '-20m', '-10m');
    const lastSyncId = d.log[d.log.length - 1]?.sync_id ?? null;
    d.error('sf', '-12m', 'permission_denied', 'no access to table X', lastSyncId);
    const j = await judge(d);
    expect(j.connection('sf').health).toBe('broken');
    expect(j.connection('sf').latestErrors[0]).toMatchObject({ type: 'permission_denied', message: 'no access to table X' });
  });

  it('treats a priority-first RESCHEDULED ("intended behavior") as healthy', async () => {
    const reason = 'We have rescheduled the connection to force flush data from the forward sync into your destination. This is intended behavior and means that the connection is working as expected.';
    const j = await judge(data().connection({ id: 'new', signedUp: '-2d' }).sync('new', '-30m', '-10m', 'RESCHEDULED', { reason }));
    expect(j.connection('new').health).toBe('priority_first_sync');
    expect(j.rulesOf('new')).toEqual([]);
  });

  it('takes CANCELED as neutral: the sync before it decides', async () => {
    const j = await judge(
      data()
        .connection({ id: 'was_ok' }).history('was_ok', 3, 60, 10, '-30m').sync('was_ok', '-10m', '-5m', 'CANCELED', { reason: 'cancelled by a user' })
        .connection({ id: 'was_bad' }).sync('was_bad', '-40m', '-30m', 'FAILURE').sync('was_bad', '-10m', '-5m', 'CANCELED'),
    );
    expect(j.connection('was_ok').health).toBe('connected');
    expect(j.rulesOf('was_ok')).toEqual([]);
    expect(j.connection('was_ok').lastSync?.status).toBe('CANCELED');
    expect(j.connection('was_bad').health).toBe('broken');
    expect(j.rulesOf('was_bad')).toEqual(['sync_delayed', 'sync_failed']);
  });

  it('is paused and raises nothing, whatever its state', async () => {
    const j = await judge(data().connection({ id: 'p', paused: true, signedUp: '-20d' }).sync('p', '-5d', '-5d', 'FAILURE'));
    expect(j.connection('p').health).toBe('paused');
    expect(j.rulesOf('p')).toEqual([]);
  });

  it('is incomplete when it never started a sync; late only once it has existed past the limit', async () => {
    const j = await judge(data().connection({ id: 'fresh', signedUp: '-10m' }).connection({ id: 'forgotten', signedUp: '-121m' }).connection({ id: 'edge', signedUp: '-120m' }));
    expect(j.connection('fresh').health).toBe('incomplete');
    expect(j.rulesOf('fresh')).toEqual([]);
    expect(j.rulesOf('edge')).toEqual([]);
    expect(j.connection('forgotten').health).toBe('incomplete');
    expect(j.rulesOf('forgotten')).toEqual(['sync_delayed']);
    expect(j.alertsOf('forgotten')[0]?.summary).toBe('forgotten: no successful sync since it was set up 2 h 1 min ago (expected every 1 h)');
  });

  it('calls a connection set up before the window with no sync in it broken, not incomplete', async () => {
    const j = await judge(data().connection({ id: 'silent', signedUp: '-90d' }));
    expect(j.connection('silent').health).toBe('broken');
    expect(j.rulesOf('silent')).toEqual(['sync_delayed']);
  });

  it('is in initial sync while its first sync runs without errors', async () => {
    const j = await judge(data().connection({ id: 'hist', signedUp: '-6h' }).sync('hist', '-5h', null));
    expect(j.connection('hist').health).toBe('initial_sync');
    expect(j.connection('hist').runningSince).toBe('2026-06-15T07:00:00.000Z');
    expect(j.rulesOf('hist')).toEqual([]);
  });

  it('is broken when it never finished a sync but had an error', async () => {
    const j = await judge(data().connection({ id: 'hist', signedUp: '-6h' }).sync('hist', '-5h', null).error('hist', '-4h', 'authentication_error', 'bad password'));
    expect(j.connection('hist').health).toBe('broken');
  });

  it('leaves deleted connections out entirely', async () => {
    const j = await judge(data().connection({ id: 'gone', deleted: true }).sync('gone', '-3h', '-2h', 'FAILURE'));
    expect(j.assessment.connections.map((c) => c.connectionId)).not.toContain('gone');
    expect(j.alertsOf('gone')).toEqual([]);
  });

  it('copes with connections that have no LOG rows at all', async () => {
    const j = await judge(data().connection({ id: 'quiet', signedUp: '-30m' }));
    expect(j.connection('quiet')).toMatchObject({ lastSync: null, recentSyncs: [], latestErrors: [], medianDurationMinutes: null, severe24h: 0 });
  });
});
