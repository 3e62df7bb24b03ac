import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PulseError } from '../../errors/pulseError';
import { sendJson } from '../standin/httpReply';
import { BodyTooLargeError, readRawBody } from '../standin/requestBody';
import { applyInput, connectionDetails, connectionItem, connectionState, decodeCursor, encodeCursor, newSyncId, type ConnectionState } from './connections';
import type {
  FivetranFault,
  FivetranStandInOptions,
  RecordedApiRequest,
  RecordedDelivery,
  RouteName,
  StandInClock,
  StandInConnectionInput,
  StandInWebhook,
  SyncOutcome,
} from './types';
import { DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_RETRY_DELAYS_MS, WEBHOOK_EVENTS, WebhookHub } from './webhooks';

const HOUR_MS = 3_600_000;

export const systemStandInClock: StandInClock = {
  now: () => Date.now(),
  schedule(ms, fire) {
    const timer = setTimeout(fire, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

export class FivetranStandInOptionsError extends PulseError<'PULSE_PREVIEW_OPTIONS'> {
  constructor(problems: string[]) {
    super('PULSE_PREVIEW_OPTIONS', `Fivetran stand-in options: ${problems.join('; ')}`);
    this.name = 'FivetranStandInOptionsError';
  }
}

/** A running stand-in: its address, and the controls a test or the preview drives it with. */
export interface FivetranStandIn {
  /** `http://127.0.0.1:<port>`: give it as FIVETRAN_API_URL (the API is under `/v1`). */
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;

  /** A connection as the API would answer it now (`GET /v1/connections/{id}`'s `data`); undefined when unknown. */
  connection(id: string): Record<string, unknown> | undefined;
  connectionIds(): string[];
  addConnections(inputs: StandInConnectionInput[]): void;
  /** Starts over with these connections: running syncs end without a word, faults and pending outcomes are dropped; webhooks stay. */
  resetConnections(inputs: StandInConnectionInput[]): void;
  /** Sets a connection's state (paused, setup state, tasks…) without an API call, webhook or count. */
  setConnection(id: string, patch: Partial<Omit<StandInConnectionInput, 'id'>>): void;

  /** Starts a sync as the scheduler would (sends `sync_start`); returns its sync_id. A running sync is returned as is. */
  startSync(id: string): string;
  /** Whether a sync runs now, with its id. */
  runningSync(id: string): { syncId: string; startedAt: number } | null;
  /** Ends the running sync (starting one first if none runs) with `outcome` (SUCCESSFUL unless given) and sends `sync_end`. */
  finishSync(id: string, outcome?: SyncOutcome): string;
  /** A failed sync: starts one if none runs and ends it FAILURE_WITH_TASK (a reconnect task, unless told otherwise). */
  failSync(id: string, failure?: { reason?: string; taskType?: string; status?: 'FAILURE' | 'FAILURE_WITH_TASK' }): string;
  /** Makes the running or next sync of `id` end with `outcome` when its time comes. */
  setNextOutcome(id: string, outcome: SyncOutcome): void;
  /** Sends an event as Fivetran would, to every webhook that wants it; fields left out are filled from the connection. */
  sendEvent(event: string, connectionId: string, extra?: Record<string, unknown>): void;

  inject(fault: FivetranFault): void;
  clearFaults(): void;
  /** Lets held requests through (see the `hold` fault); resolves once they were answered. */
  releaseHeld(): Promise<void>;
  /** How many requests are held now. */
  heldCount(): number;

  /** The account's budget: requests per hour, and how many are left in this hour. */
  setRateLimit(limit: { perHour?: number; remaining?: number }): void;
  rateLimitRemaining(): number;

  /** Every request, in order of arrival. */
  readonly requests: readonly RecordedApiRequest[];
  /** How many requests matched: a route name, or a method and a path (exact, or a pattern). */
  requestCount(filter?: { route?: RouteName; method?: string; path?: string | RegExp }): number;

  /** Registered webhooks, secrets included. */
  webhooks(): StandInWebhook[];
  /** Registers a webhook without the API or its test call (the local preview's own). */
  addWebhook(input: { url: string; secret: string; events?: string[]; groupId?: string | null; active?: boolean }): StandInWebhook;
  /** Every delivery attempt, retries and duplicates included. */
  readonly deliveries: readonly RecordedDelivery[];
  onDelivery(listener: (delivery: RecordedDelivery) => void): () => void;
  /** Keeps new deliveries back until {@link releaseDeliveries}. */
  holdDeliveries(): void;
  releaseDeliveries(order?: 'sent' | 'reverse'): void;
  /** The next `count` deliveries are each sent twice. */
  duplicateDeliveries(count: number): void;
  /** Resolves once no delivery is on its way (retries scheduled for later aside). */
  deliveriesSettled(): Promise<void>;

  close(): Promise<void>;
}

interface ActiveFault {
  fault: FivetranFault;
  left: number;
}

interface Held {
  run: () => Promise<void>;
  response: ServerResponse;
}

function checkOptions(options: FivetranStandInOptions): void {
  const problems: string[] = [];
  if (typeof options.apiKey !== 'string' || options.apiKey === '') problems.push('apiKey is required');
  if (typeof options.apiSecret !== 'string' || options.apiSecret === '') problems.push('apiSecret is required');
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) problems.push('port must be a whole number from 0 to 65535');
  const ids = new Set<string>();
  for (const connection of options.connections ?? []) {
    if (!connection.id || !connection.groupId || !connection.schema || !connection.service) problems.push('every connection needs an id, a groupId, a schema and a service');
    if (ids.has(connection.id)) problems.push(`connection id ${connection.id} appears twice`);
    ids.add(connection.id);
  }
  if (problems.length > 0) throw new FivetranStandInOptionsError(problems);
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const failure = (code: string, message: string) => ({ code, message });

/** `Basic base64(key:secret)` → [key, secret]; null when it is not HTTP Basic. */
function basicCredentials(header: string | undefined): [string, string] | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** Fivetran answers JSON, in version 1 or 2 of its shapes; anything else is 406. */
function acceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') return false;
    const version = params.find((param) => param.startsWith('version='))?.slice('version='.length);
    return version === undefined || version === '1' || version === '2';
  });
}

