import { EMPTY_RULES } from '../../src/config/loadAlertRules';
import { assess } from '../../src/health/assess';
import { mergeLive } from '../../src/health/mergeLive';
import { foldPolled, foldWebhook, type LiveFacts } from '../../src/live/liveFacts';
import { connectionJson } from '../../src/views/json/assessmentJson';
import type { ConnectionSnapshot, Snapshot } from '../../src/fivetran/types';
import { aConnection, aSync, anError, minutesBefore, NOW } from '../support/fixtures/assessment';
import { aLiveConnection, aWebhookEvent } from '../support/liveFixtures';

/** The warehouse's view: loaded 30 min before NOW, last sync succeeded 60 min before NOW. */
const LOADED_AT = minutesBefore(NOW, 30);
const after = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

function warehouse(overrides: Partial<ConnectionSnapshot> = {}): ConnectionSnapshot {
  const { tenantId: _tenant, health: _health, ...snapshot } = aConnection(overrides);
  return snapshot;
}

const failureAt = (at: string, extra: Parameters<typeof aWebhookEvent>[0] = {}) => foldWebhook(undefined, aWebhookEvent({ createdAt: at, ...extra }));

function judge(connection: ConnectionSnapshot, live: LiveFacts | undefined) {
  const snapshot: Snapshot = { observedAt: LOADED_AT, readAt: NOW, connections: [connection], platformConnection: null };
  return assess(snapshot, [{ tenantId: 'acme', tenantName: 'Acme', alertChannel: null }], EMPTY_RULES, new Date(NOW), live ? new Map([[connection.connectionId, live]]) : undefined);
}

