import type { Judgment } from '../../src/jobs/monitor';
import { createSharedJudgment, judgmentsForOneAnswer, reusedAgeMs } from '../../src/jobs/sharedJudgment';

/**
 * One reading of the warehouse for many requests: those that come while it is made wait for it,
 * and for JUDGMENT_REUSE_SECONDS after it they get it again. Time is a clock the test moves.
 */

const T0 = Date.parse('2026-11-20T09:00:00.000Z');

function judgmentAt(at: Date): Judgment {
  return { snapshot: { readAt: at.toISOString() }, assessment: { evaluatedAt: at.toISOString() } } as unknown as Judgment;
}

/** A monitor whose readings finish when the test says so, counting them. */
function fakeMonitor() {
  const pending: Array<{ at: Date; finish: () => void; fail: (error: Error) => void }> = [];
  const monitor = {
    readings: 0,
    pending,
    judge(at: Date): Promise<Judgment> {
      monitor.readings += 1;
      return new Promise<Judgment>((resolve, reject) => pending.push({ at, finish: () => resolve(judgmentAt(at)), fail: reject }));
    },
    finishAll() {
      for (const reading of pending.splice(0)) reading.finish();
    },
  };
  return monitor;
}

/** Turns of the event loop that come only when the test lets one pass. */
function manualTurns() {
  const waiting: Array<() => void> = [];
  return {
    nextTurn: () => new Promise<void>((resolve) => waiting.push(resolve)),
    waiting: () => waiting.length,
    pass: async () => {
      waiting.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function setUp(reuseSeconds = 30, nextTurn?: () => Promise<void>) {
  const clock = { now: T0 };
  const monitor = fakeMonitor();
  const shared = createSharedJudgment({ judge: (at) => monitor.judge(at), clock: () => new Date(clock.now), reuseSeconds, ...(nextTurn ? { nextTurn } : {}) });
  return { clock, monitor, shared };
}

describe('the shared judgment', () => {
  it('gives fifty requests that come during one reading that one reading', async () => {
    const { monitor, shared } = setUp();
    const answers = Array.from({ length: 50 }, () => shared.current());
    expect(monitor.readings).toBe(1);
    monitor.finishAll();
    const results = await Promise.all(answers);
    expect(new Set(results.map((r) => r.assessment)).size).toBe(1);
    // They waited for it: none of them was handed a reading made before it asked.
    expect(results.every((r) => !r.reused && r.judgedAt.getTime() === T0)).toBe(true);
  });

  it('lets those that waited go on one turn of the event loop at a time, so requests arriving meanwhile are heard in between', async () => {
    const turns = manualTurns();
    const { monitor, shared } = setUp(30, turns.nextTurn);
    const done: number[] = [];
    const answers = Array.from({ length: 3 }, (_, index) => shared.current().then(() => done.push(index)));
    monitor.finishAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([]);
    await turns.pass();
    expect(done).toEqual([0]);
    await turns.pass();
    expect(done).toEqual([0, 1]);
    await turns.pass();
    await Promise.all(answers);
    expect(done).toEqual([0, 1, 2]);
    expect(turns.waiting()).toBe(0);
  });

  it('hands a finished reading out again until it is JUDGMENT_REUSE_SECONDS old, then reads anew', async () => {
    const { clock, monitor, shared } = setUp(30);
    const first = shared.current();
    monitor.finishAll();
    await first;

    clock.now = T0 + 29_999;
    const kept = await shared.current();
    expect(monitor.readings).toBe(1);
    expect(kept).toMatchObject({ reused: true, judgedAt: new Date(T0) });
    expect(reusedAgeMs(kept, new Date(clock.now))).toBe(29_999);

    clock.now = T0 + 30_000;
    const next = shared.current();
    expect(monitor.readings).toBe(2);
    monitor.finishAll();
    expect(await next).toMatchObject({ reused: false, judgedAt: new Date(T0 + 30_000) });
    expect(reusedAgeMs(await next, new Date(clock.now))).toBeNull();
  });

  it('with 0 seconds of reuse, shares only the reading in flight', async () => {
    const { monitor, shared } = setUp(0);
    const [a, b] = [shared.current(), shared.current()];
    monitor.finishAll();
    await Promise.all([a, b]);
    expect(monitor.readings).toBe(1);
    const c = shared.current();
    expect(monitor.readings).toBe(2);
    monitor.finishAll();
    await c;
  });

  it('keeps no failure: everyone waiting is told, and the next request reads again', async () => {
    const { monitor, shared } = setUp();
    const waiting = [shared.current(), shared.current()];
    monitor.pending.splice(0)[0]!.fail(new Error('warehouse down'));
    await expect(Promise.all(waiting)).rejects.toThrow('warehouse down');
    const again = shared.current();
    expect(monitor.readings).toBe(2);
    monitor.finishAll();
    await expect(again).resolves.toMatchObject({ reused: false });
  });

  it('never reuses a reading from a later instant than the clock says (a clock set back)', async () => {
    const { clock, monitor, shared } = setUp();
    const first = shared.current();
    monitor.finishAll();
    await first;
    clock.now = T0 - 1_000;
    const next = shared.current();
    expect(monitor.readings).toBe(2);
    monitor.finishAll();
    await next;
  });

  it('forgets what it keeps and what is in flight when told the data changed', async () => {
    const { monitor, shared } = setUp();
    const first = shared.current();
    shared.forget();
    const second = shared.current();
    expect(monitor.readings).toBe(2);
    monitor.finishAll();
    await Promise.all([first, second]);
    shared.forget();
    const third = shared.current();
    expect(monitor.readings).toBe(3);
    monitor.finishAll();
    await third;
  });

  it('tells an answer the age of the oldest kept reading that went into it, and nothing when it read for itself', async () => {
    const { clock, monitor, shared } = setUp();
    const fresh = judgmentsForOneAnswer(shared);
    const first = fresh.judgments.current();
    monitor.finishAll();
    await first;
    expect(fresh.dataAgeMs(new Date(clock.now))).toBeNull();

    clock.now = T0 + 12_000;
    const later = judgmentsForOneAnswer(shared);
    await later.judgments.current();
    expect(later.dataAgeMs(new Date(clock.now))).toBe(12_000);
  });
});
