import { connectorType } from './catalog';
import { roundedSize } from './messages';
import type { ConnectionPlan, PlannedSync } from './plan';
import type { Random } from './random';

export interface LogEvent {
  id: string;
  at: number;
  event: 'INFO' | 'WARNING' | 'SEVERE';
  messageEvent: string;
  data: string | null;
  syncId: string | null;
}

export interface EventSink {
  log(event: LogEvent): void;
  /** Rows a sync wrote to a table (what INCREMENTAL_MAR sums per day). */
  modified(at: number, table: string, rows: number): void;
}

/**
 * Turns a connection's plan into LOG rows in the order Fivetran writes them: per sync a sync_start,
 * per table write_to_table_start / write_to_table_end / records_modified, then extract_summary,
 * sync_stats and sync_end. Nothing is written after `observedAt` or before `windowStart`.
 */
export function emitConnectionEvents(plan: ConnectionPlan, random: Random, window: { start: number; observedAt: number }, sink: EventSink): void {
  const type = connectorType(plan.connectorTypeId);
  for (const loose of plan.looseEvents) {
    if (loose.at < window.start || loose.at > window.observedAt) continue;
    sink.log({ id: random.hex(16), at: loose.at, event: loose.event, messageEvent: loose.messageEvent, data: loose.data, syncId: null });
  }
  for (const sync of plan.syncs) {
    if (sync.startAt < window.start || sync.startAt > window.observedAt) continue;
    emitSync(plan, sync, type, random, window.observedAt, sink);
  }
}

function emitSync(
  plan: ConnectionPlan,
  sync: PlannedSync,
  type: ReturnType<typeof connectorType>,
  random: Random,
  observedAt: number,
  sink: EventSink,
): void {
  const syncId = random.uuid();
  const running = sync.endAt === null;
  const end = Math.min(sync.endAt ?? observedAt, observedAt);
  const span = Math.max(0, end - sync.startAt);
  const at = (fraction: number) => Math.min(end, sync.startAt + Math.round(span * fraction));
  const write = (when: number, event: LogEvent['event'], messageEvent: string, data: string | null) => {
    const row: LogEvent = { id: random.hex(16), at: when, event, messageEvent, data, syncId };
    sink.log(row);
    if (sync.duplicated) sink.log(row);
  };

  write(sync.startAt, 'INFO', 'sync_start', null);
  for (const change of sync.schemaChanges ?? []) {
    write(Math.max(sync.startAt, Math.min(end, change.at)), change.event, change.messageEvent, change.data);
  }

  const tableCount = Math.min(sync.tableCount ?? random.int(1, Math.min(2, type.tables.length)), type.tables.length);
  const firstTable = random.int(0, type.tables.length - 1);
  const historical = tableCount === type.tables.length && tableCount > 2;
  let totalRows = 0;
  for (let j = 0; j < tableCount; j++) {
    const table = type.tables[(firstTable + j) % type.tables.length] as string;
    const startFraction = 0.1 + (0.7 * j) / tableCount;
    const endFraction = startFraction + (0.6 / tableCount);
    write(at(startFraction), 'INFO', 'write_to_table_start', `{"table":"${table}"}`);
    // A running sync is still writing its last table.
    if (running && j === tableCount - 1) break;
    const rows = historical ? random.int(5_000, 500_000) : Math.floor(Math.exp(random.between(0, 9)));
    totalRows += rows;
    write(at(endFraction), 'INFO', 'write_to_table_end', `{"table":"${table}"}`);
    const operation = random.chance(0.1) ? 'DELETED' : 'REPLACED_OR_INSERTED';
    write(at(endFraction), 'INFO', 'records_modified', `{"schema":"${plan.connectionName}","table":"${table}","operationType":"${operation}","count":${rows}}`);
    sink.modified(at(endFraction), table, rows);
  }

  for (const [i, problem] of (sync.warnings ?? []).entries()) {
    const data = problem.plainText ? problem.message : JSON.stringify({ type: problem.type, message: problem.message });
    write(Math.min(end, at(0.35) + i * 1000), 'WARNING', 'warning', data);
  }
  for (const [i, problem] of (sync.errors ?? []).entries()) {
    const data = problem.plainText ? problem.message : JSON.stringify({ type: problem.type, message: problem.message });
    write(Math.min(end, at(0.5) + i * 1000), 'SEVERE', 'error', data);
  }
  if (running || sync.status === null) return;

  if (sync.status === 'SUCCESSFUL' || sync.status === 'RESCHEDULED') {
    const queries = random.int(3, 120);
    const bytes = random.int(2_000, 50_000_000);
    const summary = type.camelCaseSummary
      ? `{"totalQueries":${queries},"total_rows":${totalRows}}`
      : `{"total_size":${bytes},"rounded_total_size":"${roundedSize(bytes)}","status":"SUCCESS","total_queries":${queries},"total_rows":${totalRows}}`;
    write(at(0.9), 'INFO', 'extract_summary', summary);
    const seconds = span / 1000;
    const extract = seconds * random.between(0.3, 0.6);
    const process = seconds * random.between(0.1, 0.2);
    const megabytes = bytes / 1_048_576;
    write(
      at(0.98),
      'INFO',
      'sync_stats',
      `{"extract_time_s":${extract.toFixed(2)},"extract_volume_mb":${megabytes.toFixed(2)},"process_time_s":${process.toFixed(2)},"process_volume_mb":${(megabytes * 0.8).toFixed(2)},"load_time_s":${(seconds - extract - process).toFixed(2)},"load_volume_mb":${(megabytes * 0.8).toFixed(2)},"total_time_s":${seconds.toFixed(2)}}`,
    );
  }

  const payload: Record<string, string> = { status: sync.status };
  if (sync.reason) payload.reason = sync.reason;
  if (sync.taskType) payload[sync.taskTypeKey ?? 'taskType'] = sync.taskType;
  const encoded = JSON.stringify(payload);
  write(end, 'INFO', 'sync_end', sync.doubleEncodedEnd ? JSON.stringify(encoded) : encoded);
}
