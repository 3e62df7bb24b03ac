/**
 * The Fivetran REST API stand-in's types: what it is seeded with, the faults a test or the preview
 * can inject, and what it records. Field names of the API's own JSON stay snake_case, as Fivetran's.
 */

/** Where the stand-in reads time and schedules what happens later (a sync's end, a webhook retry). */
export interface StandInClock {
  now(): number;
  /** Calls `fire` once `ms` milliseconds have passed; the returned function calls it off. */
  schedule(ms: number, fire: () => void): () => void;
}

export interface FivetranNotice {
  code: string;
  message: string;
  details?: string | null;
}

/** A connection as the stand-in is seeded with it; what is left out takes a healthy default. */
export interface StandInConnectionInput {
  id: string;
  /** The destination (group) it loads into. */
  groupId: string;
  /** `service`: salesforce, postgres… */
  service: string;
  /** The destination schema: the warehouse's CONNECTION.connection_name. */
  schema: string;
  paused?: boolean;
  setupState?: 'incomplete' | 'connected' | 'broken';
  syncState?: 'scheduled' | 'syncing' | 'paused' | 'rescheduled';
  updateState?: 'on_schedule' | 'delayed';
  succeededAt?: string | null;
  failedAt?: string | null;
  /** Minutes; 360 unless given. */
  syncFrequency?: number;
  scheduleType?: 'auto' | 'manual';
  tasks?: FivetranNotice[];
  warnings?: FivetranNotice[];
  createdAt?: string;
}

/** How a sync ends: `sync_end`'s `data`. */
export interface SyncOutcome {
  status: 'SUCCESSFUL' | 'FAILURE' | 'FAILURE_WITH_TASK' | 'RESCHEDULED' | 'CANCELED';
  reason?: string;
  taskType?: string;
}

/** Which of the API's routes a fault or a count is about. */
export type RouteName = 'list' | 'get' | 'sync' | 'patch' | 'createWebhook' | 'any';

export type FivetranFault =
  /** Answers `status` with `{code, message}` (and Retry-After for a 429) without doing anything. */
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfterSeconds?: number; route?: RouteName; times?: number }
  /**
   * Fivetran's known fault: PATCH `{"paused": …}` carries the change out, then answers 500 once
   * `delayMs` (0 unless given) has passed on the stand-in's clock.
   */
  | { kind: 'pauseThen500'; delayMs?: number; times?: number }
  /** Requests wait, unanswered, until `releaseHeld()` (then they are carried out and answered). */
  | { kind: 'hold'; route?: RouteName; times?: number }
  /** The request is carried out (unless `carriedOut: false`), then its connection is cut with no answer. */
  | { kind: 'drop'; route?: RouteName; carriedOut?: boolean; times?: number };

export interface FivetranStandInOptions {
  /** The API key and secret HTTP Basic must carry; anything else is a 401. */
  apiKey: string;
  apiSecret: string;
  connections?: StandInConnectionInput[];
  /** 0 (the default) picks a free port. The stand-in listens on 127.0.0.1 only. */
  port?: number;
  /** The system clock unless given; tests pass one they move by hand. */
  clock?: StandInClock;
  /**
   * How long a sync started by `POST /sync` (or `startSync`) runs before it ends by itself, on the
   * stand-in's clock; null (the default) runs it until `finishSync` or `failSync`.
   */
  syncDurationMs?: number | null;
  /** The account's requests per hour (20,000 on paid plans, 500 on trial); 20,000 unless given. */
  rateLimitPerHour?: number;
  /** How the last page of `GET /v1/connections` says it is the last: no `next_cursor` (the default), `""` or `null`. */
  lastPage?: 'missing' | 'empty' | 'null';
  /** Gaps between a failed webhook delivery and its retries; after the last, the webhook is deactivated. */
  webhookRetryDelaysMs?: number[];
  /** How long a receiver may take to answer a delivery; 10 s unless given. */
  webhookTimeoutMs?: number;
  /** Hex digits of X-Fivetran-Signature-256 in upper or lower case (sources disagree); lower unless given. */
  signatureCase?: 'lower' | 'upper';
  /** Fivetran wants https webhook URLs; the local preview's app listens on http. */
  allowHttpWebhooks?: boolean;
  /**
   * Where a webhook URL's requests really go, as DNS would decide: lets a test register
   * `https://pulse.example.com/fivetran/webhook` and receive it on a loopback http port.
   */
  resolveWebhookUrl?: (url: string) => string;
  /** `sync_end` and the other events name the destination `destination_group_id` (current, the default) or `group_id` (older payloads). */
  payloadNaming?: 'current' | 'legacy';
}

/** One request the API answered (or did not), in order of arrival. */
export interface RecordedApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  route: RouteName | null;
  /** The Accept header as sent. */
  accept: string | null;
  /** 0 when no answer was sent (a dropped or held request). */
  status: number;
  at: number;
}

/** A registered webhook, secret included (the stand-in's controls are for tests and the preview). */
export interface StandInWebhook {
  id: string;
  type: 'account' | 'group';
  groupId: string | null;
  url: string;
  events: string[];
  active: boolean;
  secret: string;
  createdAt: string;
}

/** One attempt to deliver one webhook event. */
export interface RecordedDelivery {
  webhookId: string;
  url: string;
  event: string;
  /** The raw body sent, exactly as signed. */
  body: string;
  signature: string;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** The receiver's HTTP status; null when it could not be reached or did not answer in time. */
  status: number | null;
  error: string | null;
  at: number;
  /** A copy sent on purpose (injected duplicate). */
  duplicate: boolean;
}
