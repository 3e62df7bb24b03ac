import { eventLoopTurn } from '../time/eventLoopTurn';
import type { Judgment } from './monitor';

/** A judgment as a request got it: when it was made, and whether it was made before the request came. */
export interface SharedJudgmentResult extends Judgment {
  /** The instant it was judged as of: when its warehouse reading began. */
  judgedAt: Date;
  /**
   * True when it had been made before this request asked for it (a reading kept for reuse): the
   * answer then says how old it is. False when the request started it or waited for it in flight.
   */
  reused: boolean;
}

/**
 * One reading of the warehouse for many requests: requests that come while a judgment is being
 * made wait for it instead of starting their own (single flight), and one made less than
 * `reuseSeconds` ago is handed out again. Fifty people typing `/fivetran status` at once cost one
 * snapshot, and the warehouse's cost stays that of one cycle, not one per request.
 */
export interface SharedJudgment {
  /** A judgment no older than the reuse time: a kept one, the one in flight, or a new one. */
  current(): Promise<SharedJudgmentResult>;
  /** Drops what is kept and stops handing out the one in flight: the data changed under it (the demo was reset). */
  forget(): void;
}

export interface SharedJudgmentOptions {
  /** One cycle judged as of `at`: the monitor's. */
  judge: (at: Date) => Promise<Judgment>;
  /** The clock requests are answered by: what "how old" is measured on. */
  clock: () => Date;
  /** How long a finished judgment is handed out again; 0 hands out only the one in flight. */
  reuseSeconds: number;
  /** One turn of the event loop (setImmediate unless given): what each waiter for a reading waits for after the one before it. */
  nextTurn?: () => Promise<void>;
}

export function createSharedJudgment(options: SharedJudgmentOptions): SharedJudgment {
  const reuseMs = options.reuseSeconds * 1000;
  let kept: { at: number; judgment: Judgment } | null = null;
  let inFlight: { at: number; promise: Promise<Judgment> } | null = null;
  const nextTurn = options.nextTurn ?? eventLoopTurn;
  let lastTurn: Promise<void> = Promise.resolve();

  // Everyone waiting for a reading would otherwise go on at once when it arrives, building fifty
  // answers back to back while new requests wait for their ack: each goes on a turn of the event
  // loop after the one before it, so the requests that came meanwhile are heard in between.
  function takeTurn(): Promise<void> {
    const mine = lastTurn.then(nextTurn);
    lastTurn = mine;
    return mine;
  }

  function start(at: number): Promise<Judgment> {
    const promise = options.judge(new Date(at));
    const flight = { at, promise };
    inFlight = flight;
    promise.then(
      (judgment) => {
        if (inFlight !== flight) return;
        inFlight = null;
        kept = { at, judgment };
      },
      () => {
        // A failure is never kept: the next request tries the warehouse again.
        if (inFlight === flight) inFlight = null;
      },
    );
    return promise;
  }

  async function current(): Promise<SharedJudgmentResult> {
    const now = options.clock().getTime();
    const age = kept ? now - kept.at : Number.POSITIVE_INFINITY;
    // A clock set back (a test, a corrected host clock) makes the kept judgment one from the future: not reused.
    if (kept && age >= 0 && age < reuseMs) return { ...kept.judgment, judgedAt: new Date(kept.at), reused: true };
    const flight = inFlight ?? { at: now, promise: start(now) };
    const judgment = await flight.promise;
    await takeTurn();
    return { ...judgment, judgedAt: new Date(flight.at), reused: false };
  }

  return {
    current,
    forget() {
      kept = null;
      inFlight = null;
    },
  };
}

/** How old a judgment's reading is when it was kept from before it was asked for; null when it was read for the asker. */
export function reusedAgeMs(result: SharedJudgmentResult, now: Date): number | null {
  return result.reused ? now.getTime() - result.judgedAt.getTime() : null;
}

/**
 * The shared judgment as one answer uses it, remembering what it was handed: the answer's footer
 * then says how old its reading is when a kept one went into it.
 */
export function judgmentsForOneAnswer(shared: SharedJudgment): { judgments: SharedJudgment; dataAgeMs(now: Date): number | null } {
  const reusedAt: number[] = [];
  return {
    judgments: {
      async current() {
        const result = await shared.current();
        if (result.reused) reusedAt.push(result.judgedAt.getTime());
        return result;
      },
      forget: () => shared.forget(),
    },
    dataAgeMs: (now) => (reusedAt.length === 0 ? null : now.getTime() - Math.min(...reusedAt)),
  };
}
