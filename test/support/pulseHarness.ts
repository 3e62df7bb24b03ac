import { loadConfig } from '../../src/config/loadConfig';
import { createLogger, type Logger } from '../../src/log/logger';
import { startSlackStandIn, type RecordedResponse, type SlackStandIn } from '../../src/preview/standin';
import { startMonitor } from '../../src/jobs/monitor';
import { openWarehouse } from '../../src/jobs/openWarehouse';
import { startServices, type PulseServices } from '../../src/jobs/services';
import { createSlackApp, type PulseSlackApp } from '../../src/slack/app';
import { createPulseJobs, type PulseJobs } from '../../src/jobs/pulseJobs';
import { createPostingClient, webClientPoster } from '../../src/jobs/webClientPoster';
import { startLive, type Live, type LiveSettings } from '../../src/jobs/live';
import { LiveState } from '../../src/live/liveState';
import { countingWarehouse } from './countingWarehouse';
import { eventually } from './eventually';
import { faultyWarehouse } from './faultyWarehouse';
import { manualClock, type ManualClock } from './manualClock';

export const SIGNING_SECRET = 'harness-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-harness-token';
export const APP_TOKEN = 'xapp-harness-token';

/** The demo's channels: the ops channel, three tenants' own channels, and one that belongs to nobody. */
export const CHANNELS = {
  ops: { id: 'C0OPS', name: 'fivetran-ops' },
  acme: { id: 'C0ACME', name: 'acme-data' },
  acmeEu: { id: 'C0ACMEEU', name: 'acme-eu-data' },
  globex: { id: 'C0GLOBEX', name: 'globex-data' },
  random: { id: 'C0RANDOM', name: 'random' },
} as const;

export const USERS = {
  ops: { id: 'U0OPS', name: 'olivia.ops' },
  acme: { id: 'U0ACME', name: 'andy.acme' },
  /** In no ops list or group, whatever a test configures. */
  stranger: { id: 'U0STRANGER', name: 'sam.stranger' },
} as const;

export interface Harness {
  standIn: SlackStandIn;
  services: PulseServices;
  jobs: PulseJobs;
  slack: PulseSlackApp;
  /** Switch it off to see what Pulse does when the warehouse is down. */
  warehouse: ReturnType<typeof faultyWarehouse>;
  /** Every statement Pulse sent to the warehouse, with its tag, to measure what an action costs. */
  statements: Array<{ sql: string; tag: string | undefined }>;
  clock: { now: Date };
  /**
   * Where the warehouse's deadlines read time. It stands still unless the test moves it, so no
   * statement ever misses its deadline because the machine is slow.
   */
  deadlines: ManualClock;
  /** Where the app answers HTTP: /slack/events, /healthz, /readyz, and /fivetran/webhook when live. */
  port: number;
  /** Live state, when the harness was started with `live`. */
  live: { state: LiveState; running: Live } | null;
  /** Sends `/fivetran <text>` from a channel and waits for the answer posted to its response_url. */
  command(text: string, channel?: { id: string; name: string }, userId?: string): Promise<{ status: number; answer: RecordedResponse }>;
  stop(): Promise<void>;
}

/**
 * The real Pulse Slack app (Bolt over loopback HTTP, or Socket Mode) against the Slack stand-in,
 * on a real DuckDB demo file, with the clock pinned so judgments are reproducible.
 */
export async function startHarness(options: {
  duckdbPath: string;
  now: Date;
  env?: Record<string, string>;
  socketMode?: boolean;
  logger?: Logger;
  /** How long `command` waits for an answer before it fails; longer for a large account. */
  answerLimitMs?: number;
  /** Live state from Fivetran's API (and webhooks, with a secret), as configured live would run it. */
  live?: LiveSettings;
}): Promise<Harness> {
  // The clock stands still here, so a kept judgment would never age: tests change the data between
  // two requests at one instant, and read anew unless they ask for reuse (JUDGMENT_REUSE_SECONDS).
  const config = loadConfig({ DUCKDB_PATH: options.duckdbPath, LOG_LEVEL: 'silent', SLACK_OPS_CHANNEL: CHANNELS.ops.name, ALERT_GROUP_THRESHOLD: '5', JUDGMENT_REUSE_SECONDS: '0', ...options.env });
  const logger = options.logger ?? createLogger({ level: 'silent', format: 'json' });
  const clock = { now: options.now };
  const deadlines = manualClock();
  const counted = countingWarehouse(await openWarehouse(config, logger, { clock: deadlines }));
  const warehouse = faultyWarehouse(counted);
  const liveState = options.live ? new LiveState() : undefined;
  const services = await startServices(config, await startMonitor(config, warehouse, logger, () => clock.now, liveState ? { live: liveState } : {}), logger, () => clock.now);
  const standIn = await startSlackStandIn({
    port: 0,
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    ...(options.socketMode ? { appToken: APP_TOKEN } : {}),
    channels: Object.values(CHANNELS).map((c) => ({ ...c })),
    users: Object.values(USERS).map((u) => ({ ...u })),
    // Pulse acknowledges before it works, but a busy machine may take more than Slack's 3 s to get
    // there; no test here is about that, so none may fail because of it.
    ackTimeoutMs: 60_000,
  });
  const jobs = createPulseJobs(services, webClientPoster(createPostingClient(BOT_TOKEN, standIn.apiUrl, logger, config.slack.callTimeoutSeconds), { callTimeoutSeconds: config.slack.callTimeoutSeconds, clock: deadlines }), { sleep: async () => undefined, minIntervalMs: 0 });
  const live = options.live && liveState ? { state: liveState, running: startLive(options.live, liveState, jobs, logger) } : null;
  const slack = createSlackApp(services, { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: standIn.apiUrl, ...(options.socketMode ? { appToken: APP_TOKEN } : {}) }, 0, undefined, jobs.pendingDeliveries, live?.running.webhooks);
  const port = await slack.start();
  if (!options.socketMode) standIn.setAppRequestUrl(`http://127.0.0.1:${port}/slack/events`);
  else await eventually(() => standIn.isSocketConnected(), undefined, 'the Socket Mode connection');

  return {
    standIn,
    services,
    jobs,
    slack,
    warehouse,
    statements: counted.statements,
    clock,
    deadlines,
    port,
    live,
    async command(text, channel = CHANNELS.ops, userId = 'U0OPS') {
      const before = standIn.responses.length;
      const delivery = await standIn.slashCommand({ command: '/fivetran', text, channelId: channel.id, userId });
      const answer = await eventually(() => standIn.responses[before], options.answerLimitMs, `the answer to /fivetran ${text}`);
      return { status: delivery.status, answer };
    },
    async stop() {
      await live?.running.stop();
      await slack.stop();
      await standIn.close();
      await warehouse.close();
    },
  };
}