interface Route {
  name: RouteName;
  id?: string;
}

function routeOf(method: string, path: string): Route | null {
  if (path === '/v1/connections' || path === '/v1/connectors') return method === 'GET' ? { name: 'list' } : null;
  const one = /^\/v1\/(?:connections|connectors)\/([^/]+)$/.exec(path);
  if (one?.[1]) {
    const id = decodeURIComponent(one[1]);
    if (method === 'GET') return { name: 'get', id };
    if (method === 'PATCH') return { name: 'patch', id };
    return null;
  }
  const sync = /^\/v1\/(?:connections|connectors)\/([^/]+)\/sync$/.exec(path);
  if (sync?.[1] && method === 'POST') return { name: 'sync', id: decodeURIComponent(sync[1]) };
  if (path === '/v1/webhooks/account' && method === 'POST') return { name: 'createWebhook' };
  const group = /^\/v1\/webhooks\/group\/([^/]+)$/.exec(path);
  if (group?.[1] && method === 'POST') return { name: 'createWebhook', id: decodeURIComponent(group[1]) };
  return null;
}

/**
 * Starts a stand-in for Fivetran's REST API on 127.0.0.1: connections listed in pages, read, synced,
 * paused and resumed; webhooks registered (with their test call) and delivered signed, with
 * retries; HTTP Basic, Accept, rate limiting and Fivetran's known faults. See README.md beside it.
 */
