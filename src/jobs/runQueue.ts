/**
 * How alert runs share one process: never two at once (a run judges and then notifies; two
 * interleaved could resolve from a judgment older than the other's), and a burst of requests
 * (webhooks arriving together) makes one run, started after the last of them.
 */

/** Runs each piece of work after the previous one has settled. */
export function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * A request while `work` runs joins the single run queued after it, so every request is answered by
 * a run that started after it was made, and requests made together cost one run.
 */
export function coalescing<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const run = work();
    running = run;
    const settle = () => {
      if (running === run) running = null;
    };
    run.then(settle, settle);
    return run;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    queued = running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      queued = null;
      return start();
    });
    return queued;
  };
}
