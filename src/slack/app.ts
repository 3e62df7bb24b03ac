import type { PendingSummary } from '../jobs/pendingDeliveries';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, LogLevel, type CustomRoute } from '@slack/bolt';
import type { Logger } from '../log/logger';
import { WEBHOOK_PATH, type WebhookReceiver } from '../live/webhookReceiver';
import { register as registerActions } from './listeners/actions';
import { register as registerCommands } from './listeners/commands';
import { register as registerEvents } from './listeners/events';
import { HomeTabs } from './homeTab';
import type { PulseServices } from '../jobs/services';
import { slackLogger } from '../jobs/webClientPoster';
import { OpsAccess } from './opsAccess';
import { stopAllWatches } from './watchSync';
import { createResponder } from './responseUrl';

export interface SlackConnection {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** The Web API's base URL, for a proxy or a stand-in (`…/api/`). */
  apiUrl?: string;
}

export interface PulseSlackApp {
  app: App;
  /** Authenticates with Slack (auth.test) and starts listening; resolves to the port bound. */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/** How long a warehouse round trip answers /readyz for. */
const READINESS_CACHE_MS = 60_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Bolt wiring only: listeners register themselves; /healthz says the process is alive (and how many
 * alert deliveries are pending, the oldest since how long), /readyz that the warehouse answers and
 * Slack accepted the token; POST /fivetran/webhook takes Fivetran's webhooks when live state has a
 * webhook secret. `host` narrows where HTTP is heard, e.g. 127.0.0.1 for the local preview; all
 * interfaces by default.
 */
export function createSlackApp(
  services: PulseServices,
  connection: SlackConnection,
  port: number,
  host?: string,
  deliveries?: { summary(now: Date): Promise<PendingSummary> },
  webhooks?: WebhookReceiver | null,
): PulseSlackApp {
  const { logger } = services;
  let slackReady = false;

  // Probes come every few seconds; asking the warehouse each time would cost credits for nothing.
  let lastPing: { at: number; result: Promise<void> } | null = null;
  const warehouseReachable = (): Promise<void> => {
    const now = Date.now();
    if (!lastPing || now - lastPing.at > READINESS_CACHE_MS) {
      lastPing = { at: now, result: services.monitor.warehouse.ping() };
      lastPing.result.catch(() => {
        lastPing = null;
      });
    }
    return lastPing.result;
  };

  const routes: CustomRoute[] = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        if (!deliveries) return json(res, 200, { status: 'ok' });
        // Alive even when the alert state cannot be read: the count is then unknown, said as null.
        deliveries.summary(services.clock()).then(
          (pendingDeliveries) => json(res, 200, { status: 'ok', pendingDeliveries }),
          () => json(res, 200, { status: 'ok', pendingDeliveries: null }),
        );
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        warehouseReachable().then(
          () => json(res, slackReady ? 200 : 503, { warehouse: 'ok', slack: slackReady ? 'ok' : 'not authenticated' }),
          (error: unknown) => json(res, 503, { warehouse: (error as Error).message, slack: slackReady ? 'ok' : 'not authenticated' }),
        );
      },
    },
  ];
  if (webhooks) routes.push({ path: WEBHOOK_PATH, method: ['POST'], handler: (req: IncomingMessage, res: ServerResponse) => webhooks.handle(req, res) });
  const clientOptions = { ...(connection.apiUrl ? { slackApiUrl: connection.apiUrl } : {}), retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 3000 } };
  const boltLogger = boltLoggerFrom(logger);

  const app = new App({
    token: connection.botToken,
    ...(connection.appToken
      ? { socketMode: true, appToken: connection.appToken, installerOptions: { port } }
      : { signingSecret: connection.signingSecret, port }),
    customRoutes: routes,
    clientOptions,
    logger: boltLogger,
    deferInitialization: true,
  });
  app.error(async (error) => {
    // Logged, never rethrown: a rethrow would turn an already acked request into a 500.
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  // One for the app: the ops user group's members are read once and shared by every press and command.
  const access = new OpsAccess(services.config.actions, logger);
  // Every answer to a command or a press goes to its response_url through this, not through fetch.
  const responder = createResponder(services.config.slack.callTimeoutSeconds * 1000);
  registerCommands(app, services, access, responder);
  registerActions(app, services, access, responder);
  // Home tabs follow incidents as they change, for those who opened theirs.
  const home = new HomeTabs(services, () => app.client);
  registerEvents(app, services, home);

  return {
    app,
    async start() {
      await app.init();
      const auth = await app.client.auth.test();
      slackReady = auth.ok === true;
      const server: unknown = await (host && !connection.appToken ? app.start({ port, host }) : app.start(port));
      const address = (server as { address?: () => unknown } | undefined)?.address?.();
      const bound = typeof address === 'object' && address !== null && 'port' in address ? Number((address as { port: number }).port) : port;
      logger.info({ port: bound, mode: connection.appToken ? 'socket' : 'http', team: auth.team, bot: auth.user }, 'Slack app started');
      return bound;
    },
    async stop() {
      stopAllWatches();
      home.close();
      await app.stop();
      responder.close();
    },
  };
}

function boltLoggerFrom(logger: Logger) {
  const base = slackLogger(logger);
  return { ...base, getLevel: () => LogLevel.WARN, setLevel: () => undefined };
}
