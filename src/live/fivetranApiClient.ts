import type { Logger } from '../log/logger';
import { Deadline, formatSeconds, systemClock, type Clock } from '../warehouse/deadline';
import { ApiBudget } from './apiBudget';
import { codeForStatus, FivetranApiError } from './fivetranApiError';
import { normalizeConnection } from './normalizeConnection';
import type { FivetranApi, LiveConnection } from './types';

export interface FivetranApiClientOptions {
  /** The API's origin, `https://api.fivetran.com` (FIVETRAN_API_URL); `/v1` is added here. */
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The most of the account's hourly budget Pulse may use (FIVETRAN_API_BUDGET_SHARE). */
  budgetShare: number;
  /** Where deadlines, back-offs and the budget read time; the system clock unless a test moves one. */
  clock?: Clock;
  /** How the client waits (a Retry-After, a back-off, room in the budget); on the clock unless given. */
  sleep?: (ms: number) => Promise<void>;
  /** The deadline of each HTTP call; 30 s unless given. */
  callTimeoutMs?: number;
  /** Attempts of a read (GET) facing server errors, time-outs or an unreachable API; 4 unless given. */
  readAttempts?: number;
  /** The longest wait (Retry-After, or for room in Pulse's share) the client sits out; beyond it the call fails. 120 s unless given. */
  maxWaitMs?: number;
  /** Connections a page (1..1000); 1,000 unless given. */
  pageSize?: number;
  logger?: Pick<Logger, 'warn' | 'debug'>;
}

type Attempt =
  | { kind: 'answer'; status: number; body: Record<string, unknown>; headers: Headers }
  | { kind: 'timeout' }
  /** No answer: `sent` says whether the request may have reached Fivetran. */
  | { kind: 'unreachable'; sent: boolean; reason: string };

/** Errors of Node's fetch (undici) that mean the request never left: nothing was carried out. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 16_000];
/** 429s one call sits out before it gives up: Fivetran keeps refusing, so the next poll may try. */
const MAX_RATE_LIMIT_WAITS = 5;
const MAX_PAGES = 10_000;

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const fivetranWords = (body: Record<string, unknown>) => ({
  code: typeof body.code === 'string' ? body.code : null,
  message: typeof body.message === 'string' ? body.message : null,
});

/**
 * Pulse's client of Fivetran's REST API, over fetch: HTTP Basic, version 2 answers, pages of
 * 1,000, within Pulse's share of the account's hourly budget. Reads are retried (Retry-After on a
 * 429, a back-off on a 5xx or no answer); a sync is never sent twice by itself; a pause or resume
 * whose answer is a 5xx or none is settled by reading the connection back, never by sending it again
 * when it took.
 */
export class FivetranApiClient implements FivetranApi {
  private readonly base: string;
  private readonly authorization: string;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly callTimeoutMs: number;
  private readonly readAttempts: number;
  private readonly maxWaitMs: number;
  private readonly pageSize: number;
  private readonly budget: ApiBudget;
  private readonly logger: Pick<Logger, 'warn' | 'debug'> | null;

