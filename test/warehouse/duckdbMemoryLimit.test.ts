import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadConfig } from '../../src/config/loadConfig';
import { openWarehouse } from '../../src/jobs/openWarehouse';
import { createLogger } from '../../src/log/logger';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import type { Warehouse } from '../../src/warehouse/types';
import { warehouseRejection } from '../support/warehouseRejection';

const silent = createLogger({ level: 'silent', format: 'json' });

/**
 * A window sort over 2 M rows of 32-character strings: well over 100 MB of sort data, which a 64MB
 * limit can hold only by spilling. Under EXPLAIN ANALYZE, so DuckDB says how much it spilled.
 */
const SORT_LARGER_THAN_64MB =
  'EXPLAIN (ANALYZE, FORMAT JSON) SELECT COUNT(*) AS n FROM (SELECT i, row_number() OVER (ORDER BY md5(i::VARCHAR)) AS rn FROM range(2000000) t(i)) WHERE rn % 7 = 0';

/** One list of 30 M integers: a single value of 240 MB, which no spilling can split. */
const ONE_VALUE_LARGER_THAN_64MB = 'SELECT len(list(i)) AS n FROM range(30000000) t(i)';

async function setting(warehouse: Warehouse, name: 'memory_limit' | 'temp_directory'): Promise<string> {
  const [row] = await warehouse.query(`SELECT current_setting('${name}') AS value`, [], { tag: 'test:setting' });
  return String(row?.value);
}

