import type { Fault } from './types';

/**
 * Faults queued per method ('*' matches any method), and per channel when one is given, handed out
 * one per call, oldest first.
 */
export class FaultQueue {
  private readonly queued: Array<{ method: string; fault: Fault; channelId: string | undefined }> = [];

  add(method: string, fault: Fault, times = 1, channelId?: string): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`failNext: times must be a whole number ≥ 1, got ${times}`);
    if ('status' in fault && fault.status === 429 && fault.retryAfter !== undefined) {
      if (!Number.isInteger(fault.retryAfter) || fault.retryAfter < 0) {
        throw new RangeError(`failNext: retryAfter must be whole seconds ≥ 0, got ${fault.retryAfter}`);
      }
    }
    for (let i = 0; i < times; i += 1) this.queued.push({ method, fault, channelId });
  }

  /** Forgets every fault not handed out yet. */
  clear(): void {
    this.queued.length = 0;
  }

  /** The next fault for a call of `method`, in the channel with id `channelId` when it names one. */
  take(method: string, channelId?: string): Fault | undefined {
    const index = this.queued.findIndex(
      (entry) => (entry.method === method || entry.method === '*') && (entry.channelId === undefined || entry.channelId === channelId),
    );
    if (index === -1) return undefined;
    const [entry] = this.queued.splice(index, 1);
    return entry?.fault;
  }
}
