import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoData } from '../../../src/cli/commands/demoData';
import { createLogger } from '../../../src/log/logger';
import { createDuckDbWarehouse } from '../../../src/warehouse/duckdb';
import { captureIo } from '../../../src/cli/io';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-demo-cli-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await demoData.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

it('writes the file it is asked for and says what it wrote', async () => {
  const file = path.join(folder, 'sub', 'demo.duckdb');
  const result = await run('--out', file, '--connections', '20', '--days', '7', '--seed', '3', '--now', '2026-03-10T12:00:00Z', '--naming', 'legacy');
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toContain(`Wrote ${file}`);
  expect(result.out).toContain('20 connections (the first 17 are staged scenarios), 7 days, legacy naming, seed 3');
  expect(result.out).toContain('the Platform connection last loaded at 2026-03-10T11:56:00.000Z');

  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger: createLogger({ level: 'silent', format: 'json' }) });
  try {
    expect(await warehouse.query('SELECT COUNT(*) AS n FROM FIVETRAN_LOG.CONNECTOR')).toEqual([{ n: 20 }]);
  } finally {
    await warehouse.close();
  }
});

it('refuses to overwrite a file without --force, and replaces it with --force', async () => {
  const file = path.join(folder, 'demo.duckdb');
  fs.writeFileSync(file, 'keep me');
  const refused = await run('--out', file, '--days', '7');
  expect(refused).toEqual({ code: 2, out: '', err: `demo-data: ${file} already exists; pass --force to replace it\n` });
  expect(fs.readFileSync(file, 'utf8')).toBe('keep me');

  const forced = await run(`--out=${file}`, '--days=7', '--force');
  expect(forced.code).toBe(0);
  expect(fs.readFileSync(file).subarray(0, 7).toString()).not.toBe('keep me');
});

it.each([
  [['--days', '7'], '--out FILE is required'],
  [['--out', 'x.duckdb', '--connections', '5'], '--connections expects a whole number from 17 to 100000; got "5"'],
  [['--out', 'x.duckdb', '--connections', '2e3'], '--connections expects a whole number from 17 to 100000; got "2e3"'],
  [['--out', 'x.duckdb', '--days', 'ten'], '--days expects a whole number from 7 to 90; got "ten"'],
  [['--out', 'x.duckdb', '--seed=-1'], '--seed expects a whole number from 0 to 4294967295; got "-1"'],
  [['--out', 'x.duckdb', '--now', 'yesterday'], '--now expects an ISO time such as 2026-03-10T12:00:00Z; got "yesterday"'],
  [['--out', 'x.duckdb', '--naming', 'old'], '--naming expects current or legacy; got "old"'],
  [['--out', 'x.duckdb', '--stale-hours', 'x'], '--stale-hours expects hours from 0 to 8760; got "x"'],
  [['--out', 'x.duckdb', '--colour'], "Unknown option '--colour'"],
  [['--out', 'x.duckdb', 'extra'], "Unexpected argument 'extra'"],
])('rejects %j with exit code 2 and a clear message', async (argv, message) => {
  const result = await run(...argv.map((a) => (a === 'x.duckdb' ? path.join(folder, a) : a)));
  expect(result.code).toBe(2);
  expect(result.err).toContain(message);
  expect(result.err).toContain('Usage: npm run cli -- demo-data --out FILE');
  expect(fs.readdirSync(folder)).toEqual([]);
});

it('prints its help', async () => {
  const result = await run('--help');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/^Usage: npm run cli -- demo-data --out FILE/);
});

it('refuses a folder as --out', async () => {
  const result = await run('--out', folder, '--force');
  expect(result.code).toBe(2);
  expect(result.err).toContain('is a folder');
});
