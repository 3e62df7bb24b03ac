import type { ConnectionSnapshot, Snapshot } from '../../src/fivetran/types';
import { failSyncChoices, liveStatusNote, standInConnectionsFromSnapshot, startPreviewFivetran, watchListings, type PreviewFivetran } from '../../src/jobs/previewFivetran';
import { createLogger } from '../../src/log/logger';
import type { PreviewJob } from '../../src/preview/standin';
import { aConnection, aSync, NOW } from '../support/fixtures/assessment';
import { aLiveConnection } from '../support/liveFixtures';
import { MemoryFivetranApi } from '../support/memoryFivetranApi';

function warehouse(overrides: Partial<ConnectionSnapshot> = {}): ConnectionSnapshot {
  const { tenantId: _tenant, health: _health, ...snapshot } = aConnection(overrides);
  return snapshot;
}
const snapshotOf = (connections: ConnectionSnapshot[]): Snapshot => ({ observedAt: NOW, readAt: NOW, connections, platformConnection: null });
const TENANTS = [
  { tenantId: 'acme', tenantName: 'Acme Inc.', alertChannel: '#acme-data' },
  { tenantId: 'initech', tenantName: 'Initech', alertChannel: null },
];

describe("the local preview's Fivetran stand-in", () => {
  it('is seeded with the warehouse connections, their last success and their standing failure', () => {
    const failed = aSync({ syncId: 'f', status: 'FAILURE_WITH_TASK', endedAt: '2026-11-20T08:00:00.000Z' });
    const inputs = standInConnectionsFromSnapshot(
      snapshotOf([
        warehouse({ connectionId: 'a1', connectionName: 'acme_salesforce', lastSuccessfulSyncAt: '2026-11-20T07:00:00.000Z', lastDecisiveSync: failed }),
        warehouse({ connectionId: 'b1', connectionName: 'initech_jira', paused: true, hasSyncStart: false, lastDecisiveSync: null }),
      ]),
    );
    expect(inputs.map((input) => [input.id, input.schema, input.paused, input.succeededAt, input.failedAt, input.setupState])).toEqual([
      ['a1', 'acme_salesforce', false, '2026-11-20T07:00:00.000Z', '2026-11-20T08:00:00.000Z', 'connected'],
      ['b1', 'initech_jira', true, expect.anything(), null, 'incomplete'],
    ]);
  });

  it('offers to fail a healthy connection of a tenant with its own channel first, and never a paused one', () => {
    const choices = failSyncChoices(
      snapshotOf([
        warehouse({ connectionId: 'z', connectionName: 'finance_sheets' }),
        warehouse({ connectionId: 'i', connectionName: 'initech_jira' }),
        warehouse({ connectionId: 'p', connectionName: 'acme_paused', paused: true }),
        warehouse({ connectionId: 'b', connectionName: 'acme_ads' }),
        warehouse({ connectionId: 'a', connectionName: 'acme_salesforce' }),
      ]),
      TENANTS,
      new Set(['b']),
    );
    expect(choices).toEqual([
      { value: 'a', label: 'acme_salesforce (Acme Inc.)' },
      { value: 'b', label: 'acme_ads (Acme Inc.)' },
      { value: 'z', label: 'finance_sheets' },
      { value: 'i', label: 'initech_jira (Initech)' },
    ]);
  });

  it('says on the page where live state comes from, how many connections and when it was last read, with the day when not today', () => {
    const now = new Date(2026, 10, 30, 10, 5);
    expect(liveStatusNote('stand-in', null, now)).toBe('Fivetran API (stand-in): not polled yet');
    expect(liveStatusNote('stand-in', { at: new Date(2026, 10, 30, 10, 2), connections: 24, ok: true }, now)).toBe('Fivetran API (stand-in): 24 connections, last poll 10:02');
    expect(liveStatusNote('account', { at: new Date(2026, 10, 29, 23, 58), connections: 1, ok: true }, now)).toBe('Fivetran API: 1 connection, last poll 29 Nov 23:58');
    expect(liveStatusNote('account', { at: new Date(2026, 10, 30, 10, 4), connections: 0, ok: false }, now)).toBe('Fivetran API: the last poll failed at 10:04 (see the log)');
  });

  it('tells each listing, and a failed one, without changing what the API answers', async () => {
    const api = new MemoryFivetranApi();
    api.connections = [aLiveConnection({ connectionId: 'a' }), aLiveConnection({ connectionId: 'b' })];
    const seen: Array<{ connections: number; ok: boolean }> = [];
    const watched = watchListings(api, ({ connections, ok }) => seen.push({ connections, ok }));
    expect((await watched.listConnections()).map((c) => c.connectionId)).toEqual(['a', 'b']);
    api.failWith = new Error('unreachable');
    await expect(watched.listConnections()).rejects.toThrow('unreachable');
    expect(seen).toEqual([
      { connections: 2, ok: true },
      { connections: 0, ok: false },
    ]);
  });

  describe('running', () => {
    let preview: PreviewFivetran | null = null;
    afterEach(async () => {
      await preview?.close();
      preview = null;
    });

    it('fails the chosen sync with a task, refuses an unknown one, and starts over from the warehouse on reseed', async () => {
      let connections = [warehouse({ connectionId: 'a', connectionName: 'acme_salesforce' }), warehouse({ connectionId: 'b', connectionName: 'initech_jira' })];
      const source = { judge: async () => ({ snapshot: snapshotOf(connections), assessment: { alerts: [] } }), tenants: async () => TENANTS };
      preview = await startPreviewFivetran(source, createLogger({ level: 'silent', format: 'json' }), { syncDurationMs: 60_000 });
      expect((await preview.api.listConnections()).map((c) => c.connectionId)).toEqual(['a', 'b']);

      const job = (await preview.failSyncJob()) as Exclude<PreviewJob, () => Promise<void>>;
      expect(job.choices?.[0]).toEqual({ value: 'a', label: 'acme_salesforce (Acme Inc.)' });
      await job.run('a');
      const failed = await preview.api.getConnection('a');
      expect(failed.failedAt).not.toBeNull();
      expect(failed.tasks.map((task) => task.code)).toEqual(['reconnect']);
      await expect(job.run('nope')).rejects.toThrow('the Fivetran stand-in has no connection nope');

      connections = [warehouse({ connectionId: 'a', connectionName: 'acme_salesforce' })];
      await preview.reseed();
      const again = await preview.api.listConnections();
      expect(again.map((c) => [c.connectionId, c.tasks.length])).toEqual([['a', 0]]);
    });
  });
});
