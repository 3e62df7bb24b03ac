import { createAlertStore, type QueuedDelivery } from '../../../src/alerts/store';
import type { Warehouse } from '../../../src/warehouse/types';
import { NOW, anIncident } from '../../support/fixtures/assessment';
import { countingWarehouse } from '../../support/countingWarehouse';
import { assertParsesAsSnowflake } from '../../support/sqlCheck';
import { memoryWarehouse } from '../support/warehouse';

const now = new Date(NOW);
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

function queued(deliveryId: string, overrides: Partial<QueuedDelivery> = {}): QueuedDelivery {
  return {
    deliveryId, kind: 'note', channel: '#acme-data', slackChannel: 'C0ACME', ts: '1764144000.000001', groupId: null, incidentIds: ['inc_1'],
    note: { kind: 'change', channel: 'C0ACME', threadTs: '1764144000.000001', changes: [], at: NOW, token: deliveryId },
    createdAt: NOW, attempts: 0, nextAttemptAt: NOW, attemptToken: null, attemptedAt: null, unknown: false, lastError: null, ...overrides,
  };
}

describe('alert store on DuckDB: the delivery queue', () => {
  let warehouse: Warehouse & { statements: Array<{ sql: string; tag: string | undefined }> };

  beforeEach(() => {
    warehouse = countingWarehouse(memoryWarehouse());
  });
  afterEach(async () => {
    await warehouse.close();
  });

  it('keeps queued deliveries as they were stored, retries them, and lets only one attempt take a delivery', async () => {
    const store = createAlertStore(warehouse, 'pulse_state');
    await store.init();
    await store.queueDeliveries([queued('dlv_note'), queued('dlv_edit', { kind: 'edit', note: null, groupId: 'grp_1', incidentIds: ['inc_1', 'inc_2'], createdAt: later(1000) })]);
    const [note, edit] = await store.listQueuedDeliveries();
    expect(note).toEqual(queued('dlv_note'));
    expect(edit).toMatchObject({ deliveryId: 'dlv_edit', kind: 'edit', note: null, groupId: 'grp_1', incidentIds: ['inc_1', 'inc_2'] });

    // Two processes read the note in the same state: the first attempt wins, the second is refused.
    expect(await store.beginAttempt(note!, 'att_first', now)).toBe(true);
    expect(await store.beginAttempt(note!, 'att_second', now)).toBe(false);
    const [taken] = await store.listQueuedDeliveries();
    expect(taken).toMatchObject({ attempts: 1, attemptToken: 'att_first', attemptedAt: NOW, unknown: true });

    await store.retryDelivery('dlv_note', { attempts: 1, nextAttemptAt: later(60_000), unknown: false, lastError: 'ratelimited' });
    expect((await store.listQueuedDeliveries())[0]).toMatchObject({ nextAttemptAt: later(60_000), unknown: false, lastError: 'ratelimited' });

    await store.completeDeliveries(['dlv_note']);
    expect((await store.listQueuedDeliveries()).map((row) => row.deliveryId)).toEqual(['dlv_edit']);
    await assertParsesAsSnowflake([...new Set(warehouse.statements.filter((s) => /alert_deliveries/.test(s.sql)).map((s) => s.sql))]);
  });

  it('counts pending deliveries from the store: queued ones, and posts whose answer never came, one per message', async () => {
    const store = createAlertStore(warehouse, 'pulse_state');
    await store.init();
    expect(await store.listPendingDeliveries()).toEqual([]);
    await store.insertIncidents([anIncident({ incidentId: 'inc_1', openedAt: NOW, lastSeenAt: NOW, messages: [] }), anIncident({ incidentId: 'inc_2', connectionId: 'other', openedAt: NOW, lastSeenAt: NOW, messages: [] })]);
    const claim = (incidentId: string, claimToken: string) => ({ incidentId, fingerprint: `connection:${incidentId}`, channel: '#ops', groupId: 'grp_1', claimToken });
    await store.claimPostings([claim('inc_1', 'clm_group'), claim('inc_2', 'clm_group')], [], now);
    await store.queueDeliveries([queued('dlv_post', { kind: 'post', ts: null, note: null, nextAttemptAt: null, createdAt: later(5000) })]);
    expect(await store.listPendingDeliveries()).toEqual([
      { id: 'clm_group', kind: 'post', channel: '#ops', since: NOW },
      { id: 'dlv_post', kind: 'post', channel: '#acme-data', since: later(5000) },
    ]);

    await store.recordPosted('clm_group', { ts: '1.1', channelId: 'C0OPS' }, now);
    await store.dropPostMarks();
    expect(await store.listPendingDeliveries()).toEqual([]);
    await assertParsesAsSnowflake([...new Set(warehouse.statements.filter((s) => s.tag === 'pulse:alerts:pending').map((s) => s.sql))]);
  });

  it('is created at the start of a release that had no queue, next to the tables already there', async () => {
    await warehouse.query('CREATE SCHEMA pulse_state', [], { tag: 'test' });
    await warehouse.query('CREATE TABLE pulse_state.monitor_state (state_key VARCHAR NOT NULL, state_value VARCHAR, updated_at TIMESTAMP NOT NULL)', [], { tag: 'test' });
    await warehouse.query("INSERT INTO pulse_state.monitor_state VALUES ('kept', 'yes', '2026-11-20 09:00:00')", [], { tag: 'test' });
    const store = createAlertStore(warehouse, 'pulse_state');
    await store.init();
    await store.queueDeliveries([queued('dlv_note')]);
    expect(await store.listQueuedDeliveries()).toHaveLength(1);
    expect(await store.getMonitorState('kept')).toBe('yes');
  });
});
