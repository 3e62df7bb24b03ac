import { minutesBetween } from '../time/formatDuration';
import type { Row } from '../warehouse/types';
import {
  describeMessage,
  isPriorityFirstReschedule,
  type MessageFields,
  NEUTRAL_STATUSES,
  numberField,
  parseMessageData,
  textField,
} from './messageData';
import { CONNECTIONS_PER_SLICE, eachSlice } from './inSlices';
import { readCell } from './readCell';
import { newestFirst, within24hOf, type ConnectionLog, type LogRow, type LogState } from './readModel/logState';
import type { ConnectionSnapshot, LogMessage, PlatformConnection, SchemaChange, Snapshot, SyncOutcome } from './types';

/** How many recent completed syncs the duration statistics use. */
export const DURATION_SAMPLE = 10;
const LATEST_ERRORS = 5;
const SCHEMA_CHANGES_SHOWN = 5;

/**
 * What a snapshot makes of one LOG row, made once per row: the read model keeps its rows from one
 * cycle to the next and never changes one, so each message is parsed, and each row's part built,
 * once rather than at every snapshot. Snapshots share these parts and never change them either.
 */
function perRow<T>(build: (row: LogRow) => T): (row: LogRow) => T {
  const made = new WeakMap<LogRow, T>();
  return (row) => {
    let part = made.get(row);
    if (part === undefined) {
      part = build(row);
      made.set(row, part);
    }
    return part;
  };
}

const fieldsOf = perRow((row): MessageFields => parseMessageData(row.data));

/** A sync's outcome, by its end row; its start may come to be known after its end, so it is checked each time. */
const outcomes = new WeakMap<LogRow, SyncOutcome>();
function toSyncOutcome(row: LogRow, log: ConnectionLog): SyncOutcome {
  const starts = row.syncId === null ? undefined : log.starts.get(row.syncId);
  let startedAt: string | null = null;
  for (const at of starts ?? []) if (startedAt === null || at < startedAt) startedAt = at;
  const known = outcomes.get(row);
  if (known !== undefined && known.startedAt === startedAt) return known;
  const fields = fieldsOf(row);
  const outcome: SyncOutcome = {
    syncId: row.syncId,
    status: textField(fields, 'status') ?? 'UNKNOWN',
    reason: textField(fields, 'reason'),
    taskType: textField(fields, 'task_type'),
    startedAt,
    endedAt: row.at,
  };
  outcomes.set(row, outcome);
  return outcome;
}

const toLogMessage = perRow((row): LogMessage => {
  const fields = fieldsOf(row);
  return {
    at: row.at,
    event: row.event ?? '',
    messageEvent: row.messageEvent ?? '',
    type: textField(fields, 'type'),
    message: describeMessage(row.data, fields),
  };
});

const describeSchemaChange = perRow((row): SchemaChange => {
  const fields = fieldsOf(row);
  const event = String(row.messageEvent);
  const schema = textField(fields, 'schema');
  const table = textField(fields, 'table') ?? textField(fields, 'name');
  const change = textField(fields, 'type');
  const target = [schema, table].filter(Boolean).join('.');
  const summary = [event.replace(/_/g, ' '), change?.toLowerCase().replace(/_/g, ' '), target].filter(Boolean).join(' ');
  return { at: row.at, messageEvent: event, summary };
});

const durations = new WeakMap<SyncOutcome, number | null>();
function durationMinutes(sync: SyncOutcome): number | null {
  let duration = durations.get(sync);
  if (duration === undefined) {
    const minutes = minutesBetween(sync.startedAt, sync.endedAt);
    duration = minutes !== null && Number.isFinite(minutes) && minutes >= 0 ? minutes : null;
    durations.set(sync, duration);
  }
  return duration;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p === 50 && sorted.length % 2 === 0) {
    return ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  }
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The same sync: same sync_id, or, without ids, an event inside the sync's start and end. */
function inSync(message: { at: string; syncId: string | null }, sync: SyncOutcome): boolean {
  if (message.syncId && sync.syncId) return message.syncId === sync.syncId;
  return sync.startedAt !== null && message.at >= sync.startedAt && message.at <= sync.endedAt;
}

