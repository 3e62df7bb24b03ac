import { randomUUID } from 'node:crypto';
import type { FivetranNotice, StandInConnectionInput, SyncOutcome } from './types';

/** One connection's state inside the stand-in. */
export interface ConnectionState {
  id: string;
  groupId: string;
  service: string;
  schema: string;
  paused: boolean;
  setupState: string;
  syncState: string;
  updateState: string;
  succeededAt: string | null;
  failedAt: string | null;
  syncFrequency: number;
  scheduleType: string;
  tasks: FivetranNotice[];
  warnings: FivetranNotice[];
  createdAt: string;
  /** The sync running now, if any. */
  running: { syncId: string; startedAt: number; cancelEnd: (() => void) | null; outcome: SyncOutcome | null } | null;
}

export function connectionState(input: StandInConnectionInput, now: number): ConnectionState {
  const paused = input.paused ?? false;
  return {
    id: input.id,
    groupId: input.groupId,
    service: input.service,
    schema: input.schema,
    paused,
    setupState: input.setupState ?? 'connected',
    syncState: input.syncState ?? (paused ? 'paused' : 'scheduled'),
    updateState: input.updateState ?? 'on_schedule',
    succeededAt: input.succeededAt ?? null,
    failedAt: input.failedAt ?? null,
    syncFrequency: input.syncFrequency ?? 360,
    scheduleType: input.scheduleType ?? 'auto',
    tasks: [...(input.tasks ?? [])],
    warnings: [...(input.warnings ?? [])],
    createdAt: input.createdAt ?? new Date(now - 90 * 86_400_000).toISOString(),
    running: null,
  };
}

/** Applies a partial input (a test's or the preview's "set this connection's state") to a connection. */
export function applyInput(state: ConnectionState, patch: Partial<Omit<StandInConnectionInput, 'id'>>): void {
  if (patch.groupId !== undefined) state.groupId = patch.groupId;
  if (patch.service !== undefined) state.service = patch.service;
  if (patch.schema !== undefined) state.schema = patch.schema;
  if (patch.paused !== undefined) {
    state.paused = patch.paused;
    if (patch.syncState === undefined) state.syncState = patch.paused ? 'paused' : 'scheduled';
  }
  if (patch.setupState !== undefined) state.setupState = patch.setupState;
  if (patch.syncState !== undefined) state.syncState = patch.syncState;
  if (patch.updateState !== undefined) state.updateState = patch.updateState;
  if (patch.succeededAt !== undefined) state.succeededAt = patch.succeededAt;
  if (patch.failedAt !== undefined) state.failedAt = patch.failedAt;
  if (patch.syncFrequency !== undefined) state.syncFrequency = patch.syncFrequency;
  if (patch.scheduleType !== undefined) state.scheduleType = patch.scheduleType;
  if (patch.tasks !== undefined) state.tasks = [...patch.tasks];
  if (patch.warnings !== undefined) state.warnings = [...patch.warnings];
  if (patch.createdAt !== undefined) state.createdAt = patch.createdAt;
}

const notice = (n: FivetranNotice) => ({ code: n.code, message: n.message, ...(n.details !== undefined && n.details !== null ? { details: n.details } : {}) });

/** A connection as `GET /v1/connections` lists it (version 2 of the API's answers). */
export function connectionItem(state: ConnectionState): Record<string, unknown> {
  return {
    id: state.id,
    group_id: state.groupId,
    service: state.service,
    service_version: 1,
    schema: state.schema,
    connected_by: 'concerning_batch',
    created_at: state.createdAt,
    succeeded_at: state.succeededAt,
    failed_at: state.failedAt,
    paused: state.paused,
    pause_after_trial: false,
    sync_frequency: state.syncFrequency,
    schedule_type: state.scheduleType,
    data_delay_sensitivity: 'NORMAL',
    data_delay_threshold: 0,
    status: {
      setup_state: state.setupState,
      schema_status: 'ready',
      sync_state: state.syncState,
      update_state: state.updateState,
      is_historical_sync: false,
      tasks: state.tasks.map(notice),
      warnings: state.warnings.map(notice),
    },
  };
}

/** A connection as `GET /v1/connections/{id}` details it: the list's fields, its setup tests and config. */
export function connectionDetails(state: ConnectionState): Record<string, unknown> {
  return { ...connectionItem(state), setup_tests: [], config: {} };
}

export const newSyncId = (): string => randomUUID();

/** The page `cursor` points at: an opaque token, as Fivetran's, that encodes where the last page ended. */
export function encodeCursor(afterId: string): string {
  return Buffer.from(JSON.stringify({ after: afterId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'string' ? parsed.after : null;
  } catch {
    return null;
  }
}
