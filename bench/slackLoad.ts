import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { App, LogLevel } from '@slack/bolt';
import { loadConfig } from '../src/config/loadConfig';
import { startMonitor } from '../src/jobs/monitor';
import { openWarehouse } from '../src/jobs/openWarehouse';
import { startServices } from '../src/jobs/services';
import { createLogger } from '../src/log/logger';
import { startSlackStandIn, type SlackStandIn } from '../src/preview/standin';
import { createSlackApp } from '../src/slack/app';
import { driveFromChild } from './loadDriver';

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-token';
const OPS = { id: 'C0OPS', name: 'fivetran-ops' };
const USER = { id: 'U0OPS', name: 'olivia.ops' };

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  label: string;
  /** Which round of the interleaved load it ran in (1 when there is one). */
  round?: number;
  requests: number;
  concurrency: number;
  /** From the POST to /slack/events until its HTTP answer: Slack's 3-second rule. */
  ackMs: LatencySummary;
  /** From the POST until the answer reached the response_url. */
  answerMs: LatencySummary;
  /** How late the event loop ran its timers while the load ran. */
  eventLoopDelayMs: LatencySummary;
  /** Warehouse readings (snapshots) the load cost; null for the bare apps, which read nothing. */
  readings: number | null;
  /** CPU time of the app's process (its threads and DuckDB's) while the load ran, per request: less noisy than latency. */
  cpuMsPerRequest: number;
  /** Bytes of one answer posted to a response_url. */
  answerBytes: number;
}

export function latency(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** Sends the load from another process while this one, the app's, watches how late its event loop runs. */
async function drive(
  appUrl: string,
  options: { requests: number; concurrency: number; text: string },
): Promise<{ ack: number[]; answer: number[]; delay: LatencySummary; cpuMsPerRequest: number; lastAnswer: string }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpuBefore = process.cpuUsage();
  try {
    const { ack, answer, lastAnswer } = await driveFromChild({ appUrl, signingSecret: SIGNING_SECRET, ...options, channel: OPS, user: USER });
    const cpu = process.cpuUsage(cpuBefore);
    const ns = (value: number) => value / 1e6;
    return {
      ack,
      answer,
      lastAnswer,
      cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, options.requests),
      delay: { p50: ns(delay.percentile(50)), p99: ns(delay.percentile(99)), max: ns(delay.max) },
    };
  } finally {
    delay.disable();
  }
}

const standIn = (): Promise<SlackStandIn> =>
  startSlackStandIn({ port: 0, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: [{ ...OPS }], users: [{ ...USER }], ackTimeoutMs: 120_000 });

type Measured = Awaited<ReturnType<typeof drive>>;

/** One load's result, as every app's is reported. */
function loadResult(label: string, options: { requests: number; concurrency: number }, measured: Measured, readings: number | null): LoadResult {
  return {
    label,
    requests: options.requests,
    concurrency: options.concurrency,
    ackMs: latency(measured.ack),
    answerMs: latency(measured.answer),
    eventLoopDelayMs: measured.delay,
    readings,
    cpuMsPerRequest: measured.cpuMsPerRequest,
    answerBytes: Buffer.byteLength(measured.lastAnswer, 'utf8'),
  };
}

export const BARE_APP = 'bare Bolt app';
export const BARE_APP_WITH_ANSWER = "bare Bolt app sending Pulse's answer";

/**
 * A Bolt app that does nothing but ack and answer: what acks cost on this machine without Pulse.
 * Given an answer (Pulse's, as the response_url received it), it sends that instead of "ok", so
 * the cost of sending an answer of that size is apart from the cost of Pulse's own work.
 */
