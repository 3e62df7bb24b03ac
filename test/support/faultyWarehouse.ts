import { WarehouseError } from '../../src/warehouse/errors';
import type { Warehouse } from '../../src/warehouse/types';

/**
 * A real warehouse with a switch that makes it unreachable, the way a Snowflake outage looks to
 * Pulse (PULSE_WAREHOUSE_UNAVAILABLE), for tests of what scheduled runs do when the warehouse is down.
 * It counts the statements under way, so a test knows what it is waiting for.
 */
export function faultyWarehouse(inner: Warehouse): Warehouse & { down: boolean; readonly inFlight: number } {
  const wrapper = {
    engine: inner.engine,
    down: false,
    inFlight: 0,
    query: ((sql, binds, options) => {
      if (wrapper.down) return Promise.reject(new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'the warehouse is switched off for this test'));
      wrapper.inFlight += 1;
      return inner.query(sql, binds, options).finally(() => (wrapper.inFlight -= 1));
    }) as Warehouse['query'],
    ping: () => (wrapper.down ? Promise.reject(new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', 'switched off')) : inner.ping()),
    close: () => inner.close(),
  };
  return wrapper;
}