  constructor(options: FivetranApiClientOptions) {
    this.base = `${options.apiUrl.replace(/\/+$/, '')}/v1`;
    // Kept only in this header, which is never logged.
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`, 'utf8').toString('base64')}`;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => this.clock.schedule(ms, resolve)));
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.readAttempts = Math.max(1, options.readAttempts ?? 4);
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.budget = new ApiBudget(options.budgetShare);
    this.logger = options.logger ?? null;
  }

  /** How the account's hourly budget stands, as the last answer's X-Rate-Limit headers said, and Pulse's part of it. */
  budgetStatus(): ReturnType<ApiBudget['status']> {
    return this.budget.status(this.clock.now());
  }

  async listConnections(): Promise<LiveConnection[]> {
    const connections: LiveConnection[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams({ limit: String(this.pageSize) });
      if (cursor !== null) query.set('cursor', cursor);
      const body = await this.read(`/connections?${query.toString()}`, 'list the connections');
      const data = (body.data ?? {}) as { items?: unknown; next_cursor?: unknown };
      const observedAt = new Date(this.clock.now()).toISOString();
      for (const item of Array.isArray(data.items) ? data.items : []) {
        const connection = normalizeConnection(item, observedAt);
        if (connection) connections.push(connection);
      }
      // The last page has no next_cursor, or an empty one: both are seen in the wild.
      const next = typeof data.next_cursor === 'string' && data.next_cursor !== '' ? data.next_cursor : null;
      if (next === null) return connections;
      if (seen.has(next)) throw new FivetranApiError('PULSE_FIVETRAN_REFUSED', 'Fivetran gave the same page of connections twice; the list was not finished');
      seen.add(next);
      cursor = next;
    }
    throw new FivetranApiError('PULSE_FIVETRAN_REFUSED', `Fivetran's list of connections did not end after ${MAX_PAGES} pages`);
  }

  async getConnection(connectionId: string): Promise<LiveConnection> {
    const body = await this.read(`/connections/${encodeURIComponent(connectionId)}`, `read connection ${connectionId}`);
    const connection = normalizeConnection(body.data, new Date(this.clock.now()).toISOString());
    if (!connection) throw new FivetranApiError('PULSE_FIVETRAN_REFUSED', `Fivetran's answer about connection ${connectionId} had no connection in it`);
    return connection;
  }

  async syncNow(connectionId: string): Promise<void> {
    // Never sent again by itself: a second sync request on an unknown outcome could start a second sync.
    await this.write('POST', `/connections/${encodeURIComponent(connectionId)}/sync`, { force: false }, `start a sync of ${connectionId}`);
  }

  async setPaused(connectionId: string, paused: boolean): Promise<LiveConnection> {
    const what = `${paused ? 'pause' : 'resume'} ${connectionId}`;
    const path = `/connections/${encodeURIComponent(connectionId)}`;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const body = await this.write('PATCH', path, { paused }, what);
        const connection = normalizeConnection(body.data, new Date(this.clock.now()).toISOString());
        return connection ?? (await this.getConnection(connectionId));
      } catch (error) {
        if (!(error instanceof FivetranApiError) || error.code !== 'PULSE_FIVETRAN_OUTCOME_UNKNOWN') throw error;
        // Fivetran's known fault: a pause can take a minute and answer 500 although it took. Its
        // advice: read the connection, and send the change again only if it did not take.
        let now: LiveConnection;
        try {
          now = await this.getConnection(connectionId);
        } catch (readError) {
          throw new FivetranApiError('PULSE_FIVETRAN_OUTCOME_UNKNOWN', `${error.message}; reading the connection back failed too (${(readError as Error).message})`, { status: error.status, cause: readError });
        }
        if (now.paused === paused) {
          this.logger?.warn({ connectionId, paused, status: error.status }, `Fivetran gave no clear answer to ${what}, but the connection shows it took`);
          return now;
        }
        if (attempt >= 2) {
          throw new FivetranApiError('PULSE_FIVETRAN_OUTCOME_UNKNOWN', `Fivetran did not confirm the request to ${what}, and the connection is still ${now.paused ? 'paused' : 'not paused'}`, { status: error.status, cause: error });
        }
        this.logger?.warn({ connectionId, paused, status: error.status }, `Fivetran gave no clear answer to ${what} and the connection shows it did not take; asking once more`);
        await this.sleep(BACKOFF_MS[0] ?? 1_000);
      }
    }
  }

  async createAccountWebhook(url: string, secret: string, events: string[]): Promise<{ id: string }> {
    const body = await this.write('POST', '/webhooks/account', { url, events, active: true, secret }, 'register the webhook');
    const data = (body.data ?? {}) as { id?: unknown };
    if (typeof data.id !== 'string') throw new FivetranApiError('PULSE_FIVETRAN_REFUSED', "Fivetran's answer to registering the webhook had no webhook id in it");
    return { id: data.id };
  }

  /** A GET, tried again on a 429 (after Retry-After), a 5xx or no answer (after a back-off). */
  private async read(path: string, what: string): Promise<Record<string, unknown>> {
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      const result = await this.attempt('GET', path, undefined);
      if (result.kind === 'answer') {
        if (result.status >= 200 && result.status < 300) return result.body;
        if (result.status === 429) {
          await this.waitOutRateLimit(result, what, (rateLimited += 1));
          continue;
        }
        if (result.status < 500) throw this.refusal(result, what);
      }
      failures += 1;
      if (failures >= this.readAttempts) throw this.noAnswer(result, what, false);
      const backoff = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)] ?? 1_000;
      this.logger?.warn({ method: 'GET', path, attempt: failures, backoffMs: backoff, status: result.kind === 'answer' ? result.status : null, reason: result.kind }, `Fivetran's API did not answer a read; trying again`);
      await this.sleep(backoff);
    }
  }

  /** A call that changes something: waits out a 429 (nothing was done), never repeats one whose outcome is unknown. */
  private async write(method: 'POST' | 'PATCH', path: string, payload: unknown, what: string): Promise<Record<string, unknown>> {
    let rateLimited = 0;
    for (;;) {
      const result = await this.attempt(method, path, payload);
      if (result.kind === 'answer') {
        if (result.status >= 200 && result.status < 300) return result.body;
        if (result.status === 429) {
          await this.waitOutRateLimit(result, what, (rateLimited += 1));
          continue;
        }
        if (result.status < 500) throw this.refusal(result, what);
      }
      if (result.kind === 'unreachable' && !result.sent) throw this.noAnswer(result, what, false);
      throw this.noAnswer(result, what, true);
    }
  }

  private async waitOutRateLimit(result: Extract<Attempt, { kind: 'answer' }>, what: string, times: number): Promise<void> {
    const wait = retryAfterMs(result.headers.get('retry-after'), this.clock.now()) ?? BACKOFF_MS[0] ?? 1_000;
    const details = { status: 429, fivetranCode: fivetranWords(result.body).code };
    if (wait > this.maxWaitMs) {
      throw new FivetranApiError('PULSE_FIVETRAN_RATE_LIMITED', `Fivetran's rate limit did not allow Pulse to ${what}: it asked to wait ${formatSeconds(wait)} s`, details);
    }
    if (times > MAX_RATE_LIMIT_WAITS) {
      throw new FivetranApiError('PULSE_FIVETRAN_RATE_LIMITED', `Fivetran's rate limit did not allow Pulse to ${what}: it refused ${MAX_RATE_LIMIT_WAITS + 1} times in a row`, details);
    }
    this.logger?.warn({ waitMs: wait }, `Fivetran's rate limit: waiting ${formatSeconds(wait)} s as it asked before trying to ${what} again`);
    await this.sleep(wait);
  }

  private refusal(result: Extract<Attempt, { kind: 'answer' }>, what: string): FivetranApiError {
    const words = fivetranWords(result.body);
    const said = words.message ?? words.code ?? 'no reason given';
    const code = codeForStatus(result.status);
    const advice =
      code === 'PULSE_FIVETRAN_AUTH'
        ? result.status === 401
          ? ': check FIVETRAN_API_KEY and FIVETRAN_API_SECRET'
          : ": the API key's permissions do not allow it"
        : '';
    const prefix = code === 'PULSE_FIVETRAN_AUTH' ? `Fivetran refused the API key when asked to ${what}` : `Fivetran refused to ${what}`;
    return new FivetranApiError(code, `${prefix} (${result.status}: ${said})${advice}`, { status: result.status, fivetranCode: words.code });
  }

  private noAnswer(result: Attempt, what: string, changes: boolean): FivetranApiError {
    const status = result.kind === 'answer' ? result.status : null;
    const why =
      result.kind === 'answer'
        ? `it answered ${result.status}${fivetranWords(result.body).message ? ` (${fivetranWords(result.body).message})` : ''}`
        : result.kind === 'timeout'
          ? `it did not answer within ${formatSeconds(this.callTimeoutMs)} s`
          : `it could not be reached (${result.reason})`;
    if (changes) {
      return new FivetranApiError('PULSE_FIVETRAN_OUTCOME_UNKNOWN', `Pulse asked Fivetran to ${what}, but ${why}: it may or may not have been done`, { status });
    }
    const code = result.kind === 'timeout' ? 'PULSE_FIVETRAN_TIMEOUT' : 'PULSE_FIVETRAN_UNREACHABLE';
    return new FivetranApiError(code, `Pulse could not ${what}: Fivetran's API ${why.replace(/^it /, '')}`, { status });
  }

  /** One HTTP call within Pulse's share of the budget, under its own deadline. */
  private async attempt(method: string, path: string, payload: unknown): Promise<Attempt> {
    const wait = this.budget.waitBefore(this.clock.now());
    if (wait > 0) {
      if (wait > this.maxWaitMs) {
        throw new FivetranApiError('PULSE_FIVETRAN_RATE_LIMITED', `Pulse has used its share of Fivetran's API budget (${this.budget.allowance()} calls an hour, FIVETRAN_API_BUDGET_SHARE); room for the next call in ${formatSeconds(wait)} s`);
      }
      this.logger?.debug({ waitMs: wait }, "waiting for room in Pulse's share of Fivetran's API budget");
      await this.sleep(wait);
    }
    this.budget.spend(this.clock.now());
    const deadline = new Deadline(this.callTimeoutMs, this.clock);
    const controller = new AbortController();
    const cancel = deadline.onPass(() => controller.abort());
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json;version=2',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: controller.signal,
      });
      const text = await response.text();
      this.budget.observe(response.headers.get('x-rate-limit'), response.headers.get('x-rate-limit-remaining'));
      let body: Record<string, unknown> = {};
      try {
        const parsed: unknown = text === '' ? {} : JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        body = { message: text.slice(0, 200) };
      }
      return { kind: 'answer', status: response.status, body, headers: response.headers };
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'timeout' };
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      const reason = typeof code === 'string' ? code : (error as Error).message;
      return { kind: 'unreachable', sent: !(typeof code === 'string' && NOT_SENT.has(code)), reason };
    } finally {
      cancel();
    }
  }
}

/** The client for Pulse's configuration; null when no API key is set (then nothing live runs). */
export function fivetranApiFromConfig(
  live: { credentials: { apiKey: string; apiSecret: string } | null; apiUrl: string; budgetShare: number },
  extra: Omit<FivetranApiClientOptions, 'apiUrl' | 'apiKey' | 'apiSecret' | 'budgetShare'> = {},
): FivetranApiClient | null {
  if (!live.credentials) return null;
  return new FivetranApiClient({ apiUrl: live.apiUrl, apiKey: live.credentials.apiKey, apiSecret: live.credentials.apiSecret, budgetShare: live.budgetShare, ...extra });
}
