import type { Clock } from '../../src/warehouse/deadline';

export interface ManualClock extends Clock {
  /**
   * Moves time on and fires what has come due, the way timers fire: after the code running now
   * and what it has queued. Resolves once they have fired.
   */
  advance(ms: number): Promise<void>;
  /**
   * Moves time on without firing anything, as on a machine too busy to run its timers: nothing
   * fires, not even a timer set for a moment already past, until the next {@link advance}.
   */
  jump(ms: number): void;
}

/**
 * A clock that stands still until the test moves it, for the warehouses' deadlines: a deadline
 * passes when the test says so, never because the machine is slow, and a test that needs one to
 * pass need not wait for it.
 */
export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  let busy = false;
  const timers = new Set<{ at: number; fire: () => void }>();

  const fireDue = () =>
    new Promise<void>((resolve) => {
      setImmediate(() => {
        const due = [...timers].filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at);
        for (const timer of due) {
          timers.delete(timer);
          timer.fire();
        }
        resolve();
      });
    });

  return {
    now: () => now,
    schedule(ms, fire) {
      const timer = { at: now + Math.max(0, ms), fire };
      timers.add(timer);
      if (timer.at <= now && !busy) void fireDue();
      return () => timers.delete(timer);
    },
    async advance(ms) {
      busy = false;
      now += ms;
      await fireDue();
    },
    jump(ms) {
      busy = true;
      now += ms;
    },
  };
}
