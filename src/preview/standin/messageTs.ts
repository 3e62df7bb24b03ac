/**
 * Slack message timestamps ("1700000000.000100"): seconds, a dot, six digits. They identify a
 * message within a channel, so each one handed out is strictly greater than the last.
 */
export function createTsClock(now: () => number = Date.now): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(now() * 1000, last + 1);
    last = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = micros % 1_000_000;
    return `${seconds}.${String(fraction).padStart(6, '0')}`;
  };
}
