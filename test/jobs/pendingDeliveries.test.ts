import { Writable } from 'node:stream';
import type { RunFailure } from '../../src/alerts/deliverAlertRun';
import { OVERDUE_AFTER_MS, PendingDeliveries } from '../../src/jobs/pendingDeliveries';
import { createLogger } from '../../src/log/logger';

const T0 = new Date('2026-11-20T09:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const lost: RunFailure = { kind: 'post', channel: '#acme-data', incidentIds: ['inc_a'], error: 'no answer', unknown: true };
const refused: RunFailure = { kind: 'post', channel: '#globex-data', incidentIds: ['inc_b'], error: 'ratelimited' };

function logged() {
  const lines: Array<{ level: number; msg: string; channel?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: createLogger({ level: 'info', format: 'json', destination }), lines };
}

describe('pending deliveries', () => {
  it('counts what the last runs left undelivered, since when, and logs one overdue delivery as an error once', () => {
    const { logger, lines } = logged();
    const pending = new PendingDeliveries(logger);
    expect(pending.summary(T0)).toEqual({ count: 0, oldestAgeSeconds: null });

    pending.afterRun([lost, refused], T0);
    expect(pending.summary(after(90_000))).toEqual({ count: 2, oldestAgeSeconds: 90 });

    // A reconciliation settles only what was unknown; the refused post waits for the next alert run.
    pending.afterReconcile([lost], after(OVERDUE_AFTER_MS));
    pending.afterReconcile([lost], after(OVERDUE_AFTER_MS + 60_000));
    expect(lines.filter((line) => line.level === 50)).toEqual([expect.objectContaining({ channel: '#acme-data', msg: 'an alert delivery has been pending for a long time' })]);
    pending.afterReconcile([], after(OVERDUE_AFTER_MS + 120_000));
    expect(pending.summary(after(OVERDUE_AFTER_MS + 120_000))).toMatchObject({ count: 1 });

    pending.afterRun([], after(OVERDUE_AFTER_MS + 180_000));
    expect(pending.summary(after(OVERDUE_AFTER_MS + 180_000))).toEqual({ count: 0, oldestAgeSeconds: null });
  });
});
