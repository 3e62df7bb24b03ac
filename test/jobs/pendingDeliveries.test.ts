import { Writable } from 'node:stream';
import { createAlertStore, type QueuedDelivery } from '../../src/alerts/store';
import { OVERDUE_AFTER_MS, PendingDeliveries } from '../../src/jobs/pendingDeliveries';
import { createLogger } from '../../src/log/logger';
import { anIncident } from '../support/fixtures/assessment';
import { freshStoreForEachTest } from '../alerts/support/warehouse';

const T0 = new Date('2026-11-20T09:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

function logged() {
  const lines: Array<{ level: number; msg: string; channel?: string; kind?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: createLogger({ level: 'info', format: 'json', destination }), lines };
}

const edit: QueuedDelivery = {
  deliveryId: 'dlv_edit', kind: 'edit', channel: '#globex-data', slackChannel: 'C0GLOBEX', ts: '1.1', groupId: null, incidentIds: ['inc_a'], note: null,
  createdAt: after(60_000).toISOString(), attempts: 1, nextAttemptAt: after(120_000).toISOString(), attemptToken: null, attemptedAt: null, unknown: false, lastError: 'ratelimited',
};

describe('pending deliveries', () => {
  const state = freshStoreForEachTest();

  it('are counted from the alert state, the same by every process, and one overdue is logged as an error once', async () => {
    const { logger, lines } = logged();
    const one = new PendingDeliveries(state.store, logger);
    // Another process over the same state, with no run of its own.
    const other = new PendingDeliveries(createAlertStore(state.warehouse, 'pulse_state'), createLogger({ level: 'silent', format: 'json' }));
    expect(await one.summary(T0)).toEqual({ count: 0, oldestAgeSeconds: null });

    await state.store.insertIncidents([anIncident({ incidentId: 'inc_a', openedAt: T0.toISOString(), lastSeenAt: T0.toISOString(), messages: [] })]);
    await state.store.claimPostings([{ incidentId: 'inc_a', fingerprint: 'connection:broken_pipe', channel: '#acme-data', groupId: null, claimToken: 'clm_lost' }], [], T0);
    await state.store.queueDeliveries([edit]);
    expect(await one.summary(after(90_000))).toEqual({ count: 2, oldestAgeSeconds: 90 });
    expect(await other.summary(after(90_000))).toEqual({ count: 2, oldestAgeSeconds: 90 });

    await one.check(after(OVERDUE_AFTER_MS));
    await one.check(after(OVERDUE_AFTER_MS + 60_000));
    await one.summary(after(OVERDUE_AFTER_MS + 90_000));
    expect(lines.filter((line) => line.level === 50)).toEqual([
      expect.objectContaining({ channel: '#acme-data', kind: 'post', msg: 'an alert delivery has been pending for a long time' }),
      expect.objectContaining({ channel: '#globex-data', kind: 'edit', msg: 'an alert delivery has been pending for a long time' }),
    ]);

    await state.store.recordPosted('clm_lost', { ts: '2.2', channelId: 'C0ACME' }, after(OVERDUE_AFTER_MS));
    await state.store.completeDeliveries(['dlv_edit']);
    expect(await other.summary(after(OVERDUE_AFTER_MS + 120_000))).toEqual({ count: 0, oldestAgeSeconds: null });
  });

  it('logs at the threshold it is given', async () => {
    const { logger, lines } = logged();
    const pending = new PendingDeliveries(state.store, logger, 5 * 60_000);
    await state.store.queueDeliveries([edit]);
    await pending.check(after(60_000 + 4 * 60_000));
    expect(lines.filter((line) => line.level === 50)).toEqual([]);
    await pending.check(after(60_000 + 5 * 60_000));
    expect(lines.filter((line) => line.level === 50)).toHaveLength(1);
  });
});
