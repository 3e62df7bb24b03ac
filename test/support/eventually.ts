/**
 * How long `eventually` waits by default. The wait is for an event, so the limit only says how long
 * a broken test takes to report it: generous, so a busy machine is never mistaken for a bug, and
 * under jest's own limit (jest.config.js), so the failure names what did not happen.
 */
export const EVENTUALLY_LIMIT_MS = 60_000;

/** Waits until `check` returns something truthy (and returns it), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | null | false, timeoutMs = EVENTUALLY_LIMIT_MS, what = 'the expected condition'): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > giveUpAt) throw new Error(`${what} did not come about within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
