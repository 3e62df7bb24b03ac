import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The CLI as `npm run cli` runs it: compiled into dist/ by `npm run build` (which `npm ci` runs).
 * Tests that start it as a process must run what the sources say now, so dist/ is rebuilt when it
 * was built from other sources: a stamp beside it records a hash of everything the build reads.
 */

export const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
export const BUILT_CLI = path.join(DIST, 'cli/main.js');
const STAMP = path.join(DIST, '.source-hash');
const LOCK = path.join(ROOT, '.build-lock');
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => file.endsWith('.ts'));
}

/** A hash of the sources and settings the build reads: the same hash, the same dist/. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [...filesUnder(path.join(ROOT, 'src')), ...BUILD_INPUTS.map((file) => path.join(ROOT, file))].sort();
  for (const file of files) hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const isFresh = (hash: string): boolean => fs.existsSync(BUILT_CLI) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === hash;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

/** Whether the process that holds the lock is still alive (a test run that was killed leaves its lock behind). */
function lockHolderAlive(): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds dist/ when it is missing or stale, once for the test run: suites that start the CLI in
 * parallel wait for the one that builds (a lock folder, which only one mkdir can create).
 */
export async function ensureBuiltCli(): Promise<string> {
  const hash = sourceHash();
  for (;;) {
    if (isFresh(hash)) return BUILT_CLI;
    try {
      fs.mkdirSync(LOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!lockHolderAlive()) fs.rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      if (isFresh(hash)) return BUILT_CLI;
      // From scratch, so no output of a deleted source lingers.
      fs.rmSync(DIST, { recursive: true, force: true });
      await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
      fs.writeFileSync(STAMP, `${hash}\n`);
      return BUILT_CLI;
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/** The built CLI, refused when dist/ is not what the sources say now (a suite forgot ensureBuiltCli). */
export function freshBuiltCli(): string {
  if (!isFresh(sourceHash())) throw new Error('dist/ was not built from the current sources: await ensureBuiltCli() in beforeAll before starting the CLI');
  return BUILT_CLI;
}
