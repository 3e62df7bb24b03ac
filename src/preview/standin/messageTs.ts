/**
 * Slack message timestamps ("1700000000.000100"): seconds, a dot, six digits. They identify a
 * message within a channel, so each one handed out is strictly greater than the last, and than
 * `after` (the newest of a workspace saved by an earlier run, whatever the clock says now).
 */
export function createTsClock(now: () => number = Date.now, after?: string): () => string {
  let last = after !== undefined ? (tsToMicros(after) ?? 0) : 0;
  return () => {
    const micros = Math.max(now() * 1000, last + 1);
    last = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = micros % 1_000_000;
    return `${seconds}.${String(fraction).padStart(6, '0')}`;
  };
}

const TS = /^(\d{1,10})\.(\d{6})$/;

export function isMessageTs(value: unknown): value is string {
  return typeof value === 'string' && TS.test(value);
}

/** Microseconds since the epoch (exact: well under 2^53 for any date Slack can have), or undefined for anything else. */
export function tsToMicros(ts: string): number | undefined {
  const match = TS.exec(ts);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * 1_000_000 + Number(match[2]);
}

/** The greatest of the timestamps, by value. */
export function latestTs(timestamps: Iterable<string>): string | undefined {
  let best: { ts: string; micros: number } | undefined;
  for (const ts of timestamps) {
    const micros = tsToMicros(ts);
    if (micros !== undefined && (!best || micros > best.micros)) best = { ts, micros };
  }
  return best?.ts;
}
