import { FAILURE_STATUSES } from '../fivetran/messageData';
import type { ConnectionSnapshot, SyncOutcome } from '../fivetran/types';
import { currentFailure, type LiveFacts, type LiveSource } from '../live/liveFacts';
import type { LiveNotice } from '../live/types';

/**
 * One connection from two sources: the warehouse (the Platform Connector, as fresh as its last
 * load, with history) and live state (Fivetran's API and webhooks, as of seconds ago, without
 * history). Per fact the newest wins; what only the warehouse knows (durations, errors, MAR,
 * schema changes) stays as it is. Pure.
 */

export type FactSource = 'warehouse' | LiveSource;

export interface SourcedFact {
  source: FactSource;
  /** When the fact held: a sync's end, a pause, or when the warehouse was loaded. */
  at: string | null;
}

export type Disagreement =
  | { fact: 'last_sync'; warehouse: { status: string; at: string } | null; live: { status: string; at: string; source: LiveSource } }
  | { fact: 'paused'; warehouse: boolean; live: { paused: boolean; at: string; source: LiveSource } };

export interface LiveView {
  /** When the warehouse was last loaded (the snapshot's observedAt). */
  warehouseAt: string | null;
  /** When Fivetran's API last reported the connection. */
  apiAt: string | null;
  /** The newest webhook heard about it. */
  webhookAt: string | null;
  /** Where the newest decisive sync outcome came from. */
  lastSync: SourcedFact | null;
  lastSuccess: SourcedFact | null;
  paused: SourcedFact;
  setupState: string | null;
  updateState: string | null;
  syncState: string | null;
  /** Fivetran's own delay judgment, while no success came after the poll that made it. */
  delayed: boolean;
  tasks: LiveNotice[];
  warnings: LiveNotice[];
  /** Where the live view says something other than the warehouse still shows. */
  disagreements: Disagreement[];
}

/**
 * A live outcome this close to one the warehouse already has, of the same kind, is that sync: the
 * API's failed_at and the webhook's created are not exactly LOG's time_stamp.
 */
export const SAME_SYNC_WITHIN_MS = 60_000;

const ms = (iso: string | null | undefined) => (iso === null || iso === undefined ? Number.NEGATIVE_INFINITY : Date.parse(iso));
const latest = (a: string | null, b: string | null) => (ms(a) >= ms(b) ? a : b);
const failed = (status: string) => FAILURE_STATUSES.has(status);

interface LiveOutcome extends SyncOutcome {
  source: LiveSource;
}

/** The newest decisive outcome live state knows: the standing failure, else the latest success. */
function liveOutcome(facts: LiveFacts): LiveOutcome | null {
  const failure = currentFailure(facts);
  if (failure) return { syncId: failure.syncId, status: failure.status, reason: failure.reason, taskType: failure.taskType, startedAt: null, endedAt: failure.at, source: failure.source };
  const success = facts.lastSuccess;
  return success ? { syncId: success.syncId, status: 'SUCCESSFUL', reason: null, taskType: null, startedAt: null, endedAt: success.at, source: success.source } : null;
}

/** Whether the warehouse already holds this outcome, or a newer one. */
function warehouseHas(c: ConnectionSnapshot, outcome: LiveOutcome): boolean {
  if (outcome.syncId !== null && c.recentSyncs.some((s) => s.syncId === outcome.syncId)) return true;
  const decisive = c.lastDecisiveSync;
  if (decisive === null) return false;
  if (ms(decisive.endedAt) >= ms(outcome.endedAt)) return true;
  return failed(decisive.status) === failed(outcome.status) && ms(outcome.endedAt) - ms(decisive.endedAt) <= SAME_SYNC_WITHIN_MS;
}

export interface MergedConnection {
  connection: ConnectionSnapshot;
  live: LiveView | null;
}

/** The connection as both sources tell it, newest fact first; unchanged when nothing live is known. */
export function mergeLive(c: ConnectionSnapshot, facts: LiveFacts | undefined, warehouseAt: string | null): MergedConnection {
  if (facts === undefined) return { connection: c, live: null };
  const disagreements: Disagreement[] = [];
  let connection: ConnectionSnapshot = { ...c };
  let lastSync: SourcedFact | null = c.lastDecisiveSync ? { source: 'warehouse', at: c.lastDecisiveSync.endedAt } : null;

  const outcome = liveOutcome(facts);
  if (outcome && !warehouseHas(c, outcome)) {
    const { source, ...sync } = outcome;
    const endedMs = ms(sync.endedAt);
    connection = {
      ...connection,
      lastSync: ms(c.lastSync?.endedAt) > endedMs ? c.lastSync : sync,
      lastDecisiveSync: sync,
      recentSyncs: [sync, ...c.recentSyncs],
      lastSyncCompletedAt: latest(c.lastSyncCompletedAt, sync.endedAt),
      // A sync that ended after the one running started ends it; the errors seen belong to older syncs.
      runningSince: c.runningSince !== null && ms(c.runningSince) < endedMs ? null : c.runningSince,
      lastErrorInLastSync: false,
      priorityFirstPending: false,
    };
    lastSync = { source, at: sync.endedAt };
    if (c.lastDecisiveSync === null || failed(c.lastDecisiveSync.status) !== failed(sync.status)) {
      disagreements.push({
        fact: 'last_sync',
        warehouse: c.lastDecisiveSync ? { status: c.lastDecisiveSync.status, at: c.lastDecisiveSync.endedAt } : null,
        live: { status: sync.status, at: sync.endedAt, source },
      });
    }
  }

  let lastSuccess: SourcedFact | null = c.lastSuccessfulSyncAt ? { source: 'warehouse', at: c.lastSuccessfulSyncAt } : null;
  if (facts.lastSuccess && ms(facts.lastSuccess.at) > ms(c.lastSuccessfulSyncAt)) {
    connection.lastSuccessfulSyncAt = facts.lastSuccess.at;
    lastSuccess = { source: facts.lastSuccess.source, at: facts.lastSuccess.at };
  }

  let paused: SourcedFact = { source: 'warehouse', at: warehouseAt };
  if (facts.paused && ms(facts.paused.at) > ms(warehouseAt)) {
    paused = { source: facts.paused.source, at: facts.paused.at };
    if (facts.paused.value !== c.paused) disagreements.push({ fact: 'paused', warehouse: c.paused, live: { paused: facts.paused.value, at: facts.paused.at, source: facts.paused.source } });
    connection.paused = facts.paused.value;
  }

  const updateState = facts.updateState;
  const delayed = updateState?.value === 'delayed' && !(ms(connection.lastSuccessfulSyncAt) > ms(updateState.at));
  return {
    connection,
    live: {
      warehouseAt,
      apiAt: facts.polledAt,
      webhookAt: facts.webhookAt,
      lastSync,
      lastSuccess,
      paused,
      setupState: facts.setupState?.value ?? null,
      updateState: updateState?.value ?? null,
      syncState: facts.syncState?.value ?? null,
      delayed,
      tasks: facts.tasks,
      warnings: facts.warnings,
      disagreements,
    },
  };
}
