import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { envSchema } from '../../src/config/schema';

/**
 * `npm start` as a new user runs it: no Slack app, no database file. The real server starts (tsx,
 * the embedded DuckDB demo, the Slack app, the local preview), answers its health checks and a
 * slash command typed in the preview, shares its DuckDB file with the CLI while it runs, and stops
 * cleanly on SIGTERM.
 */

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const STARTUP_MS = 120_000;
/** How long an answer or a log line may take before the test gives up: generous, since it only bounds a failure. */
const EVENT_MS = 60_000;

interface LogLine {
  level?: number;
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A port nobody uses right now: the kernel picks one for a throwaway listener, which then lets it go. */
async function freePort(): Promise<number> {
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
 * Slack app or a Snowflake account; then the few this test means.
 */
function newUserEnv(values: Record<string, string>): NodeJS.ProcessEnv {
  const blank = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, '']));
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), ...blank, ...values };
}

/** Collects a child's output as lines, parsed as JSON where they are. */
function collectLines(child: ChildProcess): { lines: string[]; json: LogLine[] } {
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

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Waits for `probe` to return something, or fails naming what it waited for and what the server said. */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number, output: () => string): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`${what} did not happen within ${timeoutMs} ms. Output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The CLI as a user types `npm run cli -- …`, with its output readable while it runs. */
function startCli(args: string[], env: NodeJS.ProcessEnv): { stdout: () => string; stderr: () => string; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [TSX, 'src/cli/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { stdout: () => stdout, stderr: () => stderr, exit: exitOf(child) };
}

interface Entry {
  type: string;
  text?: string;
  ephemeralTo?: string;
  blocks?: unknown[];
}

describe('npm start with no Slack app: the server and the local preview', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess;
  let output: { lines: string[]; json: LogLine[] };
  let exited: Promise<Exit>;
  let port: number;
  let previewPort: number;
  let previewUrl: string;
  let opsChannelId: string;
  const printed = () => output.lines.slice(-40).join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pulse-npm-start-'));
    port = await freePort();
    previewPort = await freePort();
    while (previewPort === port) previewPort = await freePort();
    env = newUserEnv({
      DUCKDB_PATH: path.join(dir, 'data', 'pulse.duckdb'),
      PORT: String(port),
      PREVIEW_PORT: String(previewPort),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
    // Its own process group, so afterAll can end tsx and the Node process it starts, together.
    server = spawn(process.execPath, [TSX, 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    output = collectLines(server);
    exited = exitOf(server);
    const announced = await waitFor(
      async () => {
        const exit = server.exitCode !== null || server.signalCode !== null;
        if (exit) throw new Error(`the server exited while starting. Output:\n${printed()}`);
        return output.json.find((line) => typeof line.url === 'string' && /local Slack preview/.test(line.msg ?? ''));
      },
      'the log line with the preview URL',
      STARTUP_MS,
      printed,
    );
    previewUrl = announced.url as string;
  }, STARTUP_MS + 10_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null && server.pid !== undefined) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the demo warehouse for a new user and says where the preview is', () => {
    expect(previewUrl).toBe(`http://127.0.0.1:${previewPort}`);
    expect(output.json.some((line) => /created the DuckDB demo warehouse/.test(line.msg ?? ''))).toBe(true);
    expect(existsSync(env.DUCKDB_PATH as string)).toBe(true);
    expect(output.json.filter((line) => (line.level ?? 0) >= 50)).toEqual([]);
  });

  it('answers /healthz and /readyz on PORT', async () => {
    const health = await getJson(`http://127.0.0.1:${port}/healthz`);
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(`http://127.0.0.1:${port}/readyz`);
    expect(ready).toEqual({ status: 200, body: { warehouse: 'ok', slack: 'ok' } });
  });

  it('serves the preview page, with the ops channel, the job controls and the app connected', async () => {
    const page = await fetch(`${previewUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>Pulse · Slack preview</title>');

    const { status, body } = await getJson(`${previewUrl}/preview/state`);
    expect(status).toBe(200);
    const channels = body.channels as Array<{ id: string; name: string }>;
    const ops = channels.find((channel) => channel.name === 'fivetran-ops');
    expect(ops).toBeDefined();
    opsChannelId = ops!.id;
    expect(channels.length).toBeGreaterThan(1);
    expect((body.jobs as Array<{ name: string }>).map((job) => job.name).sort()).toEqual(['runAlerts', 'runDashboard']);
    expect(body.appConnected).toBe(true);
  });

  async function askStatus(): Promise<Entry> {
    const before = ((await getJson(`${previewUrl}/preview/channels/${opsChannelId}`)).body.entries as Entry[]).length;
    const sent = await postJson(`${previewUrl}/preview/command`, { channelId: opsChannelId, text: '/fivetran status' });
    expect(sent).toEqual({ status: 200, body: expect.objectContaining({ ok: true, status: 200 }) });
    return waitFor(
      async () => {
        const entries = (await getJson(`${previewUrl}/preview/channels/${opsChannelId}`)).body.entries as Entry[];
        return entries.slice(before).find((entry) => entry.type === 'message' && entry.ephemeralTo !== undefined);
      },
      'the answer to /fivetran status',
      EVENT_MS,
      printed,
    );
  }

  it('answers /fivetran status sent through the preview, privately, in the channel', async () => {
    const answer = await askStatus();
    expect(answer.text).toMatch(/connection/);
    expect(JSON.stringify(answer.blocks)).toContain('hubspot_acme');
  });

  it('refuses a command the preview cannot send, with a clear answer', async () => {
    const refused = await postJson(`${previewUrl}/preview/command`, { channelId: opsChannelId, text: 'status please' });
    expect(refused.status).toBe(400);
    expect(String(refused.body.error)).toMatch(/slash command/);
  });

  it('shares the embedded DuckDB file with the CLI: the CLI waits while the server holds it, and both keep working', async () => {
    const alertRun = postJson(`${previewUrl}/preview/jobs/runAlerts`, {});
    // The CLI logs at debug level, so it says when it finds the file held and when it gets its turn.
    const cli = startCli(['status', '--json'], { ...env, LOG_LEVEL: 'debug' });
    let cliDone = false;
    void cli.exit.then(() => (cliDone = true));
    const saysWaiting = () => /held by another process; waiting for its turn/.test(cli.stderr());
    const saysOpened = () => /released by the other process; opened it/.test(cli.stderr());

    // Commands keep the server on the file (it lets go after a short idle spell) until the CLI is seen waiting.
    const answers: Entry[] = [];
    while (!saysWaiting() && !cliDone) answers.push(await askStatus());
    await waitFor(() => (saysOpened() || cliDone ? true : undefined), 'the CLI getting its turn on the file', EVENT_MS, cli.stderr);
    // A command sent as soon as the CLI has the file: the server waits its turn if it must, and answers.
    answers.push(await askStatus());
    const [run, exit] = await Promise.all([alertRun, cli.exit]);

    expect({ code: exit.code, waited: saysWaiting(), opened: saysOpened() }).toEqual({ code: 0, waited: true, opened: true });
    const report = JSON.parse(cli.stdout()) as { connections: Array<{ connectionName: string }> };
    expect(report.connections.map((connection) => connection.connectionName)).toContain('hubspot_acme');
    expect(run).toEqual({ status: 200, body: { ok: true } });
    for (const answer of answers) expect(JSON.stringify(answer.blocks)).toContain('hubspot_acme');
    // The alert run posted to the ops channel.
    const entries = (await getJson(`${previewUrl}/preview/channels/${opsChannelId}`)).body.entries as Entry[];
    expect(entries.some((entry) => entry.type === 'message' && entry.ephemeralTo === undefined && /alert/i.test(entry.text ?? ''))).toBe(true);
    expect((await getJson(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  }, 4 * EVENT_MS);

  it('stops on SIGTERM with exit code 0', async () => {
    server.kill('SIGTERM');
    const exit = await Promise.race([
      exited,
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`still running ${EVENT_MS / 1000} s after SIGTERM. Output:\n${printed()}`)), EVENT_MS).unref()),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output.json.some((line) => line.msg === 'stopped')).toBe(true);
  });
});
