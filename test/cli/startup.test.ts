import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuiltCli } from '../support/builtCli';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { newUserEnv } from '../support/pulseProcess';

/**
 * A command starts fast when it loads only what it uses: the packages each run loaded are read
 * from the process itself (no timing, which a busy machine would make flaky).
 */

let cli: string;
let dir: string;
let preload: string;
let demo: Awaited<ReturnType<typeof makeDemoFile>>;

// Heavy to load, and each needed by a few commands only.
const HEAVY = ['@duckdb/node-api', 'snowflake-sdk', '@slack/web-api', '@slack/bolt', 'zod', 'pino', 'node-cron'];

beforeAll(async () => {
  cli = await ensureBuiltCli();
  demo = await makeDemoFile();
  dir = mkdtempSync(join(tmpdir(), 'pulse-startup-'));
  preload = join(dir, 'packages.js');
  writeFileSync(
    preload,
    `process.on('exit', () => {
      const names = Object.keys(require.cache).map((file) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file)?.[1]).filter(Boolean);
      process.stderr.write('PACKAGES ' + JSON.stringify([...new Set(names)].map((name) => name.replace('\\\\', '/'))) + '\\n');
    });\n`,
  );
});
afterAll(() => {
  demo.remove();
  rmSync(dir, { recursive: true, force: true });
});

function packagesLoaded(args: string[]): { status: number | null; stdout: string; packages: string[] } {
  const result = spawnSync(process.execPath, ['--require', preload, cli, ...args], { env: newUserEnv({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' }), encoding: 'utf8', timeout: 60_000 });
  const line = result.stderr.split('\n').find((l) => l.startsWith('PACKAGES '));
  if (!line) throw new Error(`no package list; stderr:\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, packages: JSON.parse(line.slice('PACKAGES '.length)) as string[] };
}

describe('the CLI loads only what a command needs', () => {
  it('answers help, an unknown command and a usage error without the warehouse, Slack or the configuration', () => {
    for (const args of [['--help'], ['help'], ['stauts'], ['mar', 'extra']]) {
      const run = packagesLoaded(args);
      expect({ args, heavy: run.packages.filter((name) => HEAVY.includes(name)) }).toEqual({ args, heavy: [] });
    }
    expect(packagesLoaded(['--help']).stdout).toMatch(/^Fivetran Pulse/);
  });

  it('reads the DuckDB demo for status without loading Slack or snowflake-sdk', () => {
    const run = packagesLoaded(['status', '--json', '--at', DEMO_NOW.toISOString()]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('connections');
    expect(run.packages).toContain('@duckdb/node-api');
    expect(run.packages.filter((name) => name === 'snowflake-sdk' || name.startsWith('@slack/'))).toEqual([]);
  });
});

describe('a reader that stops early', () => {
  it('ends quietly when the pipe is closed before the report is written (`pulse status | head -0`)', async () => {
    const child = spawn(process.execPath, [cli, 'status', '--at', DEMO_NOW.toISOString()], {
      env: newUserEnv({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed at once: the CLI writes only once it has read the warehouse, into a pipe nobody reads.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('close', (exit) => resolve(exit)));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