export async function loadBareBolt(options: { requests: number; concurrency: number }, answer?: string): Promise<LoadResult> {
  const slack = await standIn();
  const app = new App({ token: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, clientOptions: { slackApiUrl: slack.apiUrl }, logLevel: LogLevel.ERROR, deferInitialization: true });
  // Parsed once: a handler that only forwards a message it holds.
  const message = answer === undefined ? { response_type: 'ephemeral' as const, text: 'ok' } : (JSON.parse(answer) as { text: string });
  app.command('/fivetran', async ({ ack, respond }) => {
    await ack();
    await respond(message);
  });
  try {
    await app.init();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as Server;
    const { port } = server.address() as AddressInfo;
    const measured = await drive(`http://127.0.0.1:${port}/slack/events`, { ...options, text: 'status' });
    return loadResult(answer === undefined ? BARE_APP : BARE_APP_WITH_ANSWER, options, measured, null);
  } finally {
    await app.stop();
    await slack.close();
  }
}

/** Pulse's loads of one app, and its last answer for a bare app to send. */
export interface PulseLoads {
  loads: LoadResult[];
  answer: string;
}

/**
 * Pulse's own Slack app (Bolt over loopback HTTP, the Slack stand-in as its Web API) on a copy of
 * the dataset, answering `/fivetran status` as of `at` (its clock runs from there). The load
 * starts with no reading kept, so it pays for its own. With `thenKept`, the same load is sent
 * again while that reading is still reused: what answering costs without reading.
 */
export async function loadPulse(file: string, at: Date, options: { requests: number; concurrency: number; reuseSeconds: number; thenKept?: boolean }): Promise<PulseLoads> {
  // Pulse creates its alert state tables: in a copy, so the cached dataset stays as generated.
  const copy = `${file}.slack-load-${process.pid}.duckdb`;
  fs.copyFileSync(file, copy);
  const logger = createLogger({ level: 'silent', format: 'json' });
  const startedAt = performance.now();
  let skipped = 0;
  const clock = () => new Date(at.getTime() + skipped + (performance.now() - startedAt));
  const config = loadConfig({ DUCKDB_PATH: copy, LOG_LEVEL: 'silent', SLACK_OPS_CHANNEL: OPS.name, JUDGMENT_REUSE_SECONDS: String(options.reuseSeconds), WAREHOUSE_QUERY_TIMEOUT_SECONDS: '600' });
  const warehouse = await openWarehouse(config, logger);
  const slack = await standIn();
  try {
    // With the incremental read model, as the long-running app runs (src/main.ts): after its first
    // reading, each one reads only what was loaded since.
    const monitor = await startMonitor(config, warehouse, logger, clock, { incremental: {} });
    let readings = 0;
    const counted = { ...monitor, judge: (when?: Date) => ((readings += 1), monitor.judge(when)) };
    const services = await startServices(config, counted, logger, clock);
    const app = createSlackApp(services, { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl }, 0, '127.0.0.1');
    const port = await app.start();
    try {
      const url = `http://127.0.0.1:${port}/slack/events`;
      // One request first: the schema and tenants read, as in an app that has been up a while.
      await drive(url, { requests: 1, concurrency: 1, text: 'status' });
      // Past the reuse time, so the load starts with no reading kept and its own count is what it cost.
      skipped += (options.reuseSeconds + 1) * 1000;
      readings = 0;
      const load = { requests: options.requests, concurrency: options.concurrency, text: 'status' };
      const first = await drive(url, load);
      const label = options.reuseSeconds > 0 ? `Pulse, readings reused for ${options.reuseSeconds} s` : 'Pulse, readings shared only while in flight';
      const loads = [loadResult(label, options, first, readings)];
      if (options.thenKept && options.reuseSeconds > 0) {
        readings = 0;
        // The reading is still reused if the machine kept up; `readings` says whether it did.
        const kept = await drive(url, load);
        loads.push(loadResult('Pulse, answering from a kept reading', options, kept, readings));
      }
      return { loads, answer: first.lastAnswer };
    } finally {
      await app.stop();
    }
  } finally {
    await slack.close();
    await warehouse.close();
    for (const leftover of [copy, `${copy}.wal`]) fs.rmSync(leftover, { force: true });
  }
}