/** Counts of distinct errors or warnings in the window that pass `include`, and the oldest of them. */
function countProblems(log: ConnectionLog | undefined, event: string, include: (at: string) => boolean): { count: number; first: string | null } {
  let count = 0;
  let first: string | null = null;
  for (const counted of log?.counted.values() ?? []) {
    if (counted.event !== event || !include(counted.at)) continue;
    count += 1;
    if (first === null || counted.at < first) first = counted.at;
  }
  return { count, first };
}

/** What a connection's snapshot says of the 24 h before the newest load: the only part that changes with observedAt alone. */
export function problemsIn24h(log: ConnectionLog | undefined, observedAt: string | null): Pick<ConnectionSnapshot, 'severe24h' | 'firstSevere24hAt' | 'warnings24h'> {
  const inLast24h = (at: string) => within24hOf(at, observedAt);
  const severe = countProblems(log, 'SEVERE', inLast24h);
  return { severe24h: severe.count, firstSevere24hAt: severe.first, warnings24h: countProblems(log, 'WARNING', inLast24h).count };
}

/** One connection's snapshot, from its connections statement row and its LOG read model. */
export function assembleConnection(row: Row, log: ConnectionLog | undefined, observedAt: string | null): ConnectionSnapshot {
  const connectionName = String(row.connection_name ?? row.connection_id);
  const syncs = (log?.ends ?? []).map((end) => toSyncOutcome(end, log as ConnectionLog));
  const lastSync = syncs[0] ?? null;
  const lastDecisiveSync = syncs.find((s) => !NEUTRAL_STATUSES.has(s.status)) ?? null;

  // The newest success may be older than the recent syncs returned; the statement sends it apart.
  const successes = [...syncs, ...(log?.successes ?? []).map((end) => toSyncOutcome(end, log as ConnectionLog))].filter((s) => s.status === 'SUCCESSFUL');
  const lastSuccessfulSyncAt = successes.reduce<string | null>((latest, s) => (latest === null || s.endedAt > latest ? s.endedAt : latest), null);

  const lastPriorityFirst = syncs.find((s) => isPriorityFirstReschedule(s.status, s.reason)) ?? null;
  const lastOtherEnd = syncs.find((s) => !isPriorityFirstReschedule(s.status, s.reason)) ?? null;
  const priorityFirstPending = lastPriorityFirst !== null && (lastOtherEnd === null || lastPriorityFirst.endedAt > lastOtherEnd.endedAt);

  // Errors are kept newest first: the first is the last one.
  const lastSevere = log?.severe[0] ?? null;
  const lastErrorInLastSync = lastSevere !== null && lastSync !== null && inSync(lastSevere, lastSync);

  const durations = syncs
    .slice(0, DURATION_SAMPLE)
    .map(durationMinutes)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);

  const lastStart = log?.lastStartAt ?? null;
  const lastEnd = log?.ends[0]?.at ?? null;
  const sinceLastEnd = (at: string) => lastEnd === null || at > lastEnd;
  const runningSince = lastStart !== null && (lastEnd === null || lastStart > lastEnd) ? lastStart : null;

  const seenMessages = new Set<string>();
  const latestErrors: LogMessage[] = [];
  for (const row of [...(log?.severe ?? []), ...(log?.warnings ?? [])].sort(newestFirst)) {
    const message = toLogMessage(row);
    const key = `${message.event}\u0000${message.message}`;
    if (seenMessages.has(key)) continue;
    seenMessages.add(key);
    latestErrors.push(message);
    if (latestErrors.length === LATEST_ERRORS) break;
  }

  const lastSyncId = log?.ends[0]?.syncId ?? null;
  const lastSyncRows = lastSyncId === null ? [] : [...(log?.records.get(lastSyncId)?.values() ?? [])];
  const rowsModifiedLastSync = lastSyncRows.reduce((sum, r) => sum + (numberField(fieldsOf(r), 'count') ?? 0), 0);

  return {
    connectionId: String(row.connection_id),
    connectionName,
    connectorType: String(row.connector_type ?? 'unknown'),
    connectorTypeName: readCell.text(row.connector_type_name),
    destinationId: String(row.destination_id ?? ''),
    destinationName: readCell.text(row.destination_name),
    paused: readCell.flag(row.paused),
    signedUpAt: readCell.text(row.signed_up),
    syncFrequencyMinutes: readCell.numberOrNull(row.sync_frequency),
    lastSyncStartedAt: lastStart,
    lastSyncCompletedAt: lastEnd,
    lastSuccessfulSyncAt,
    lastSync,
    lastDecisiveSync,
    runningSince,
    hasSyncStart: lastStart !== null,
    hasError: (log?.severe.length ?? 0) > 0,
    lastErrorInLastSync,
    priorityFirstPending,
    recentSyncs: syncs.slice(0, DURATION_SAMPLE),
    medianDurationMinutes: percentile(durations, 50),
    p95DurationMinutes: percentile(durations, 95),
    severeSinceLastSync: countProblems(log, 'SEVERE', sinceLastEnd).count,
    warningsSinceLastSync: countProblems(log, 'WARNING', sinceLastEnd).count,
    ...problemsIn24h(log, observedAt),
    latestErrors,
    schemaChanges30d: (log?.schema ?? []).slice(0, SCHEMA_CHANGES_SHOWN).map(describeSchemaChange),
    rowsModifiedLastSync,
    marThisMonth: readCell.count(row.mar_this_month),
  };
}

