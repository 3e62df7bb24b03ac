import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { WarehouseError } from '../../src/warehouse/errors';
import { manualClock } from '../support/manualClock';

/**
 * DuckDB lets one process at a time hold a file. These tests run a real second process on the
 * same file, as the CLI runs next to the server.
 */
const ROOT = path.resolve(__dirname, '../..');
const HOLDER = path.join(__dirname, 'fixtures', 'holdDuckDbFile.js');
const OTHER_PULSE = path.join(__dirname, 'fixtures', 'queryWithPulse.ts');

let folder: string;
let file: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-two-processes-'));
  file = path.join(folder, 'shared.duckdb');
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
  }
  fs.rmSync(folder, { recursive: true, force: true });
});

function capturingLogger() {
  const lines: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => line.includes(w.text))) waiter.resolve();
    }
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination: stream });
  const logged = (text: string) =>
    new Promise<void>((resolve) => {
      if (lines.some((line) => line.includes(text))) resolve();
      else waiters.push({ text, resolve });
    });
  return { logger, logged };
}

function start(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
  children.push(child);
  return child;
}

function outputLine(child: ChildProcessWithoutNullStreams, expected: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(expected)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing "${expected}": ${seen}`)));
  });
}

/** Starts a plain process that holds the file until told to let go. */
async function holdFile(): Promise<ChildProcessWithoutNullStreams> {
  const holder = start([HOLDER, file]);
  await outputLine(holder, 'holding');
  return holder;
}

function runOtherPulse(sql: string): Promise<{ code: number | null; stdout: string }> {
  const child = start(['--import', 'tsx', OTHER_PULSE, file, sql, '60000']);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout: stdout.trim() })));
}

it('gives up at the deadline with PULSE_WAREHOUSE_UNAVAILABLE, naming the process that holds the file', async () => {
  const holder = await holdFile();
  const { logger } = capturingLogger();
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 30, logger });
  try {
    const error = await warehouse.query('SELECT 1', [], { tag: 'test:locked', deadlineMs: 700 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WarehouseError);
    expect((error as WarehouseError).code).toBe('PULSE_WAREHOUSE_UNAVAILABLE');
    expect((error as WarehouseError).message).toContain(`another Pulse process (process ${holder.pid}) holds the DuckDB file ${file}`);
  } finally {
    await warehouse.close();
  }
});

it('waits while another process holds the file and answers once it lets go', async () => {
  const holder = await holdFile();
  const { logger, logged } = capturingLogger();
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 30, logger, clock: manualClock() });
  try {
    const answer = warehouse.query('SELECT SUM(n) AS n FROM held_by_other', [], { tag: 'test:waiting', deadlineMs: 20_000 });
    await logged('held by another process');
    holder.stdin.write('let go\n');
    expect(await answer).toEqual([{ n: 7 }]);
  } finally {
    await warehouse.close();
  }
});

it('keeps a query with a later deadline waiting after a shorter one gave up', async () => {
  const holder = await holdFile();
  const { logger, logged } = capturingLogger();
  const clock = manualClock();
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 30, logger, clock });
  try {
    const impatient = warehouse.query('SELECT 1 AS n', [], { tag: 'test:impatient', deadlineMs: 400 });
    const patient = warehouse.query('SELECT SUM(n) AS n FROM held_by_other', [], { tag: 'test:patient', deadlineMs: 20_000 });
    await logged('held by another process');
    await clock.advance(400);
    await expect(impatient).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE' });
    holder.stdin.write('let go\n');
    expect(await patient).toEqual([{ n: 7 }]);
  } finally {
    await warehouse.close();
  }
});

/** What the file holds once nobody holds it any more. */
async function rowsHeldByOther(): Promise<number[]> {
  const reader = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger: createLogger({ level: 'silent', format: 'json' }), clock: manualClock() });
  try {
    return (await reader.query<{ n: number }>('SELECT n FROM held_by_other ORDER BY n')).map((row) => row.n);
  } finally {
    await reader.close();
  }
}

it('fails a statement at its own deadline while it waits behind another query for the file, and never runs it later', async () => {
  const holder = await holdFile();
  const { logger, logged } = capturingLogger();
  const clock = manualClock();
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger, clock });
  try {
    const patient = warehouse.query('SELECT SUM(n) AS n FROM held_by_other', [], { tag: 'test:patient', deadlineMs: 60_000 });
    const impatient = warehouse.query('INSERT INTO held_by_other VALUES (99)', [], { tag: 'test:impatient', deadlineMs: 1000 });
    await logged('held by another process');
    await clock.advance(1000);
    await expect(impatient).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_UNAVAILABLE', message: expect.stringContaining(`another Pulse process (process ${holder.pid}) holds the DuckDB file`) });
    holder.stdin.write('let go\n');
    expect(await patient).toEqual([{ n: 7 }]);
  } finally {
    await warehouse.close();
  }
  expect(await rowsHeldByOther()).toEqual([7]);
});

it('never starts a statement whose deadline passed while it waited for the file, even before its timer has run', async () => {
  const holder = await holdFile();
  const clock = manualClock();
  let signalWaiting: () => void = () => undefined;
  const waiting = new Promise<void>((resolve) => (signalWaiting = resolve));
  const lines = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString();
      if (line.includes('held by another process')) signalWaiting();
      // The file opens just as the deadline passes, on a machine too busy to run its timers.
      if (line.includes('opened it')) clock.jump(1000);
      done();
    },
  });
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger: createLogger({ level: 'debug', format: 'json', destination: lines }), clock });
  try {
    const answer = warehouse.query('INSERT INTO held_by_other VALUES (99)', [], { tag: 'test:late', deadlineMs: 1000 });
    await waiting;
    holder.stdin.write('let go\n');
    await expect(answer).rejects.toMatchObject({ code: 'PULSE_WAREHOUSE_TIMEOUT', message: 'the DuckDB query did not finish within 1 s' });
    await clock.advance(0);
  } finally {
    await warehouse.close();
  }
  expect(await rowsHeldByOther()).toEqual([7]);
});

it('lets another Pulse process use the file between its own queries', async () => {
  const { logger, logged } = capturingLogger();
  const server = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 30, logger, idleCloseMs: 100, clock: manualClock() });
  try {
    await server.query('CREATE TABLE shared_rows AS SELECT 40 AS n');
    // The server stays open (not closed) while the other process runs its query.
    const other = await runOtherPulse('INSERT INTO shared_rows VALUES (2) RETURNING n');
    expect(other).toEqual({ code: 0, stdout: '[{"n":2}]' });
    expect(await server.query('SELECT SUM(n) AS total FROM shared_rows')).toEqual([{ total: 42 }]);
    await expect(logged('DuckDB query')).resolves.toBeUndefined();
  } finally {
    await server.close();
  }
});
