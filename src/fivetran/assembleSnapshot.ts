import { minutesBetween } from '../time/formatDuration';
import type { Row } from '../warehouse/types';
import {
  describeMessage,
  isPriorityFirstReschedule,
  NEUTRAL_STATUSES,
  numberField,
  parseMessageData,
  textField,
} from './messageData';
import { dedupeLogRows } from './dedupeLogRows';
import { readCell } from './readCell';
import type { ConnectionSnapshot, LogMessage, PlatformConnection, SchemaChange, Snapshot, SyncOutcome } from './types';

/** How many recent completed syncs the duration statistics use. */
export const DURATION_SAMPLE = 10;
const LATEST_ERRORS = 5;
const SCHEMA_CHANGES_SHOWN = 5;

const newestFirst = (a: Row, b: Row) => String(b.time_stamp).localeCompare(String(a.time_stamp));

function toSyncOutcome(row: Row): SyncOutcome {
  const fields = parseMessageData(row.message_data);
  return {
    syncId: readCell.text(row.sync_id),
    status: textField(fields, 'status') ?? 'UNKNOWN',
    reason: textField(fields, 'reason'),
    taskType: textField(fields, 'task_type'),
    startedAt: readCell.text(row.started_at),
    endedAt: String(row.time_stamp),
  };
}

function toLogMessage(row: Row): LogMessage {
  const fields = parseMessageData(row.message_data);
  return {
    at: String(row.time_stamp),
    event: String(row.event ?? ''),
    messageEvent: String(row.message_event ?? ''),
    type: textField(fields, 'type'),
    message: describeMessage(row.message_data, fields),
  };
}

function describeSchemaChange(row: Row): SchemaChange {
  const fields = parseMessageData(row.message_data);
  const event = String(row.message_event);
  const schema = textField(fields, 'schema');
  const table = textField(fields, 'table') ?? textField(fields, 'name');
  const change = textField(fields, 'type');
  const target = [schema, table].filter(Boolean).join('.');
  const summary = [event.replace(/_/g, ' '), change?.toLowerCase().replace(/_/g, ' '), target].filter(Boolean).join(' ');
  return { at: String(row.time_stamp), messageEvent: event, summary };
}

