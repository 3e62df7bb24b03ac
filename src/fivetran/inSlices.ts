import { eventLoopTurn } from '../time/eventLoopTurn';

/**
 * Work on thousands of connections is done a slice at a time, with a turn of the event loop
 * between slices, so a large snapshot never holds Bolt's acks and other requests behind it.
 * The slices run in order on the same data, so the result is the one of a single pass.
 */

/** Connections assembled between two turns of the event loop. */
export const CONNECTIONS_PER_SLICE = 100;
/** LOG rows folded between two turns of the event loop. */
export const LOG_ROWS_PER_SLICE = 2_000;

/** Calls `work` on consecutive slices of `items`, in order, with a turn of the event loop between slices. */
export async function eachSlice<T>(items: readonly T[], size: number, work: (slice: readonly T[]) => void): Promise<void> {
  const step = Math.max(1, Math.floor(size));
  for (let start = 0; start < items.length; start += step) {
    if (start > 0) await eventLoopTurn();
    work(items.slice(start, start + step));
  }
}