/**
 * Pure: the connections statement's rows and the LOG read model (folded, and expired to the
 * window) into one snapshot. Deleted connections are not in the rows; their LOG state is ignored.
 */
export function assembleSnapshot(connectionRows: Row[], log: LogState, readAt: string): Snapshot {
  const observedAt = observedAtOf(connectionRows, log);
  return withConnections(connectionRows, observedAt, readAt, connectionRows.map((row) => assembleConnection(row, log.connections.get(String(row.connection_id)), observedAt)));
}

/**
 * `assembleSnapshot`, a slice of connections at a time with a turn of the event loop between
 * slices: the same snapshot, without holding the event loop for thousands of connections. The
 * state must not change until it resolves (a read model's reads are one at a time).
 */
export async function assembleSnapshotInSlices(connectionRows: Row[], log: LogState, readAt: string, perSlice = CONNECTIONS_PER_SLICE): Promise<Snapshot> {
  const observedAt = observedAtOf(connectionRows, log);
  const connections: ConnectionSnapshot[] = [];
  await eachSlice(connectionRows, perSlice, (slice) => {
    for (const row of slice) connections.push(assembleConnection(row, log.connections.get(String(row.connection_id)), observedAt));
  });
  return withConnections(connectionRows, observedAt, readAt, connections);
}

// As before the read model: no connection, no observation.
export const observedAtOf = (connectionRows: Row[], log: LogState): string | null => (connectionRows.length > 0 ? log.observedAt : null);

/** The snapshot of assembled connections, with the Platform connection found among their rows. */
export function withConnections(connectionRows: Row[], observedAt: string | null, readAt: string, connections: ConnectionSnapshot[]): Snapshot {
  const platformRow = connectionRows.find((row) => row.connector_type === 'fivetran_log');
  const platformConnection: PlatformConnection | null = platformRow
    ? {
        connectionId: String(platformRow.connection_id),
        connectionName: String(platformRow.connection_name ?? platformRow.connection_id),
        paused: readCell.flag(platformRow.paused),
        syncFrequencyMinutes: readCell.numberOrNull(platformRow.sync_frequency),
      }
    : null;
  return { observedAt, readAt, connections, platformConnection };
}
