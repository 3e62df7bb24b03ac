import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_NOTE } from '../../src/views/demoNote';
import { ensureBuiltCli } from '../support/builtCli';
import { attemptStart, freePort, getJson, newUserEnv, postJson, startCli, startServer, waitFor, type LogLine, type ServerProcess } from '../support/pulseProcess';

/**
 * `npm start` as a new user runs it: no Slack app, no database file, nothing configured, in a
 * folder of its own. The real server starts (tsx, the embedded DuckDB demo at the default path,
 * the Slack app, the local preview), answers its health checks and a slash command typed in the
 * preview, shares its DuckDB file with the CLI while it runs, and stops cleanly on SIGTERM.
 */

const STARTUP_MS = 120_000;
/** How long an answer or a log line may take before the test gives up: generous, since it only bounds a failure. */
const EVENT_MS = 60_000;

interface Entry {
  type: string;
  text?: string;
  ephemeralTo?: string;
  blocks?: unknown[];
}

describe('npm start with no Slack app: the server and the local preview', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** Where the default DUCKDB_PATH, ./data/pulse.duckdb, lands: in the server's working folder. */
  let duckdbFile: string;
  let server: ServerProcess;
  let output: { lines: string[]; json: LogLine[] };
  let port: number;
  let previewPort: number;
  let previewUrl: string;
  let opsChannelId: string;
  const printed = () => server.printed();

  beforeAll(async () => {
    // The CLI this suite starts is the built one, as `npm run cli` runs it.
    await ensureBuiltCli();
    dir = mkdtempSync(path.join(tmpdir(), 'pulse-npm-start-'));
    port = await freePort();
    previewPort = await freePort();
    while (previewPort === port) previewPort = await freePort();
    duckdbFile = path.join(dir, 'data', 'pulse.duckdb');
    env = newUserEnv({
      PORT: String(port),
      PREVIEW_PORT: String(previewPort),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
    server = startServer(env, { cwd: dir });
    output = server.output;
    previewUrl = await server.previewUrl(STARTUP_MS);
  }, STARTUP_MS + 10_000);

  afterAll(async () => {
    await server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the demo warehouse for a new user and says where the preview is', () => {
    expect(previewUrl).toBe(`http://127.0.0.1:${previewPort}`);
    expect(output.json.some((line) => /created the DuckDB demo warehouse/.test(line.msg ?? ''))).toBe(true);
    expect(existsSync(duckdbFile)).toBe(true);
    expect(output.json.filter((line) => (line.level ?? 0) >= 50)).toEqual([]);
  });

  it('answers /healthz and /readyz on PORT', async () => {
    const health = await getJson(`http://127.0.0.1:${port}/healthz`);
    expect(health).toEqual({ status: 200, body: { status: 'ok', pendingDeliveries: { count: 0, oldestAgeSeconds: null } } });
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
    expect((body.jobs as Array<{ name: string }>).map((job) => job.name).sort()).toEqual(['failSync', 'resetDemo', 'runAlerts', 'runDashboard']);
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

  it('answers /fivetran status sent through the preview, privately, in the channel, saying it is demo data', async () => {
    const answer = await askStatus();
    expect(answer.text).toMatch(/connection/);
    expect(JSON.stringify(answer.blocks)).toContain('hubspot_acme');
    expect(JSON.stringify(answer.blocks)).toContain(DEMO_NOTE);
  });

  it('refuses a command the preview cannot send, with a clear answer', async () => {
    const refused = await postJson(`${previewUrl}/preview/command`, { channelId: opsChannelId, text: 'status please' });
    expect(refused.status).toBe(400);
    expect(String(refused.body.error)).toMatch(/slash command/);
  });

  it('shares the embedded DuckDB file with the CLI: the CLI waits while the server holds it, and both keep working', async () => {
    const alertRun = postJson(`${previewUrl}/preview/jobs/runAlerts`, {});
    // The CLI logs at debug level, so it says when it finds the file held and when it gets its turn.
    const cli = startCli(['status', '--json'], { ...env, DUCKDB_PATH: duckdbFile, LOG_LEVEL: 'debug' });
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
    expect(entries.some((entry) => entry.type === 'message' && entry.ephemeralTo === undefined && /incidents firing/i.test(entry.text ?? ''))).toBe(true);
    expect((await getJson(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  }, 4 * EVENT_MS);

  it('shows the demo as the README tells: after "Run alerts now", #globex-data has one message for globex_postgres, with its three rules', async () => {
    const channels = (await getJson(`${previewUrl}/preview/state`)).body.channels as Array<{ id: string; name: string }>;
    const globex = channels.find((channel) => channel.name === 'globex-data')!;
    const entries = (await getJson(`${previewUrl}/preview/channels/${globex.id}`)).body.entries as Entry[];
    const postgres = entries.filter((entry) => entry.type === 'message' && entry.ephemeralTo === undefined && JSON.stringify(entry.blocks ?? []).includes('globex_postgres'));
    expect(postgres).toHaveLength(1);
    expect(JSON.stringify(postgres[0]!.blocks)).toMatch(/Sync failed[\s\S]*Sync delayed[\s\S]*Frequent errors/);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exit = await server.stop(EVENT_MS);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output.json.some((line) => line.msg === 'stopped')).toBe(true);
  });
});

describe('npm start with a DUCKDB_PATH that does not exist', () => {
  it('stops with a configuration error naming DUCKDB_PATH and what it expects, and creates nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulse-npm-start-'));
    const mistyped = path.join(dir, 'data', 'pulse.duckb');
    const env = newUserEnv({ DUCKDB_PATH: mistyped, PORT: String(await freePort()), PREVIEW_PORT: String(await freePort()), LOG_FORMAT: 'json' });
    try {
      const run = await attemptStart(env, { cwd: dir, timeoutMs: STARTUP_MS });
      expect({ outcome: run.outcome, exit: run.exit }).toEqual({ outcome: 'stopped', exit: { code: 1, signal: null } });
      expect(run.output).toContain(
        'Pulse cannot start: 1 configuration problem\n' +
          `  - DUCKDB_PATH: expected an existing DuckDB file (only the default ./data/pulse.duckdb, or any path with DEMO=true, is created with demo data when missing); got ${JSON.stringify(mistyped)}, which does not exist`,
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, STARTUP_MS + 10_000);
});