/** DuckDB's peak use of its spill folder while the profiled statement ran, in bytes. */
async function spilledBytes(warehouse: Warehouse): Promise<number> {
  const [row] = await warehouse.query(SORT_LARGER_THAN_64MB, [], { tag: 'test:spill' });
  const plan = JSON.parse(String(row?.explain_value)) as { system_peak_temp_dir_size?: number };
  return plan.system_peak_temp_dir_size ?? 0;
}

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-duckdb-memory-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe("the embedded DuckDB's memory limit", () => {
  it('is 1GB unless told otherwise, in memory and on a file', async () => {
    const file = path.join(folder, 'default.duckdb');
    for (const location of [':memory:', file]) {
      const warehouse = createDuckDbWarehouse({ path: location, queryTimeoutSeconds: 60, logger: silent });
      try {
        // DuckDB shows 1GB (10^9 bytes) in powers of 1024.
        expect(await setting(warehouse, 'memory_limit')).toBe('953.6 MiB');
      } finally {
        await warehouse.close();
      }
    }
  });

  it('reaches DuckDB from DUCKDB_MEMORY_LIMIT through openWarehouse, and from the option on a file', async () => {
    const configured = await openWarehouse(loadConfig({ DUCKDB_PATH: ':memory:', DUCKDB_MEMORY_LIMIT: '256MB' }), silent);
    try {
      expect(await setting(configured, 'memory_limit')).toBe('244.1 MiB');
    } finally {
      await configured.close();
    }
    const onFile = createDuckDbWarehouse({ path: path.join(folder, 'limited.duckdb'), queryTimeoutSeconds: 60, logger: silent, memoryLimit: '2GiB' });
    try {
      expect(await setting(onFile, 'memory_limit')).toBe('2.0 GiB');
    } finally {
      await onFile.close();
    }
  });

  it('is the configured one again for a query that came while the idle file was letting go of its memory to close', async () => {
    const file = path.join(folder, 'idle.duckdb');
    // Two instances open on one file would corrupt it: the query must wait for the close to end.
    let open = 0;
    let mostOpen = 0;
    const create = DuckDBInstance.create.bind(DuckDBInstance);
    const creating = jest.spyOn(DuckDBInstance, 'create').mockImplementation(async (...args) => {
      const instance = await create(...args);
      mostOpen = Math.max(mostOpen, (open += 1));
      const closeSync = instance.closeSync.bind(instance);
      instance.closeSync = () => {
        open -= 1;
        closeSync();
      };
      // A close that takes its time, so that the query surely comes while it is under way.
      const connect = instance.connect.bind(instance);
      instance.connect = async () => {
        const connection = await connect();
        const run = connection.run.bind(connection);
        connection.run = async (sql, values, types) => {
          if (sql === 'CHECKPOINT') await new Promise((resolve) => setTimeout(resolve, 20));
          return run(sql, values, types);
        };
        return connection;
      };
      return instance;
    });
    const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger: silent, idleCloseMs: 0, memoryLimit: '2GiB' });
    try {
      await warehouse.query('CREATE TABLE t AS SELECT 40 AS n', [], { tag: 'test:setup' });
      for (let i = 0; i < 10; i += 1) {
        // The idle close's timer was set first, so it starts first: this query comes while the close is under way.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const [row] = await warehouse.query("SELECT SUM(n) + 2 AS n, current_setting('memory_limit') AS memory_limit FROM t", [], { tag: 'test:during-close' });
        expect(row).toEqual({ n: 42, memory_limit: '2.0 GiB' });
      }
    } finally {
      await warehouse.close();
    }
    const opened = creating.mock.calls.length;
    creating.mockRestore();
    // Closed while idle and opened again, several times.
    expect(opened).toBeGreaterThan(1);
    expect(mostOpen).toBe(1);
    expect(open).toBe(0);
    // Closed and released: this process can open the file afresh.
    const again = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger: silent });
    try {
      expect(await again.query('SELECT n FROM t', [], { tag: 'test:reopen' })).toEqual([{ n: 40 }]);
    } finally {
      await again.close();
    }
  });

  it('lets a statement that needs more than the limit finish by spilling beside the file, and removes the spill folder on close', async () => {
    const file = path.join(folder, 'spill.duckdb');
    const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 600, logger: silent, memoryLimit: '64MB' });
    try {
      expect(await setting(warehouse, 'temp_directory')).toBe(`${file}.tmp`);
      expect(await spilledBytes(warehouse)).toBeGreaterThan(64 * 1000 ** 2);
      expect(fs.existsSync(`${file}.tmp`)).toBe(true);
    } finally {
      await warehouse.close();
    }
    expect(fs.readdirSync(folder)).toEqual(['spill.duckdb']);
  });

  it('spills an in-memory database to a folder of its own outside the working directory, removed on close', async () => {
    const workingSpill = path.join(process.cwd(), '.tmp');
    const workingSpillBefore = fs.existsSync(workingSpill);
    const warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 600, logger: silent, memoryLimit: '64MB' });
    let spillFolder = '';
    try {
      spillFolder = await setting(warehouse, 'temp_directory');
      expect(path.dirname(spillFolder)).toBe(os.tmpdir());
      expect(await spilledBytes(warehouse)).toBeGreaterThan(64 * 1000 ** 2);
      expect(fs.existsSync(spillFolder)).toBe(true);
    } finally {
      await warehouse.close();
    }
    expect(fs.existsSync(spillFolder)).toBe(false);
    expect(fs.existsSync(workingSpill)).toBe(workingSpillBefore);
  });

  it('gives each in-memory database its own spill folder', async () => {
    const a = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger: silent });
    const b = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 60, logger: silent });
    try {
      expect(await setting(a, 'temp_directory')).not.toBe(await setting(b, 'temp_directory'));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('answers what cannot fit even by spilling with PULSE_WAREHOUSE_SQL naming the limit and DUCKDB_MEMORY_LIMIT, and stays usable', async () => {
    const warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 600, logger: silent, memoryLimit: '64MB' });
    try {
      const error = await warehouseRejection(warehouse.query(ONE_VALUE_LARGER_THAN_64MB, [], { tag: 'test:one-large-value' }));
      expect(error.code).toBe('PULSE_WAREHOUSE_SQL');
      expect(error.message).toMatch(/^DuckDB ran out of memory under its limit of 64MB \(DUCKDB_MEMORY_LIMIT\), even spilling to disk: .*MiB used\)\. Raise DUCKDB_MEMORY_LIMIT$/);
      // DuckDB's own advice is for its shell, not for Pulse's configuration.
      expect(error.message).not.toMatch(/SET memory_limit|Possible solutions/);
      expect(await warehouse.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await warehouse.close();
    }
  });
});
