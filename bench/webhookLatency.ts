import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { get } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { envSchema } from '../src/config/schema';
import { DEMO_SCHEMA, writeDemoDatabase } from '../src/demo';
import { loadConfig } from '../src/config/loadConfig';
import { matchTenant } from '../src/health/matchTenant';
import { startMonitor } from '../src/jobs/monitor';
import { WEBHOOK_PATH } from '../src/live/webhookReceiver';
import { createLogger } from '../src/log/logger';
import { standInConnectionsFromWarehouse, startFivetranStandIn, type FivetranStandIn } from '../src/preview/fivetran';
import { createDuckDbWarehouse } from '../src/warehouse/duckdb';
import { summarize } from './stats';
import { freePort } from '../test/support/pulseProcess';
import { percentile } from './stats';

/**
 * Delivery to post: how long a signed sync_end FAILURE webhook takes, from the moment the Fivetran
 * stand-in starts delivering it, to the alert posted in every channel it belongs in (the ops channel
 * and the tenant's own), through the real server process (`npm start` with FIVETRAN_API_URL at the
 * stand-in) and its local Slack preview. One failure at a time, each on a connection with no alert
 * open, so each measures one webhook's whole path.
 */

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');
export const WEBHOOK_LATENCY_HEADING = '## Webhook delivery to Slack post';
const GOAL_MS = 2_000;
/** Bounds a lost alert only. */
const WAIT_MS = 30_000;

export interface WebhookLatencyResult {
  failures: number;
  measured: number;
  missed: string[];
  /** Milliseconds from the delivery's start to the last of its alert's posts. */
  samples: number[];
  p50: number;
  p99: number;
  max: number;
}

