import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { envSchema } from '../../src/config/schema';
import { freshBuiltCli } from './builtCli';

/**
 * Pulse's real server and CLI as processes, started as a user starts them: `npm start` runs the
 * sources with tsx; `npm run cli` runs the CLI compiled into dist/ (see builtCli.ts).
 */

export const ROOT = path.resolve(__dirname, '../..');
export const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface LogLine {
  level?: number;
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A port nobody uses right now: the kernel picks one for a throwaway listener, which then lets it go. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port was assigned');
  return address.port;
}

/**
 * Every variable Pulse reads, blank (blank counts as unset), so neither the developer's shell nor a
 * `.env` in the repository (dotenv never overrides a variable that is set) can give the server a
 * Slack app or a Snowflake account; then the few a test means.
 */
export function newUserEnv(values: Record<string, string>): NodeJS.ProcessEnv {
  const blank = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, '']));
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), ...blank, ...values };
}

/** Collects a child's output as lines, parsed as JSON where they are. */
export function collectLines(child: ChildProcess): { lines: string[]; json: LogLine[] } {
  const collected = { lines: [] as string[], json: [] as LogLine[] };
  const take = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        collected.lines.push(line);
        try {
          const parsed: unknown = JSON.parse(line);
          if (typeof parsed === 'object' && parsed !== null) collected.json.push(parsed as LogLine);
        } catch {
          // Not every line is a log record (tsx and Node print plain text).
        }
      }
    });
  };
  take(child.stdout);
  take(child.stderr);
  return collected;
}

export function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Waits for `probe` to return something, or fails naming what it waited for and what the server said. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number, output: () => string): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`${what} did not happen within ${timeoutMs} ms. Output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The CLI as a user types `npm run cli -- …`, with its output readable while it runs. The suite
 * must have awaited ensureBuiltCli() (builtCli.ts) first: a stale dist/ is refused.
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv): { stdout: () => string; stderr: () => string; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [freshBuiltCli(), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { stdout: () => stdout, stderr: () => stderr, exit: exitOf(child) };
}

export interface ServerProcess {
  child: ChildProcess;
  output: { lines: string[]; json: LogLine[] };
  exited: Promise<Exit>;
  /** The last lines it printed, for failure messages. */
  printed(): string;
  /** Resolves with the preview's URL once the server has said where it is; fails if it exits first. */
  previewUrl(timeoutMs: number): Promise<string>;
  /** Sends SIGTERM and waits for the exit; fails if it is still running after `timeoutMs`. */
  stop(timeoutMs: number): Promise<Exit>;
  /** Ends it (and the Node process tsx started) at once, if it still runs. */
  kill(): Promise<void>;
}

/** `npm start`: src/main.ts under tsx, in its own process group so kill() ends tsx and its child together. */
export function startServer(env: NodeJS.ProcessEnv, options: { cwd?: string } = {}): ServerProcess {
  // An absolute entry point, so the server can run in a folder of its own, as a new user's checkout would.
  const child = spawn(process.execPath, [TSX, path.join(ROOT, 'src/main.ts')], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output = collectLines(child);
  const exited = exitOf(child);
  const printed = () => output.lines.slice(-40).join('\n');
  return {
    child,
    output,
    exited,
    printed,
    async previewUrl(timeoutMs) {
      const announced = await waitFor(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited while starting. Output:\n${printed()}`);
          return output.json.find((line) => typeof line.url === 'string' && /local Slack preview/.test(line.msg ?? ''));
        },
        'the log line with the preview URL',
        timeoutMs,
        printed,
      );
      return announced.url as string;
    },
    async stop(timeoutMs) {
      child.kill('SIGTERM');
      return Promise.race([
        exited,
        new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`still running ${timeoutMs} ms after SIGTERM. Output:\n${printed()}`)), timeoutMs).unref()),
      ]);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    },
  };
}

export interface StartAttempt {
  /** 'stopped' when it exited before saying where the preview is; 'started' when it got that far. */
  outcome: 'stopped' | 'started';
  exit: Exit | null;
  /** Everything it printed, read to the end when it stopped. */
  output: string;
}

/**
 * Starts `npm start` where it should refuse to start, and tells what it did: stopped, or started
 * anyway (then it is ended at once). Whichever comes first is the answer, so a server that wrongly
 * starts fails the test instead of hanging it.
 */
export async function attemptStart(env: NodeJS.ProcessEnv, options: { cwd: string; timeoutMs: number }): Promise<StartAttempt> {
  const server = startServer(env, { cwd: options.cwd });
  // 'close' comes once its output has been read to the end.
  const closed = new Promise<void>((resolve) => server.child.once('close', () => resolve()));
  try {
    const outcome = await waitFor<'stopped' | 'started'>(
      () =>
        server.child.exitCode !== null || server.child.signalCode !== null
          ? 'stopped'
          : server.output.json.some((line) => /local Slack preview/.test(line.msg ?? ''))
            ? 'started'
            : undefined,
      'the server stopping or starting',
      options.timeoutMs,
      () => server.output.lines.join('\n'),
    );
    if (outcome === 'started') return { outcome, exit: null, output: server.output.lines.join('\n') };
    const exit = await server.exited;
    await closed;
    return { outcome, exit, output: server.output.lines.join('\n') };
  } finally {
    await server.kill();
  }
}