describe('one connection from the warehouse and live state: newest wins per fact', () => {
  it('leaves the warehouse view as it is when nothing live is known', () => {
    const c = warehouse();
    expect(mergeLive(c, undefined, LOADED_AT)).toEqual({ connection: c, live: null });
  });

  it('takes a webhook failure newer than the warehouse as the last sync, keeping the warehouse-only facts', () => {
    const c = warehouse({ latestErrors: [anError()], marThisMonth: 99, medianDurationMinutes: 11 });
    const { connection, live } = mergeLive(c, failureAt(minutesBefore(NOW, 5)), LOADED_AT);
    expect(connection.lastDecisiveSync).toEqual({ syncId: 'sync-live-1', status: 'FAILURE_WITH_TASK', reason: 'java.lang.RuntimeException: invalid credentials', taskType: 'reconnect', startedAt: null, endedAt: minutesBefore(NOW, 5) });
    expect(connection.recentSyncs.map((s) => s.syncId)).toEqual(['sync-live-1', 'sync-1', 'sync-0']);
    expect(connection.lastSuccessfulSyncAt).toBe(c.lastSuccessfulSyncAt);
    expect({ errors: connection.latestErrors, mar: connection.marThisMonth, median: connection.medianDurationMinutes }).toEqual({ errors: c.latestErrors, mar: 99, median: 11 });
    expect(live).toMatchObject({ warehouseAt: LOADED_AT, webhookAt: minutesBefore(NOW, 5), apiAt: null, lastSync: { source: 'webhook', at: minutesBefore(NOW, 5) }, lastSuccess: { source: 'warehouse' } });
    expect(live?.disagreements).toEqual([
      { fact: 'last_sync', warehouse: { status: 'SUCCESSFUL', at: minutesBefore(NOW, 60) }, live: { status: 'FAILURE_WITH_TASK', at: minutesBefore(NOW, 5), source: 'webhook' } },
    ]);
  });

  it('keeps the warehouse outcome when it is newer than the live one, or is the same sync', () => {
    const newerInWarehouse = warehouse({ lastDecisiveSync: aSync({ syncId: 'w', endedAt: minutesBefore(NOW, 40) }), lastSync: aSync({ syncId: 'w', endedAt: minutesBefore(NOW, 40) }) });
    const older = mergeLive(newerInWarehouse, failureAt(minutesBefore(NOW, 50)), LOADED_AT);
    expect(older.connection.lastDecisiveSync?.syncId).toBe('w');
    expect(older.live?.lastSync).toEqual({ source: 'warehouse', at: minutesBefore(NOW, 40) });
    expect(older.live?.disagreements).toEqual([]);

    const loadedFailure = aSync({ syncId: 'sync-live-1', status: 'FAILURE', endedAt: minutesBefore(NOW, 20) });
    const same = mergeLive(warehouse({ lastDecisiveSync: loadedFailure, recentSyncs: [loadedFailure] }), failureAt(minutesBefore(NOW, 19)), LOADED_AT);
    expect(same.connection.recentSyncs).toEqual([loadedFailure]);
  });

  it('takes the newest success from either source, and a live success clears a warehouse failure', () => {
    const failing = aSync({ syncId: 'w', status: 'FAILURE', reason: 'too many connections', endedAt: minutesBefore(NOW, 40) });
    const c = warehouse({ lastDecisiveSync: failing, lastSync: failing, recentSyncs: [failing], lastSuccessfulSyncAt: minutesBefore(NOW, 120) });
    const live = foldWebhook(undefined, aWebhookEvent({ createdAt: minutesBefore(NOW, 10), status: 'SUCCESSFUL', reason: null, taskType: null }));
    const { connection, live: view } = mergeLive(c, live, LOADED_AT);
    expect(connection.lastSuccessfulSyncAt).toBe(minutesBefore(NOW, 10));
    expect(connection.lastDecisiveSync?.status).toBe('SUCCESSFUL');
    expect(view?.lastSuccess).toEqual({ source: 'webhook', at: minutesBefore(NOW, 10) });
    expect(judge(c, undefined).alerts.map((a) => a.rule)).toContain('sync_failed');
    expect(judge(c, live).alerts.map((a) => a.rule)).not.toContain('sync_failed');
    expect(judge(c, live).connections[0]?.health).toBe('connected');
  });

  it('takes paused from whichever said it last: the warehouse as loaded, or a pause or resume since', () => {
    const pausedSince = foldWebhook(undefined, aWebhookEvent({ event: 'pause_connector', createdAt: minutesBefore(NOW, 10), syncId: null, status: null }));
    expect(mergeLive(warehouse(), pausedSince, LOADED_AT).connection.paused).toBe(true);
    expect(mergeLive(warehouse(), pausedSince, LOADED_AT).live?.disagreements).toEqual([{ fact: 'paused', warehouse: false, live: { paused: true, at: minutesBefore(NOW, 10), source: 'webhook' } }]);
    const pausedBefore = foldWebhook(undefined, aWebhookEvent({ event: 'pause_connector', createdAt: minutesBefore(NOW, 45), syncId: null, status: null }));
    expect(mergeLive(warehouse(), pausedBefore, LOADED_AT).connection.paused).toBe(false);
    expect(judge(warehouse(), pausedSince).connections[0]?.health).toBe('paused');
  });

  it('raises sync_failed as soon as a webhook or the API shows a failure, saying who reported it', () => {
    const byWebhook = judge(warehouse(), failureAt(minutesBefore(NOW, 5)));
    expect(byWebhook.alerts).toEqual([expect.objectContaining({ rule: 'sync_failed', severity: 'critical', since: minutesBefore(NOW, 5), details: expect.objectContaining({ reportedBy: 'webhook', taskType: 'reconnect', failedAt: minutesBefore(NOW, 5) }) })]);
    expect(byWebhook.connections[0]?.health).toBe('broken');
    const byApi = judge(warehouse(), foldPolled(undefined, aLiveConnection({ observedAt: minutesBefore(NOW, 1), succeededAt: minutesBefore(NOW, 60), failedAt: minutesBefore(NOW, 8) })));
    expect(byApi.alerts).toEqual([expect.objectContaining({ rule: 'sync_failed', details: expect.objectContaining({ reportedBy: 'api', failedAt: minutesBefore(NOW, 8) }) })]);
  });

  it("raises setup_broken, action_required with Fivetran's message, and Fivetran's own delay", () => {
    const task = { code: 'reconnect', message: 'Reconnect: the OAuth token expired', details: null };
    const polled = foldPolled(undefined, aLiveConnection({ observedAt: minutesBefore(NOW, 1), setupState: 'broken', updateState: 'delayed', tasks: [task], succeededAt: minutesBefore(NOW, 60) }));
    const judged = judge(warehouse(), polled);
    const byRule = Object.fromEntries(judged.alerts.map((a) => [a.rule, a]));
    expect(Object.keys(byRule).sort()).toEqual(['action_required', 'setup_broken', 'sync_delayed']);
    expect(byRule.setup_broken).toMatchObject({ severity: 'critical', summary: 'salesforce_acme: Fivetran reports its setup as broken: Reconnect: the OAuth token expired' });
    expect(byRule.action_required).toMatchObject({ severity: 'warning', summary: 'salesforce_acme: Fivetran asks for action: Reconnect: the OAuth token expired', details: { task: task.message, tasks: 1, reportedAt: minutesBefore(NOW, 1) } });
    expect(byRule.sync_delayed).toMatchObject({ severity: 'warning', details: { reportedBy: 'api' } });
    expect(judged.connections[0]?.health).toBe('broken');
    // A success after the poll that said "delayed" outdates Fivetran's judgment.
    const since = foldWebhook(polled, aWebhookEvent({ createdAt: after(0), status: 'SUCCESSFUL' }));
    expect(judge(warehouse(), since).alerts.map((a) => a.rule)).not.toContain('sync_delayed');
  });

  it('fires nothing live on a paused connection', () => {
    const polled = foldPolled(undefined, aLiveConnection({ observedAt: minutesBefore(NOW, 1), paused: true, setupState: 'broken', tasks: [{ code: 'x', message: 'Fix it', details: null }] }));
    expect(judge(warehouse(), polled).alerts).toEqual([]);
  });
});

describe('the JSON of a merged connection', () => {
  it('carries the live view when live state is known, and nothing new otherwise', () => {
    const judged = judge(warehouse(), failureAt(minutesBefore(NOW, 5)));
    const connection = judged.connections[0];
    if (!connection) throw new Error('no connection judged');
    expect(connectionJson(connection, judged.alerts)).toMatchObject({ lastSyncStatus: 'FAILURE_WITH_TASK', alerts: ['sync_failed'], live: { lastSync: { source: 'webhook' }, disagreements: [{ fact: 'last_sync' }] } });
    expect(connectionJson(judge(warehouse(), undefined).connections[0] ?? connection, [])).not.toHaveProperty('live');
  });
});
