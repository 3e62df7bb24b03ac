import type { LiveConnection, LiveNotice, SetupState, SyncState, UpdateState, WebhookEvent } from './types';

/**
 * What Fivetran's API and webhooks said about one connection, each fact with when it held and
 * where it came from. A pure fold: deliveries come twice or out of order, so every fact is replaced
 * only by a newer one, and an older event arriving late never undoes a newer one.
 */

export type LiveSource = 'api' | 'webhook';

/** sync_end outcomes that say the sync failed. */
export const LIVE_FAILURE_STATUSES: ReadonlySet<string> = new Set(['FAILURE', 'FAILURE_WITH_TASK']);

export interface LiveFact<T> {
  value: T;
  /** When it held: a webhook's `created`, or when the API was read. */
  at: string;
  source: LiveSource;
}

export interface LiveFailure {
  /** When the sync failed. */
  at: string;
  source: LiveSource;
  /** FAILURE or FAILURE_WITH_TASK (the API says only that it failed: FAILURE). */
  status: string;
  reason: string | null;
  taskType: string | null;
  syncId: string | null;
}

export interface LiveFacts {
  connectionId: string;
  connectionName: string | null;
  groupId: string | null;
  paused: LiveFact<boolean> | null;
  /** The latest success known live. */
  lastSuccess: { at: string; source: LiveSource; syncId: string | null } | null;
  /** The latest failure known live; it is current only while no success is newer (see currentFailure). */
  lastFailure: LiveFailure | null;
  setupState: LiveFact<SetupState> | null;
  updateState: LiveFact<UpdateState> | null;
  syncState: LiveFact<SyncState> | null;
  /** As of the latest poll. */
  tasks: LiveNotice[];
  warnings: LiveNotice[];
  /** When the API last reported this connection. */
  polledAt: string | null;
  /** The `created` of the newest webhook applied. */
  webhookAt: string | null;
}

const newer = (candidate: string | null, than: string | null | undefined): boolean =>
  candidate !== null && (than === null || than === undefined || Date.parse(candidate) > Date.parse(than));

const latest = (a: string | null, b: string | null): string | null => (newer(a, b) ? a : b);

export function emptyLiveFacts(connectionId: string): LiveFacts {
  return {
    connectionId,
    connectionName: null,
    groupId: null,
    paused: null,
    lastSuccess: null,
    lastFailure: null,
    setupState: null,
    updateState: null,
    syncState: null,
    tasks: [],
    warnings: [],
    polledAt: null,
    webhookAt: null,
  };
}

function fact<T>(current: LiveFact<T> | null, value: T, at: string, source: LiveSource): LiveFact<T> | null {
  return current === null || newer(at, current.at) ? { value, at, source } : current;
}

/** The failure that stands: the latest one, unless a success came after it. */
export function currentFailure(facts: LiveFacts): LiveFailure | null {
  const failure = facts.lastFailure;
  if (failure === null) return null;
  return facts.lastSuccess !== null && !newer(failure.at, facts.lastSuccess.at) ? null : failure;
}

/** One connection as the API listed it. */
export function foldPolled(previous: LiveFacts | undefined, polled: LiveConnection): LiveFacts {
  const facts = previous ?? emptyLiveFacts(polled.connectionId);
  const at = polled.observedAt;
  // An older reading (a slow page overtaken by a later poll) changes nothing.
  if (facts.polledAt !== null && !newer(at, facts.polledAt)) return facts;
  const next: LiveFacts = {
    ...facts,
    connectionName: facts.connectionName ?? polled.schema,
    groupId: polled.groupId ?? facts.groupId,
    paused: fact(facts.paused, polled.paused, at, 'api'),
    setupState: { value: polled.setupState, at, source: 'api' },
    updateState: { value: polled.updateState, at, source: 'api' },
    syncState: { value: polled.syncState, at, source: 'api' },
    tasks: polled.tasks,
    warnings: polled.warnings,
    polledAt: at,
  };
  if (newer(polled.succeededAt, facts.lastSuccess?.at)) next.lastSuccess = { at: polled.succeededAt as string, source: 'api', syncId: null };
  // The API says when the last failure was, not why: the reason comes with the webhook, or the warehouse.
  if (newer(polled.failedAt, facts.lastFailure?.at)) {
    next.lastFailure = { at: polled.failedAt as string, source: 'api', status: 'FAILURE', reason: null, taskType: null, syncId: null };
  }
  return next;
}

/** One verified webhook event. Events other than a sync's end, a pause or a resume only say the connection was heard from. */
export function foldWebhook(previous: LiveFacts | undefined, event: WebhookEvent): LiveFacts {
  const facts = previous ?? emptyLiveFacts(event.connectionId);
  const at = event.createdAt;
  const next: LiveFacts = {
    ...facts,
    connectionName: event.connectionName ?? facts.connectionName,
    groupId: event.groupId ?? facts.groupId,
    webhookAt: latest(at, facts.webhookAt),
  };
  if (event.event === 'sync_end' && event.status === 'SUCCESSFUL' && newer(at, facts.lastSuccess?.at)) {
    next.lastSuccess = { at, source: 'webhook', syncId: event.syncId };
  }
  if (event.event === 'sync_end' && event.status !== null && LIVE_FAILURE_STATUSES.has(event.status) && newer(at, facts.lastFailure?.at)) {
    next.lastFailure = { at, source: 'webhook', status: event.status, reason: event.reason, taskType: event.taskType, syncId: event.syncId };
  }
  if (event.event === 'pause_connector') next.paused = fact(facts.paused, true, at, 'webhook');
  if (event.event === 'resume_connector') next.paused = fact(facts.paused, false, at, 'webhook');
  return next;
}

/**
 * What of a connection's live facts can start or clear an alert, as one comparable string: a poll
 * that changes none of it for any connection needs no alert run before the scheduled one.
 */
export function alertingFacts(facts: LiveFacts): string {
  const failure = currentFailure(facts);
  return JSON.stringify([
    failure ? [failure.at, failure.status] : null,
    facts.lastSuccess?.at ?? null,
    facts.paused?.value ?? null,
    facts.setupState?.value ?? null,
    facts.updateState?.value ?? null,
    facts.tasks.map((task) => task.code),
  ]);
}

/** Webhook events that can change a judgment: a sync's outcome, a pause, a resume. */
export function changesJudgment(event: WebhookEvent): boolean {
  if (event.event === 'sync_end') return event.status === 'SUCCESSFUL' || (event.status !== null && LIVE_FAILURE_STATUSES.has(event.status));
  return event.event === 'pause_connector' || event.event === 'resume_connector';
}
