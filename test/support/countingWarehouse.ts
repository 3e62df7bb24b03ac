import type { Warehouse } from '../../src/warehouse/types';

/** A real warehouse that also remembers every statement sent through it, to measure what a cycle costs. */
export function countingWarehouse(inner: Warehouse): Warehouse & { statements: Array<{ sql: string; tag: string | undefined }> } {
  const statements: Array<{ sql: string; tag: string | undefined }> = [];
  return {
    engine: inner.engine,
    statements,
    query: (sql, binds, options) => {
      statements.push({ sql, tag: options?.tag });
      return inner.query(sql, binds, options);
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