interface Channel {
  id: string;
  name: string;
}

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
const channelName = (channel: string | null) => (channel ?? '').trim().replace(/^#/, '').toLowerCase();

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** The server as `npm start` runs it, with its log read for the preview's address. */
function startServer(env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcess; previewUrl: Promise<string>; output: string[] } {
  const child = spawn(process.execPath, [TSX, path.join(ROOT, 'src/main.ts')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const previewUrl = new Promise<string>((resolve, reject) => {
    // The log goes to stderr; either stream may carry the line.
    const take = (stream: NodeJS.ReadableStream | null) => {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          try {
            const parsed = JSON.parse(line) as { msg?: string; url?: string };
            if (parsed.url && /local Slack preview/.test(parsed.msg ?? '')) resolve(parsed.url);
          } catch {
            // Not a log record.
          }
        }
      });
    };
    take(child.stdout);
    take(child.stderr);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) while starting:\n${output.slice(-20).join('\n')}`)));
  });
  return { child, previewUrl, output };
}

/** Follows the preview's changes: when each message was posted, per channel, as this process heard it. */
function followPosts(previewUrl: string): { posts: Array<{ channel: string; ts: string; at: number }>; stop: () => void } {
  const posts: Array<{ channel: string; ts: string; at: number }> = [];
  const request = get(`${previewUrl}/preview/events`, (response) => {
    let rest = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const at = Date.now();
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('data: ')) continue;
        const change = JSON.parse(line.slice('data: '.length)) as { kind: string; channel?: string; ts?: string; threadTs?: string };
        if (change.kind === 'message_posted' && change.channel && change.ts && !change.threadTs) posts.push({ channel: change.channel, ts: change.ts, at });
      }
    });
  });
  request.on('error', () => undefined);
  return { posts, stop: () => request.destroy() };
}

export async function measureWebhookLatency(options: { failures?: number; connections?: number } = {}): Promise<WebhookLatencyResult> {
  const failures = options.failures ?? 50;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-webhook-bench-'));
  const file = path.join(dir, 'data', 'pulse.duckdb');
  let fivetran: FivetranStandIn | null = null;
  let server: ReturnType<typeof startServer> | null = null;
  let follow: ReturnType<typeof followPosts> | null = null;
  try {
    progress(`webhook latency: a demo warehouse of ${options.connections ?? 120} connections…`);
    await writeDemoDatabase(file, { connections: options.connections ?? 120, days: 7, now: new Date() });
    const logger = createLogger({ level: 'silent', format: 'json' });
    const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 60, logger });
    const rows = await warehouse.query<Record<string, string | number | boolean | null>>(
      `SELECT connection_id, connection_name, connector_type_id, destination_id, paused, sync_frequency FROM ${DEMO_SCHEMA}.CONNECTION WHERE NOT COALESCE(_fivetran_deleted, FALSE) ORDER BY connection_id`,
    );
    // Connections the warehouse already alerts about have an incident open, which a failure updates rather than posts.
    const monitor = await startMonitor(loadConfig({ DUCKDB_PATH: file }), warehouse, logger);
    const [tenants, { assessment }] = await Promise.all([monitor.tenants(), monitor.judge()]);
    const alerting = new Set(assessment.alerts.flatMap((alert) => (alert.connectionId === null ? [] : [alert.connectionId])));
    await warehouse.close();

    fivetran = await startFivetranStandIn({
      apiKey: 'bench-key',
      apiSecret: 'bench-secret',
      allowHttpWebhooks: true,
      connections: standInConnectionsFromWarehouse(
        rows.map((row) => ({
          connectionId: String(row.connection_id),
          connectionName: String(row.connection_name),
          connectorTypeId: String(row.connector_type_id),
          destinationId: String(row.destination_id),
          paused: row.paused === true,
          syncFrequency: typeof row.sync_frequency === 'number' ? row.sync_frequency : null,
        })),
      ),
    });
    const port = await freePort();
    let previewPort = await freePort();
    while (previewPort === port) previewPort = await freePort();
    const secret = 'bench-webhook-secret';
    const blank = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, '']));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      TMPDIR: os.tmpdir(),
      ...blank,
      PORT: String(port),
      PREVIEW_PORT: String(previewPort),
      DUCKDB_PATH: file,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      SCHEDULER_ENABLED: 'false',
      FIVETRAN_API_KEY: 'bench-key',
      FIVETRAN_API_SECRET: 'bench-secret',
      FIVETRAN_API_URL: fivetran.url,
      FIVETRAN_WEBHOOK_SECRET: secret,
    };
    progress('webhook latency: starting the server…');
    server = startServer(env, dir);
    const previewUrl = await Promise.race([server.previewUrl, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${server?.output.slice(-20).join('\n') ?? ''}`)), 120_000).unref())]);
    fivetran.addWebhook({ url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, secret });

    // The demo's own alerts first, so that only connections with nothing open are failed.
    await fetch(`${previewUrl}/preview/jobs/runAlerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { channels } = await getJson<{ channels: Channel[] }>(`${previewUrl}/preview/state`);
    const ops = channels.find((channel) => channel.name === 'fivetran-ops');
    if (!ops) throw new Error('the preview has no fivetran-ops channel');
    const candidates = rows
      .filter((row) => row.paused !== true && !alerting.has(String(row.connection_id)))
      .map((row) => {
        const tenant = matchTenant(String(row.connection_name), tenants);
        const tenantChannel = channels.find((channel) => channel.name === channelName(tenant?.alertChannel ?? null));
        return { id: String(row.connection_id), name: String(row.connection_name), channels: tenantChannel ? [ops.id, tenantChannel.id] : [ops.id] };
      })
      .slice(0, failures);
    if (candidates.length < failures) progress(`webhook latency: only ${candidates.length} connections have no alert open; measuring those`);

    follow = followPosts(previewUrl);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const samples: number[] = [];
    const missed: string[] = [];
    progress(`webhook latency: ${candidates.length} sync_end FAILURE webhooks, one at a time…`);
    for (const candidate of candidates) {
      const seen = follow.posts.length;
      let startedAt: number | null = null;
      const off = fivetran.onDelivery((delivery) => {
        // The stand-in's clock is the system clock: `at` is when it began sending.
        if (delivery.event === 'sync_end' && startedAt === null) startedAt = delivery.at;
      });
      fivetran.failSync(candidate.id, { status: 'FAILURE', reason: 'java.sql.SQLException: connection refused' });
      try {
        const posted = await waitFor(
          () => {
            const fresh = follow?.posts.slice(seen) ?? [];
            const firsts = candidate.channels.flatMap((channel) => fresh.find((post) => post.channel === channel)?.at ?? []);
            return startedAt !== null && firsts.length === candidate.channels.length ? Math.max(...firsts) : undefined;
          },
          `the alert for ${candidate.name}`,
          WAIT_MS,
        );
        samples.push(posted - (startedAt ?? posted));
      } catch {
        const postedIn = [...new Set((follow?.posts.slice(seen) ?? []).map((post) => channels.find((channel) => channel.id === post.channel)?.name ?? post.channel))];
        missed.push(`${candidate.name} (${postedIn.length > 0 ? `posted only in ${postedIn.join(', ')}` : 'nothing posted'})`);
      } finally {
        off();
      }
      await fivetran.deliveriesSettled();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { failures: candidates.length, measured: samples.length, missed, samples, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
  } finally {
    follow?.stop();
    if (server?.child.pid !== undefined && server.child.exitCode === null) {
      try {
        process.kill(-server.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await fivetran?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function renderWebhookLatency(result: WebhookLatencyResult): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const verdict = result.measured === 0 ? 'nothing measured' : result.p99 < GOAL_MS ? `under the ${GOAL_MS / 1000} s goal` : `OVER the ${GOAL_MS / 1000} s goal`;
  const summary = summarize(result.samples);
  return [
    `Webhook delivery to Slack post (sync_end FAILURE → alert in the ops and the tenant's channel, real server, Slack and Fivetran stand-ins):`,
    `  ${result.measured} of ${result.failures} failures posted; p50 ${ms(result.p50)}, p95 ${ms(summary.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}: ${verdict}`,
    ...(result.missed.length > 0 ? [`  no alert within ${WAIT_MS / 1000} s for: ${result.missed.join(', ')}`] : []),
  ].join('\n');
}

