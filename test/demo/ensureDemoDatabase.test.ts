import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';
import { DemoFileExistsError, writeDemoDatabase } from '../../src/demo';
import { createLogger } from '../../src/log/logger';
import { openWarehouse } from '../../src/jobs/openWarehouse';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { ensureDemoDatabase } from '../../src/demo/ensureDemoDatabase';

const small = { now: new Date('2026-03-10T12:00:00Z'), days: 7 };
let folder: string;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-demo-file-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger: createLogger({ level: 'info', format: 'json', destination: stream }), lines };
}

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ensureDemoDatabase', () => {
  it('creates the folder and a demo file when there is none, and says so', async () => {
    const file = path.join(folder, 'nested', 'data', 'pulse.duckdb');
    const { logger, lines } = recordingLogger();
    expect(await ensureDemoDatabase(file, logger, small)).toEqual({ created: true, path: file });
    await settle();
    expect(lines).toEqual([expect.objectContaining({ level: 30, path: file, msg: expect.stringContaining('created the DuckDB demo warehouse') })]);

    const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
    try {
      const [row] = await warehouse.query('SELECT COUNT(*) AS n FROM FIVETRAN_LOG.CONNECTION');
      expect(row?.n).toBe(24);
    } finally {
      await warehouse.close();
    }
    expect(fs.readdirSync(path.dirname(file))).toEqual(['pulse.duckdb']);
  });

  it('never touches an existing file', async () => {
    const file = path.join(folder, 'pulse.duckdb');
    fs.writeFileSync(file, 'not a database, but somebody else\'s file');
    const before = digest(file);
    const { logger, lines } = recordingLogger();
    expect(await ensureDemoDatabase(file, logger, small)).toEqual({ created: false, path: file });
    await settle();
    expect(digest(file)).toBe(before);
    expect(lines).toEqual([]);
  });

  it('creates the file once when two callers race', async () => {
    const file = path.join(folder, 'raced.duckdb');
    const { logger } = recordingLogger();
    const results = await Promise.all([ensureDemoDatabase(file, logger, small), ensureDemoDatabase(file, logger, small)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(fs.readdirSync(folder)).toEqual(['raced.duckdb']);
  });
});

describe('writeDemoDatabase', () => {
  it('replaces an existing file by default, and refuses when asked not to', async () => {
    const file = path.join(folder, 'demo.duckdb');
    await writeDemoDatabase(file, { ...small, seed: 1 });
    const first = digest(file);
    await expect(writeDemoDatabase(file, { ...small, seed: 2 }, { replace: false })).rejects.toBeInstanceOf(DemoFileExistsError);
    expect(digest(file)).toBe(first);
    await writeDemoDatabase(file, { ...small, seed: 2 });
    expect(digest(file)).not.toBe(first);
    expect(fs.readdirSync(folder)).toEqual(['demo.duckdb']);
  });

  it('rejects bad options before it creates anything', async () => {
    const file = path.join(folder, 'never', 'demo.duckdb');
    await expect(writeDemoDatabase(file, { days: 1 })).rejects.toThrow(/days must be a whole number/);
    expect(fs.existsSync(path.join(folder, 'never'))).toBe(false);
  });
});

describe('openWarehouse', () => {
  const silent = createLogger({ level: 'silent', format: 'json' });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  it('refuses a DuckDB file that does not exist, naming DUCKDB_PATH and what it expects, and creates nothing', async () => {
    const mistyped = path.join(folder, 'data', 'pulse.duckb');
    const error = await failure(openWarehouse(loadConfig({ DUCKDB_PATH: mistyped }), silent));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        variable: 'DUCKDB_PATH',
        expected: 'an existing DuckDB file (only the default ./data/pulse.duckdb, or any path with DEMO=true, is created with demo data when missing)',
        got: `${JSON.stringify(mistyped)}, which does not exist`,
      },
    ]);
    expect((error as ConfigError).message).toMatch(/^Pulse cannot start: 1 configuration problem\n {2}- DUCKDB_PATH: expected an existing DuckDB file/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('says so when DEMO=false is why nothing was created', async () => {
    const error = await failure(openWarehouse(loadConfig({ DUCKDB_PATH: path.join(folder, 'pulse.duckdb'), DEMO: 'false' }), silent));
    expect((error as ConfigError).problems[0]?.expected).toBe('an existing DuckDB file (DEMO=false: Pulse creates no demo data)');
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('creates the demo at any path with DEMO=true', async () => {
    const file = path.join(folder, 'elsewhere', 'try.duckdb');
    const warehouse = await openWarehouse(loadConfig({ DUCKDB_PATH: file, DEMO: 'true' }), silent);
    try {
      const [row] = await warehouse.query('SELECT COUNT(*) AS n FROM FIVETRAN_LOG.CONNECTION');
      expect(row?.n).toBe(24);
    } finally {
      await warehouse.close();
    }
  });

  it('opens an existing file at any path, and never writes demo data into it', async () => {
    const file = path.join(folder, 'real.duckdb');
    await writeDemoDatabase(file, { ...small, connections: 30 });
    const warehouse = await openWarehouse(loadConfig({ DUCKDB_PATH: file }), silent);
    try {
      const [row] = await warehouse.query('SELECT COUNT(*) AS n FROM FIVETRAN_LOG.CONNECTION');
      expect(row?.n).toBe(30);
    } finally {
      await warehouse.close();
    }
  });
});
