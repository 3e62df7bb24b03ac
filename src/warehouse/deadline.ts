/**
 * Where the warehouse adapters read time. Pulse runs on the system clock; tests pass a clock they
 * move by hand, so a deadline passes when the test says so and never because the machine is slow.
 */
export interface Clock {
  now(): number;
  /** Calls `fire` once `ms` milliseconds have passed; the returned function calls it off. */
  schedule(ms: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fire) {
    const timer = setTimeout(fire, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/**
 * One statement's deadline. Its timer can run late on a busy machine, so whatever must not happen
 * after the deadline (sending a statement, running one that waited) asks {@link passed} first
 * rather than trusting that the timer has already fired.
 */
export class Deadline {
  readonly at: number;

  constructor(
    readonly ms: number,
    private readonly clock: Clock,
  ) {
    this.at = clock.now() + ms;
  }

  get passed(): boolean {
    return this.clock.now() >= this.at;
  }

  get seconds(): number {
    return this.ms / 1000;
  }

  remaining(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  /** Calls `fire` when the deadline passes; the returned function calls it off. */
  onPass(fire: () => void): () => void {
    return this.clock.schedule(this.remaining(), fire);
  }

  /** Settles as `promise` does, or rejects with `onPassed()` once the deadline passes first. */
  race<T>(promise: Promise<T>, onPassed: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = this.onPass(() => reject(onPassed()));
      promise.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }
}

export function deadlineIn(ms: number, clock: Clock = systemClock): Deadline {
  return new Deadline(ms, clock);
}

/** "30", "0.5": a deadline's length as people read it next to "s". */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}
