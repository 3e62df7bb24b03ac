import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeDemoDatabase } from '../src/demo';
import { BENCH_DIR, BENCH_NOW } from './datasets';
import { ms, table } from './format';
import { summarize, type Summary } from './stats';

/**
 * How long a CLI command takes from the shell's point of view (process start to exit), beside a
 * bare `node -e ''`: what Node itself costs on this machine, which no command can beat.
 */

const ROOT = path.resolve(__dirname, '..');
const BUILT_CLI = path.join(ROOT, 'dist/cli/main.js');

export interface StartupRow {
  label: string;
  command: string;
  ms: Summary;
}

function newestMtime(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce((newest, entry) => Math.max(newest, entry.isDirectory() ? newestMtime(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).mtimeMs), 0);
}

/** dist/ as `npm ci` leaves it; built again when a source is newer, so the numbers are the code's. */
function ensureBuilt(progress: (message: string) => void): void {
  if (fs.existsSync(BUILT_CLI) && fs.statSync(BUILT_CLI).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  progress('  building dist/ (npm run build)…');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

async function demoFile(): Promise<string> {
  const file = path.join(BENCH_DIR, 'datasets', `cli-demo-${BENCH_NOW.toISOString().slice(0, 10)}.duckdb`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeDemoDatabase(file, { now: BENCH_NOW }, { replace: true });
  }
  return file;
}

function timeCommand(argv: readonly string[], env: NodeJS.ProcessEnv, runs: number, warmup: number): Summary {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i += 1) {
    const startedAt = performance.now();
    const run = spawnSync(argv[0] as string, argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const elapsed = performance.now() - startedAt;
    if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i >= warmup) samples.push(elapsed);
  }
  return summarize(samples);
}

/** Each command `runs` times after `warmup` untimed runs, in the order a reader compares them. */
export async function measureCliStartup(runs: number, warmup: number, progress: (message: string) => void): Promise<StartupRow[]> {
  progress('CLI start-up…');
  ensureBuilt(progress);
  const env = { ...process.env, WAREHOUSE: 'duckdb', DUCKDB_PATH: await demoFile(), LOG_LEVEL: 'silent', NO_COLOR: '1' };
  const at = ['--at', BENCH_NOW.toISOString()];
  const node = process.execPath;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const commands: Array<[string, string, string[]]> = [
    ["node -e ''", 'Node alone: the floor', [node, '-e', '']],
    ['node dist/cli/main.js --help', 'the built CLI, help', [node, BUILT_CLI, '--help']],
    ['node dist/cli/main.js status --json', 'the built CLI, status of the demo (the warehouse read included)', [node, BUILT_CLI, 'status', '--json', ...at]],
    ['npm run cli -- --help', "help through npm (npm's own start-up included)", [npm, 'run', '-s', 'cli', '--', '--help']],
    ['tsx src/cli/main.ts --help', 'help from the sources, compiled on the fly', [node, tsx, 'src/cli/main.ts', '--help']],
  ];
  return commands.map(([command, label, argv]) => ({ command, label, ms: timeCommand(argv, env, runs, warmup) }));
}

export function renderCliStartup(rows: readonly StartupRow[]): string {
  // The numbers aligned as every bench table is; what each command is, after them.
  const numbers = table(['command', 'p50', 'p95'], rows.map((row) => [row.command, ms(row.ms.p50), ms(row.ms.p95)])).split('\n');
  const notes = ['what it is', '', ...rows.map((row) => row.label)];
  return ['CLI start-up (process start to exit, as the shell sees it)', ...numbers.map((line, i) => `${line}  ${notes[i] ?? ''}`.trimEnd())].join('\n');
}
