import type { LiveConnection } from '../../src/live/types';
import { liveProgress } from '../../src/slack/watchLive';
import type { WatchProgress } from '../../src/views/blocks';

const NOW = new Date('2026-11-20T09:10:00Z');
const start: WatchProgress = {
  connectionId: 'c1', connectionName: 'pg', state: 'running', startedAt: '2026-11-20T09:00:00Z', endedAt: null, now: '2026-11-20T09:05:00Z', expectedMinutes: 10, timeLimitMinutes: 120,
};
const connection = (patch: Partial<LiveConnection>): LiveConnection => ({
  connectionId: 'c1', groupId: 'g', service: 'postgres', schema: 'pg', paused: false, setupState: 'connected', syncState: 'syncing', updateState: 'on_schedule',
  succeededAt: '2026-11-19T09:00:00Z', failedAt: '2026-11-18T09:00:00Z', syncFrequencyMinutes: 60, tasks: [], warnings: [], observedAt: NOW.toISOString(), ...patch,
});
const baseline = { succeededAt: '2026-11-19T09:00:00Z', failedAt: '2026-11-18T09:00:00Z' };

describe('a watch read from live state', () => {
  it('keeps running while Fivetran syncs and no outcome is newer than the watch began with', () => {
    expect(liveProgress(start, baseline, connection({}), NOW)).toMatchObject({ state: 'running', endedAt: null, now: NOW.toISOString() });
  });

  it('ends on a newer success, or on a newer failure with its task as the reason, the newest of the two winning', () => {
    expect(liveProgress(start, baseline, connection({ syncState: 'scheduled', succeededAt: '2026-11-20T09:08:00Z' }), NOW)).toMatchObject({ state: 'succeeded', endedAt: '2026-11-20T09:08:00Z', status: 'SUCCESSFUL' });
    const failed = liveProgress(start, baseline, connection({ syncState: 'scheduled', succeededAt: '2026-11-20T09:01:00Z', failedAt: '2026-11-20T09:08:00Z', tasks: [{ code: 'reconnect', message: 'Reconnect the source', details: null }] }), NOW);
    expect(failed).toMatchObject({ state: 'failed', endedAt: '2026-11-20T09:08:00Z', status: 'FAILURE', reason: 'Reconnect the source' });
  });

  it('does not take an outcome older than the watch began with for the end', () => {
    expect(liveProgress({ ...start, state: 'waiting', startedAt: null }, baseline, connection({ syncState: 'scheduled' }), NOW)).toMatchObject({ state: 'waiting', startedAt: null });
  });
});
