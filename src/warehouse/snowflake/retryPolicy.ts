import type { Logger } from '../../log/logger';

/**
 * snowflake-sdk 3.3 retries a statement that meets a refused connection, a timeout or a 5xx up to
 * 1000 times, sleeping up to 16 s between attempts, and none of that is a connection option. Left
 * alone, a statement Pulse gave up on at its deadline keeps knocking for hours and runs whenever
 * Snowflake comes back, long after its caller was told it failed.
 *
 * The driver sends every request through its own axios instance and keeps the retry policy on each
 * request's config; a request interceptor placed there lets Pulse (1) start retrying fast and cap
 * the sleeps, (2) see why a statement's request is being retried, so a deadline can tell
 * "unreachable" from "slow", and (3) make sure a statement it no longer waits for is never
 * delivered later: no attempt leaves once the statement's deadline has passed (even before Pulse's
 * timer has fired), and the attempt still on its way is abandoned, so a request held up in the
 * network cannot reach Snowflake after Pulse has cancelled the statement.
 *
 * This leans on the driver's internals (file layout and a few config fields). If a future version
 * moves them, installing fails softly: the driver keeps its own policy and Pulse's deadlines still
 * hold; only the unreachable/slow distinction and the clean-up are lost.
 */
export interface TrackedStatement {
  /** Whether the statement's deadline has passed: then no attempt at it may leave. */
  expired(): boolean;
  /** The driver is about to send the statement again, for this reason (`no connection`, `HTTP 503`). */
  retried(reason: string): void;
}

export interface RetryTracker {
  /** Starts following a statement's request, before its first attempt leaves. */
  track(requestId: string, statement: TrackedStatement): void;
  /** Why the driver is retrying this statement (`no connection`, `HTTP 503`), or null. */
  failureOf(requestId: string): string | null;
  /** Refuses any further attempt at this statement's request and abandons the one on its way. */
  retire(requestId: string): void;
  /** The statement is over: drop what is known about it. */
  forget(requestId: string): void;
}

/** Retry timing for the driver's requests, in seconds. */
const FIRST_SLEEP_SECONDS = 0.1;
const MAX_SLEEP_SECONDS = 4;
const MAX_STATEMENT_RETRIES = 30;
/** A cancel is best effort: STATEMENT_TIMEOUT_IN_SECONDS stops the statement on the server anyway. */
const MAX_CANCEL_RETRIES = 2;
const MAX_OTHER_RETRIES = 3;
/** Bounds the bookkeeping if the driver never reports some statements' end. */
const MAX_TRACKED = 10_000;

interface RetryConfig {
  maxRetries: number;
  sleepBase: number;
  sleepCap: number;
  includeRetryReason: boolean;
}

interface DriverRequestConfig {
  url?: string;
  signal?: AbortSignal;
  useSnowflakeRetryMiddleware?: boolean;
  snowflakeRetryConfig?: Partial<RetryConfig>;
  __snowflakeRetryConfig?: RetryConfig;
  __snowflakeRetryState?: { startTime: number; numRetries: number; currentSleepTime: number };
}

interface AxiosLike {
  interceptors: { request: { use(onFulfilled: (config: DriverRequestConfig) => DriverRequestConfig): number } };
}

const DRIVER_AXIOS_MODULE = 'snowflake-sdk/dist/lib/http/axios_instance';

let installed: RetryTracker | null | undefined;

export function installRetryPolicy(logger: Logger): RetryTracker | null {
  if (installed !== undefined) return installed;
  let axios: AxiosLike | undefined;
  try {
    axios = (require(DRIVER_AXIOS_MODULE) as { default?: AxiosLike }).default;
  } catch {
    axios = undefined;
  }
  if (!axios?.interceptors?.request) {
    logger.warn('could not bound snowflake-sdk\'s request retries (driver internals changed); deadlines still apply');
    installed = null;
    return installed;
  }
  const tracker = new Tracker();
  axios.interceptors.request.use((config) => tracker.onRequest(config));
  installed = tracker;
  return installed;
}

interface Followed {
  statement: TrackedStatement;
  /** Aborts whichever attempt is on its way. */
  abandon: AbortController;
}

class Tracker implements RetryTracker {
  private readonly failures = new Map<string, string>();
  private readonly retired = new Set<string>();
  private readonly followed = new Map<string, Followed>();

  track(requestId: string, statement: TrackedStatement): void {
    this.followed.set(requestId, { statement, abandon: new AbortController() });
    trim(this.followed);
  }

  failureOf(requestId: string): string | null {
    return this.failures.get(requestId) ?? null;
  }

  retire(requestId: string): void {
    this.retired.add(requestId);
    trim(this.retired);
    this.followed.get(requestId)?.abandon.abort();
  }

  forget(requestId: string): void {
    this.failures.delete(requestId);
    this.retired.delete(requestId);
    this.followed.delete(requestId);
  }

  onRequest(config: DriverRequestConfig): DriverRequestConfig {
    const url = parseUrl(config.url);
    const requestId = url?.searchParams.get('requestId') ?? null;
    const followed = requestId ? this.followed.get(requestId) : undefined;
    if (requestId && (this.retired.has(requestId) || followed?.statement.expired())) {
      // No `config` on the error: the driver's retry layer then passes it on instead of retrying.
      throw Object.assign(new Error('Pulse no longer waits for this Snowflake request'), { code: 'ERR_CANCELED' });
    }
    if (followed) {
      // The driver aborts through its own signal too; either one cancels the attempt.
      config.signal = config.signal ? AbortSignal.any([config.signal, followed.abandon.signal]) : followed.abandon.signal;
    }
    if (!config.useSnowflakeRetryMiddleware) return config;

    config.__snowflakeRetryConfig ??= retryConfigFor(url?.pathname ?? '', config.snowflakeRetryConfig);
    config.__snowflakeRetryState ??= { startTime: Date.now(), numRetries: 0, currentSleepTime: FIRST_SLEEP_SECONDS };
    const retryCount = Number(url?.searchParams.get('retryCount') ?? 0);
    if (requestId && retryCount > 0) {
      const reason = describeRetryReason(url?.searchParams.get('retryReason') ?? null);
      this.failures.set(requestId, reason);
      trim(this.failures);
      followed?.statement.retried(reason);
    }
    return config;
  }
}

function retryConfigFor(path: string, driverConfig: Partial<RetryConfig> | undefined): RetryConfig {
  const limit = path.endsWith('/query-request') ? MAX_STATEMENT_RETRIES : path.endsWith('/abort-request') ? MAX_CANCEL_RETRIES : MAX_OTHER_RETRIES;
  return {
    maxRetries: Math.min(driverConfig?.maxRetries ?? limit, limit),
    sleepBase: FIRST_SLEEP_SECONDS,
    sleepCap: MAX_SLEEP_SECONDS,
    includeRetryReason: true,
  };
}

/** The driver writes the last attempt's HTTP status into `retryReason`, 0 when nothing answered. */
export function describeRetryReason(reason: string | null): string {
  if (reason === null) return 'its requests kept failing';
  return reason === '0' ? 'no connection' : `HTTP ${reason}`;
}

function parseUrl(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function trim(collection: Set<string> | Map<string, unknown>): void {
  while (collection.size > MAX_TRACKED) {
    const oldest = collection.keys().next().value;
    if (oldest === undefined) return;
    collection.delete(oldest);
  }
}