function durationMinutes(sync: SyncOutcome): number | null {
  const minutes = minutesBetween(sync.startedAt, sync.endedAt);
  return minutes !== null && Number.isFinite(minutes) && minutes >= 0 ? minutes : null;
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
function inSync(message: LogMessage & { syncId: string | null }, sync: SyncOutcome): boolean {
  if (message.syncId && sync.syncId) return message.syncId === sync.syncId;
  return sync.startedAt !== null && message.at >= sync.startedAt && message.at <= sync.endedAt;
}

interface ConnectionEvents {
  syncs: Row[];
  successes: Row[];
  problems: Row[];
  schema: Row[];
  rows: Row[];
}

function groupEvents(eventRows: Row[]): Map<string, ConnectionEvents> {
  const byConnection = new Map<string, ConnectionEvents>();
  for (const row of eventRows) {
    const cid = readCell.text(row.cid);
    if (cid === null) continue;
    let events = byConnection.get(cid);
    if (!events) {
      events = { syncs: [], successes: [], problems: [], schema: [], rows: [] };
      byConnection.set(cid, events);
    }
    const kind = row.kind === 'sync' ? 'syncs' : row.kind === 'success' ? 'successes' : row.kind === 'problem' ? 'problems' : row.kind === 'schema' ? 'schema' : 'rows';
    events[kind].push(row);
  }
  // Duplicates are dropped within a kind: the statement sends one LOG row as two kinds on purpose
  // (the newest success is also a recent sync).
  for (const events of byConnection.values()) {
    for (const kind of Object.keys(events) as Array<keyof ConnectionEvents>) events[kind] = dedupeLogRows(events[kind]).sort(newestFirst);
  }
  return byConnection;
}

function assembleConnection(row: Row, events: ConnectionEvents | undefined): ConnectionSnapshot {
  const connectionName = String(row.connection_name ?? row.connection_id);
  const syncs = (events?.syncs ?? []).map(toSyncOutcome);
  const lastSync = syncs[0] ?? null;
  const lastDecisiveSync = syncs.find((s) => !NEUTRAL_STATUSES.has(s.status)) ?? null;

  // The newest success may be older than the recent syncs returned; the statement sends it apart.
  const successes = [...syncs, ...(events?.successes ?? []).map(toSyncOutcome)].filter((s) => s.status === 'SUCCESSFUL');
  const lastSuccessfulSyncAt = successes.reduce<string | null>((latest, s) => (latest === null || s.endedAt > latest ? s.endedAt : latest), null);

  const lastPriorityFirst = syncs.find((s) => isPriorityFirstReschedule(s.status, s.reason)) ?? null;
  const lastOtherEnd = syncs.find((s) => !isPriorityFirstReschedule(s.status, s.reason)) ?? null;
  const priorityFirstPending = lastPriorityFirst !== null && (lastOtherEnd === null || lastPriorityFirst.endedAt > lastOtherEnd.endedAt);

  const problems = (events?.problems ?? []).map((r) => ({ ...toLogMessage(r), syncId: readCell.text(r.sync_id) }));
  const lastSevere = problems.find((p) => p.event === 'SEVERE') ?? null;
  const lastErrorInLastSync = lastSevere !== null && lastSync !== null && inSync(lastSevere, lastSync);

  const durations = syncs
    .slice(0, DURATION_SAMPLE)
    .map(durationMinutes)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);

  const lastStart = readCell.text(row.last_start_at);
  const lastEnd = readCell.text(row.last_end_at);
  const runningSince = lastStart !== null && (lastEnd === null || lastStart > lastEnd) ? lastStart : null;

  const seenMessages = new Set<string>();
  const latestErrors: LogMessage[] = [];
  for (const { syncId: _syncId, ...message } of problems) {
    const key = `${message.event}\u0000${message.message}`;
    if (seenMessages.has(key)) continue;
    seenMessages.add(key);
    latestErrors.push(message);
    if (latestErrors.length === LATEST_ERRORS) break;
  }

  const rowsModifiedLastSync = (events?.rows ?? []).reduce((sum, r) => sum + (numberField(parseMessageData(r.message_data), 'count') ?? 0), 0);

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
    hasError: readCell.count(row.severe_total) > 0,
    lastErrorInLastSync,
    priorityFirstPending,
    recentSyncs: syncs.slice(0, DURATION_SAMPLE),
    medianDurationMinutes: percentile(durations, 50),
    p95DurationMinutes: percentile(durations, 95),
    severeSinceLastSync: readCell.count(row.severe_since_last_sync),
    warningsSinceLastSync: readCell.count(row.warnings_since_last_sync),
    severe24h: readCell.count(row.severe_24h),
    firstSevere24hAt: readCell.text(row.first_severe_24h_at),
    warnings24h: readCell.count(row.warnings_24h),
    latestErrors,
    schemaChanges30d: (events?.schema ?? []).slice(0, SCHEMA_CHANGES_SHOWN).map(describeSchemaChange),
    rowsModifiedLastSync,
    marThisMonth: readCell.count(row.mar_this_month),
  };
}

/** Pure: the rows of the two snapshot statements into one read model. */
export function assembleSnapshot(connectionRows: Row[], eventRows: Row[], readAt: string): Snapshot {
  const events = groupEvents(eventRows);
  const connections = connectionRows.map((row) => assembleConnection(row, events.get(String(row.connection_id))));
  const observedAt = connectionRows.reduce<string | null>((latest, row) => {
    const at = readCell.text(row.observed_at);
    return at !== null && (latest === null || at > latest) ? at : latest;
  }, null);
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
