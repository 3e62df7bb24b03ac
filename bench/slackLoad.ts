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
  /** Warehouse readings (snapshots) the load cost; null for the bare app, which reads nothing. */
  readings: number | null;
}

export function latency(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** Sends the load from another process while this one, the app's, watches how late its event loop runs. */
async function drive(appUrl: string, options: { requests: number; concurrency: number; text: string }): Promise<{ ack: number[]; answer: number[]; delay: LatencySummary }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const { ack, answer } = await driveFromChild({ appUrl, signingSecret: SIGNING_SECRET, ...options, channel: OPS, user: USER });
    const ns = (value: number) => value / 1e6;
    return { ack, answer, delay: { p50: ns(delay.percentile(50)), p99: ns(delay.percentile(99)), max: ns(delay.max) } };
  } finally {
    delay.disable();
  }
}

const standIn = (): Promise<SlackStandIn> =>
  startSlackStandIn({ port: 0, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: [{ ...OPS }], users: [{ ...USER }], ackTimeoutMs: 120_000 });

/** A Bolt app that does nothing but ack and answer: what acks cost on this machine without Pulse. */
export async function loadBareBolt(options: { requests: number; concurrency: number }): Promise<LoadResult> {
  const slack = await standIn();
  const app = new App({ token: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, clientOptions: { slackApiUrl: slack.apiUrl }, logLevel: LogLevel.ERROR, deferInitialization: true });
  app.command('/fivetran', async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', text: 'ok' });
  });
  try {
    await app.init();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as Server;
    const { port } = server.address() as AddressInfo;
    const { ack, answer, delay } = await drive(`http://127.0.0.1:${port}/slack/events`, { ...options, text: 'status' });
    return { label: 'bare Bolt app', requests: options.requests, concurrency: options.concurrency, ackMs: latency(ack), answerMs: latency(answer), eventLoopDelayMs: delay, readings: null };
  } finally {
    await app.stop();
    await slack.close();
  }
}

/**
 * Pulse's own Slack app (Bolt over loopback HTTP, the Slack stand-in as its Web API) on a copy of
 * the dataset, answering `/fivetran status` as of `at` (its clock runs from there).
 */
export async function loadPulse(file: string, at: Date, options: { requests: number; concurrency: number; reuseSeconds: number }): Promise<LoadResult> {
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
    const monitor = await startMonitor(config, warehouse, logger, clock);
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
      const { ack, answer, delay } = await drive(url, { ...options, text: 'status' });
      const label = options.reuseSeconds > 0 ? `Pulse, readings reused for ${options.reuseSeconds} s` : 'Pulse, readings shared only while in flight';
      return { label, requests: options.requests, concurrency: options.concurrency, ackMs: latency(ack), answerMs: latency(answer), eventLoopDelayMs: delay, readings };
    } finally {
      await app.stop();
    }
  } finally {
    await slack.close();
    await warehouse.close();
    for (const leftover of [copy, `${copy}.wal`]) fs.rmSync(leftover, { force: true });
  }
}
