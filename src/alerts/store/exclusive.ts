import type { Warehouse } from '../../warehouse/types';

/** One queue per warehouse object and schema, shared by every store made for them. */
const exclusiveQueues = new WeakMap<Warehouse, Map<string, Promise<unknown>>>();

/**
 * Runs `work` once every earlier work for the same warehouse and schema in this process has
 * settled, so two alert runs never interleave (the scheduler runs on one replica only).
 */
export function runExclusively<T>(warehouse: Warehouse, schema: string, work: () => Promise<T>): Promise<T> {
  const queues = exclusiveQueues.get(warehouse) ?? new Map<string, Promise<unknown>>();
  exclusiveQueues.set(warehouse, queues);
  const key = schema.toLowerCase();
  const previous = queues.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  const settled = result.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}