export async function startFivetranStandIn(options: FivetranStandInOptions): Promise<FivetranStandIn> {
  checkOptions(options);
  const clock = options.clock ?? systemStandInClock;
  const connections = new Map<string, ConnectionState>();
  const addConnections = (inputs: StandInConnectionInput[]) => {
    for (const input of inputs) connections.set(input.id, connectionState(input, clock.now()));
  };
  addConnections(options.connections ?? []);
  const hub = new WebhookHub({
    clock,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.webhookTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS,
    signatureCase: options.signatureCase ?? 'lower',
    resolveUrl: options.resolveWebhookUrl ?? ((url) => url),
  });
  const requests: RecordedApiRequest[] = [];
  let faults: ActiveFault[] = [];
  let held: Held[] = [];
  const budget = { perHour: options.rateLimitPerHour ?? 20_000, remaining: options.rateLimitPerHour ?? 20_000, windowStart: null as number | null };
  const pending = new Set<() => void>();
  const lastPage = options.lastPage ?? 'missing';
  const legacyNaming = options.payloadNaming === 'legacy';

  const find = (id: string): ConnectionState => {
    const state = connections.get(id);
    if (!state) throw new Error(`the Fivetran stand-in has no connection ${id}`);
    return state;
  };

  function payloadFor(state: ConnectionState, event: string, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      event,
      created: new Date(clock.now()).toISOString(),
      connector_type: state.service,
      connector_id: state.id,
      connector_name: state.schema,
      ...(legacyNaming ? { group_id: state.groupId } : { destination_group_id: state.groupId }),
      ...extra,
    };
  }

  function sendEvent(event: string, connectionId: string, extra: Record<string, unknown> = {}): void {
    const state = find(connectionId);
    hub.publish(payloadFor(state, event, extra), state.groupId);
  }

  /** Ends the sync running on `state` and sends `sync_end`; returns its sync_id. */
  function endSync(state: ConnectionState, given?: SyncOutcome): string {
    const current = state.running;
    if (!current) throw new Error(`no sync runs on ${state.id}`);
    current.cancelEnd?.();
    const outcome = given ?? current.outcome ?? { status: 'SUCCESSFUL' };
    state.running = null;
    const at = new Date(clock.now()).toISOString();
    if (outcome.status === 'SUCCESSFUL') {
      state.succeededAt = at;
      state.tasks = [];
    } else if (outcome.status === 'FAILURE' || outcome.status === 'FAILURE_WITH_TASK') {
      state.failedAt = at;
      if (outcome.status === 'FAILURE_WITH_TASK') {
        state.tasks = [{ code: outcome.taskType ?? 'reconnect', message: outcome.reason ?? 'The connection needs attention' }];
      }
    }
    state.syncState = state.paused ? 'paused' : outcome.status === 'RESCHEDULED' ? 'rescheduled' : 'scheduled';
    const data: Record<string, unknown> = { status: outcome.status };
    if (outcome.reason !== undefined) data.reason = outcome.reason;
    if (outcome.taskType !== undefined) data.taskType = outcome.taskType;
    hub.publish(payloadFor(state, 'sync_end', { sync_id: current.syncId, data }), state.groupId);
    return current.syncId;
  }

  /** Starts a sync on `state` (none may be running); returns its id. */
  function beginSync(state: ConnectionState, outcome: SyncOutcome | null): string {
    const syncId = newSyncId();
    const running: NonNullable<ConnectionState['running']> = { syncId, startedAt: clock.now(), cancelEnd: null, outcome };
    state.running = running;
    state.syncState = 'syncing';
    if (options.syncDurationMs !== undefined && options.syncDurationMs !== null) {
      const cancel = clock.schedule(options.syncDurationMs, () => {
        pending.delete(cancel);
        if (state.running === running) endSync(state);
      });
      pending.add(cancel);
      running.cancelEnd = () => {
        cancel();
        pending.delete(cancel);
      };
    }
    hub.publish(payloadFor(state, 'sync_start', { sync_id: syncId }), state.groupId);
    return syncId;
  }

  const nextOutcomes = new Map<string, SyncOutcome>();
  function startSync(id: string): string {
    const state = find(id);
    if (state.running) return state.running.syncId;
    const outcome = nextOutcomes.get(id) ?? null;
    nextOutcomes.delete(id);
    return beginSync(state, outcome);
  }

  function takeFault(route: RouteName, predicate: (fault: FivetranFault) => boolean = () => true): FivetranFault | null {
    const active = faults.find((entry) => predicate(entry.fault) && ('route' in entry.fault && entry.fault.route !== undefined && entry.fault.route !== 'any' ? entry.fault.route === route : true));
    if (!active) return null;
    active.left -= 1;
    if (active.left <= 0) faults = faults.filter((entry) => entry !== active);
    return active.fault;
  }

  /** Counts a request against the hour's budget; false when none is left. */
  function spend(): boolean {
    const now = clock.now();
    if (budget.windowStart === null || now - budget.windowStart >= HOUR_MS) {
      budget.windowStart = now;
      budget.remaining = budget.perHour;
    }
    if (budget.remaining <= 0) return false;
    budget.remaining -= 1;
    return true;
  }

  const rateHeaders = () => ({ 'x-rate-limit': String(budget.perHour), 'x-rate-limit-remaining': String(Math.max(0, budget.remaining)) });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsedUrl = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const route = routeOf(method, parsedUrl.pathname);
    const record: RecordedApiRequest = {
      method,
      path: parsedUrl.pathname,
      query: Object.fromEntries(parsedUrl.searchParams),
      route: route?.name ?? null,
      accept: request.headers.accept ?? null,
      status: 0,
      at: clock.now(),
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(response, status, body, { ...rateHeaders(), ...headers });
    };

    let raw: string;
    try {
      raw = await readRawBody(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reply(413, failure('PayloadTooLarge', 'The request body is too large'));
      throw error;
    }
    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials || credentials[0] !== options.apiKey || credentials[1] !== options.apiSecret) {
      return reply(401, failure('AuthFailed', 'Authentication failed: the API key or secret is not valid'));
    }
    if (!acceptable(request.headers.accept)) {
      return reply(406, failure('NotAcceptable', 'Use Accept: application/json or Accept: application/json;version=2'));
    }
    if (!route) return reply(404, failure('NotFound', `No route for ${method} ${parsedUrl.pathname}`));
    if (!spend()) {
      const retryAfter = Math.max(1, Math.ceil(((budget.windowStart ?? clock.now()) + HOUR_MS - clock.now()) / 1000));
      return reply(429, failure('TooManyRequests', 'Too many requests: the account has used its hourly budget'), { 'retry-after': String(retryAfter) });
    }

    const status = takeFault(route.name, (fault) => fault.kind === 'status');
    if (status?.kind === 'status') {
      const headers: Record<string, string> = status.status === 429 ? { 'retry-after': String(status.retryAfterSeconds ?? 1) } : {};
      const code = status.code ?? (status.status === 429 ? 'TooManyRequests' : status.status >= 500 ? 'InternalServerError' : 'BadRequest');
      return reply(status.status, failure(code, status.message ?? `Injected failure ${status.status}`), headers);
    }

    let body: Record<string, unknown> = {};
    if (raw.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return reply(400, failure('InvalidInput', 'The request body is not a JSON object'));
      }
    }

    const run = () => answer(route, parsedUrl.searchParams, body, reply, response, record);
    const hold = takeFault(route.name, (fault) => fault.kind === 'hold');
    if (hold) {
      held.push({ run, response });
      return;
    }
    const drop = takeFault(route.name, (fault) => fault.kind === 'drop');
    if (drop?.kind === 'drop') {
      if (drop.carriedOut !== false) await answer(route, parsedUrl.searchParams, body, () => undefined, response, record);
      record.status = 0;
      request.socket.destroy();
      return;
    }
    await run();
  }

  async function answer(
    route: Route,
    query: URLSearchParams,
    body: Record<string, unknown>,
    reply: (status: number, body: unknown, headers?: Record<string, string>) => void,
    response: ServerResponse,
    record: RecordedApiRequest,
  ): Promise<void> {
    switch (route.name) {
      case 'list': {
        const rawLimit = query.get('limit');
        const limit = rawLimit === null ? 100 : Number(rawLimit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return reply(400, failure('InvalidInput', 'limit must be a whole number from 1 to 1000'));
        let rows = [...connections.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const groupId = query.get('group_id');
        const schema = query.get('schema');
        if (groupId) rows = rows.filter((row) => row.groupId === groupId);
        if (schema) rows = rows.filter((row) => row.schema === schema);
        const cursor = query.get('cursor');
        if (cursor) {
          const after = decodeCursor(cursor);
          if (after === null) return reply(400, failure('InvalidInput', 'cursor is not valid'));
          rows = rows.filter((row) => row.id > after);
        }
        const page = rows.slice(0, limit);
        const more = rows.length > limit;
        const data: Record<string, unknown> = { items: page.map(connectionItem) };
        const last = page[page.length - 1];
        if (more && last) data.next_cursor = encodeCursor(last.id);
        else if (lastPage === 'empty') data.next_cursor = '';
        else if (lastPage === 'null') data.next_cursor = null;
        return reply(200, { code: 'Success', data });
      }
      case 'get': {
        const state = connections.get(route.id ?? '');
        if (!state) return reply(404, notFound(route.id));
        return reply(200, { code: 'Success', data: connectionDetails(state) });
      }
      case 'sync': {
        const state = connections.get(route.id ?? '');
        if (!state) return reply(404, notFound(route.id));
        if (state.paused) return reply(409, failure('Conflict', `Connection with id '${state.id}' is paused; resume it before syncing`));
        if (body.force === true && state.running) endSync(state, { status: 'CANCELED' });
        startSync(state.id);
        return reply(200, { code: 'Success', message: `Sync has been successfully triggered for connection with id '${state.id}'` });
      }
      case 'patch': {
        const state = connections.get(route.id ?? '');
        if (!state) return reply(404, notFound(route.id));
        if (body.paused !== undefined && typeof body.paused !== 'boolean') return reply(400, failure('InvalidInput', 'paused must be true or false'));
        if (typeof body.paused === 'boolean' && body.paused !== state.paused) {
          state.paused = body.paused;
          if (body.paused) {
            state.running?.cancelEnd?.();
            state.running = null;
          }
          state.syncState = body.paused ? 'paused' : 'scheduled';
          sendEvent(body.paused ? 'pause_connector' : 'resume_connector', state.id);
        }
        const fault = typeof body.paused === 'boolean' ? takeFault('patch', (candidate) => candidate.kind === 'pauseThen500') : null;
        if (fault?.kind === 'pauseThen500') {
          // Fivetran carried the change out, but its answer is a 500 that comes late (about a minute).
          await new Promise<void>((resolve) => {
            const cancel = clock.schedule(fault.delayMs ?? 0, () => {
              pending.delete(cancel);
              resolve();
            });
            pending.add(() => {
              cancel();
              resolve();
            });
          });
          if (response.destroyed) {
            record.status = 0;
            return;
          }
          return reply(500, failure('InternalServerError', 'Request failed with status code 500'));
        }
        return reply(200, { code: 'Success', message: 'Connection has been updated', data: connectionDetails(state) });
      }
      case 'createWebhook': {
        const url = body.url;
        const events = body.events;
        const secret = body.secret;
        if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return reply(400, failure('InvalidInput', 'url must be an https URL'));
        if (!url.startsWith('https://') && !options.allowHttpWebhooks) return reply(400, failure('InvalidInput', 'url must be an https URL'));
        if (!Array.isArray(events) || events.length === 0 || !events.every((event) => typeof event === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(event))) {
          return reply(400, failure('InvalidInput', `events must be a list of: ${WEBHOOK_EVENTS.join(', ')}`));
        }
        if (secret !== undefined && typeof secret !== 'string') return reply(400, failure('InvalidInput', 'secret must be a string'));
        const groupId = route.id ?? null;
        if (groupId !== null && ![...connections.values()].some((state) => state.groupId === groupId)) {
          return reply(404, failure('NotFound_Group', `Group with id '${groupId}' does not exist.`));
        }
        const active = body.active !== false;
        if (active) {
          const test = await hub.testCall(url, secret ?? '');
          if (test.status === null || test.status < 200 || test.status >= 300) {
            const why = test.status === null ? `could not be reached (${test.error ?? 'no answer'})` : `answered ${test.status}`;
            return reply(400, failure('WebhookTestFailed', `Test event delivery failed: ${url} ${why}`));
          }
        }
        const hook = hub.add({ type: groupId === null ? 'account' : 'group', groupId, url, events: events as string[], active, secret: secret ?? '' });
        return reply(201, {
          code: 'Success',
          message: 'Webhook has been created',
          data: { id: hook.id, type: hook.type, ...(groupId ? { group_id: groupId } : {}), url: hook.url, events: hook.events, active: hook.active, secret: '******', created_at: hook.createdAt, created_by: 'concerning_batch' },
        });
      }
      default:
        return reply(404, failure('NotFound', 'No such route'));
    }
  }

  const notFound = (id: string | undefined) => failure('NotFound_Connector', `Connector with id '${id ?? ''}' does not exist.`);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, failure('InternalServerError', (error as Error).message));
    });
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    connection: (id) => {
      const state = connections.get(id);
      return state ? connectionDetails(state) : undefined;
    },
    connectionIds: () => [...connections.keys()],
    addConnections,
    resetConnections: (inputs) => {
      for (const state of connections.values()) state.running?.cancelEnd?.();
      connections.clear();
      nextOutcomes.clear();
      faults = [];
      addConnections(inputs);
    },
    setConnection: (id, patch) => applyInput(find(id), patch),
    startSync,
    runningSync: (id) => {
      const running = find(id).running;
      return running ? { syncId: running.syncId, startedAt: running.startedAt } : null;
    },
    finishSync: (id, outcome) => {
      const state = find(id);
      if (!state.running) startSync(id);
      return endSync(state, outcome);
    },
    failSync: (id, given = {}) => {
      const state = find(id);
      if (!state.running) startSync(id);
      const status = given.status ?? 'FAILURE_WITH_TASK';
      const reason = given.reason ?? 'java.lang.RuntimeException: The source rejected the credentials (401 Unauthorized)';
      return endSync(state, status === 'FAILURE' ? { status, reason } : { status, reason, taskType: given.taskType ?? 'reconnect' });
    },
    setNextOutcome: (id, outcome) => {
      const state = find(id);
      if (state.running) state.running.outcome = outcome;
      else nextOutcomes.set(id, outcome);
    },
    sendEvent,
    inject: (fault) => {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    clearFaults: () => {
      faults = [];
    },
    releaseHeld: async () => {
      const waiting = held;
      held = [];
      await Promise.all(waiting.map((entry) => (entry.response.destroyed ? Promise.resolve() : entry.run())));
    },
    heldCount: () => held.length,
    setRateLimit: (limit) => {
      if (budget.windowStart === null) budget.windowStart = clock.now();
      if (limit.perHour !== undefined) {
        budget.perHour = limit.perHour;
        budget.remaining = Math.min(budget.remaining, limit.perHour);
      }
      if (limit.remaining !== undefined) budget.remaining = limit.remaining;
    },
    rateLimitRemaining: () => budget.remaining,
    requests,
    requestCount: (filter = {}) =>
      requests.filter((request) => {
        if (filter.route !== undefined && request.route !== filter.route) return false;
        if (filter.method !== undefined && request.method !== filter.method.toUpperCase()) return false;
        if (filter.path !== undefined && !(typeof filter.path === 'string' ? request.path === filter.path : filter.path.test(request.path))) return false;
        return true;
      }).length,
    webhooks: () => hub.hooks.map((hook) => ({ ...hook, events: [...hook.events] })),
    addWebhook: (input) =>
      hub.add({
        type: input.groupId ? 'group' : 'account',
        groupId: input.groupId ?? null,
        url: input.url,
        events: input.events ?? ['sync_start', 'sync_end', 'pause_connector', 'resume_connector'],
        active: input.active ?? true,
        secret: input.secret,
      }),
    deliveries: hub.deliveries,
    onDelivery: (listener) => hub.onDelivery(listener),
    holdDeliveries: () => hub.hold(),
    releaseDeliveries: (order) => hub.release(order),
    duplicateDeliveries: (count) => hub.duplicateNext(count),
    deliveriesSettled: () => hub.settled(),
    close: async () => {
      hub.close();
      for (const cancel of [...pending]) cancel();
      pending.clear();
      for (const entry of held) entry.response.destroy();
      held = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