/** Appends the run to its section of bench/RESULTS.md (made when missing). */
export function appendWebhookLatency(result: WebhookLatencyResult, at = new Date()): void {
  const existing = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  const cpus = os.cpus();
  const line = `- ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, load ${(os.loadavg()[0] ?? 0).toFixed(1)}: ${result.measured} of ${result.failures} failures, p50 ${Math.round(result.p50)} ms, p99 ${Math.round(result.p99)} ms, max ${Math.round(result.max)} ms (goal: under ${GOAL_MS / 1000} s)${result.missed.length > 0 ? `; no alert for ${result.missed.join(', ')}` : ''}`;
  const start = existing.indexOf(WEBHOOK_LATENCY_HEADING);
  let next: string;
  if (start < 0) {
    next = `${existing.trimEnd()}\n\n${WEBHOOK_LATENCY_HEADING}\n\nFrom the Fivetran stand-in starting a signed sync_end FAILURE delivery to the alert posted in every channel it belongs in, through \`npm start\`'s server with FIVETRAN_API_URL at the stand-in; one failure at a time (\`npm run bench\`, or \`npx tsx bench/webhookLatency.ts\`).\n\n${line}\n`;
  } else {
    const after = existing.indexOf('\n## ', start + WEBHOOK_LATENCY_HEADING.length);
    const end = after < 0 ? existing.length : after;
    next = `${existing.slice(0, end).trimEnd()}\n${line}\n${after < 0 ? '' : `\n${existing.slice(after + 1)}`}`;
  }
  fs.writeFileSync(RESULTS_FILE, next);
}

/** `npm run bench`'s part: measure, print, record. */
export async function runWebhookLatency(failures = 50): Promise<WebhookLatencyResult> {
  const result = await measureWebhookLatency({ failures });
  process.stdout.write(`\n${renderWebhookLatency(result)}\n`);
  appendWebhookLatency(result);
  return result;
}

if (require.main === module) {
  runWebhookLatency().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
