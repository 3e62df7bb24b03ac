/** Waits until `check` returns something truthy (and returns it), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | null | false, timeoutMs = 10_000, what = 'the expected condition'): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > giveUpAt) throw new Error(`${what} did not come about within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
