import { readConnectionRows, readSnapshot, readWindow, SNAPSHOT_WINDOW_DAYS } from '../src/fivetran/readSnapshot';
import { logStatement, snapshotRowFilter } from '../src/fivetran/snapshotQueries';
import { bindNamed } from '../src/warehouse/namedBinds';
import type { SchemaNaming } from '../src/fivetran/schemaNaming';
import type { Warehouse } from '../src/warehouse/types';
import { quickstartConnectionStatusSql } from './quickstartStatus';
import { median } from './stats';

/** The references Pulse's full read is measured beside, on the same file in the same run. */
export type ReadKind = 'fullRead' | 'fullReadWarehouse' | 'floor' | 'floorWithMessages' | 'floorOfSnapshotRows' | 'floorPerConnection' | 'quickstart' | 'perConnectionLoop';

export interface SideBySide {
  connections: number;
  /** LOG rows in the whole table, and in the 30-day window every reference but Quickstart reads. */
  logRows: number;
  windowRows: number;
  /** Medians of `runs` interleaved runs, in ms; the loop's is extrapolated from its sample. */
  medianMs: Record<ReadKind, number>;
  samples: Record<ReadKind, number[]>;
  /**
   * The same reads' CPU time (the process's, DuckDB's threads included), medians in ms: on a busy
   * machine wall time waits for the other work, CPU time much less so.
   */
  medianCpuMs: Record<ReadKind, number>;
  cpuSamples: Record<ReadKind, number[]>;
  loop: { sampled: number; perConnectionMs: number };
  runs: number;
}

const DAY_MS = 86_400_000;

function logConnection(naming: SchemaNaming): string {
  return naming.logIdColumns.length === 2 ? 'COALESCE(connection_id, connector_id)' : (naming.logIdColumns[0] ?? 'connection_id');
}

/**
 * The floor: a bare aggregate scan of the LOG rows a full read reads (its 30-day window), touching
 * the columns every read of them needs; nothing cheaper can still look at those rows.
 */
export function floorSql(naming: SchemaNaming): string {
  return `SELECT COUNT(*) AS n, MAX(time_stamp) AS newest, MAX(message_event) AS any_event, MAX(${logConnection(naming)}) AS any_connection
    FROM ${naming.schema}.LOG WHERE time_stamp >= ?::TIMESTAMP AND time_stamp <= ?::TIMESTAMP`;
}

/**
 * The floor of any read that shows messages: the same scan also decoding each row's id and
 * message_data, which every message shown needs and which LOG keeps in its widest columns.
 */
export function floorWithMessagesSql(naming: SchemaNaming): string {
  return `SELECT COUNT(*) AS n, MAX(time_stamp) AS newest, MAX(message_event) AS any_event, MAX(${logConnection(naming)}) AS any_connection,
      MAX(LENGTH(id)) AS longest_id, MAX(LENGTH(message_data)) AS longest_message
    FROM ${naming.schema}.LOG WHERE time_stamp >= ?::TIMESTAMP AND time_stamp <= ?::TIMESTAMP`;
}

/**
 * The floor of any full read that returns what a snapshot needs: a bare aggregate scan of the
 * window's rows of the kinds a snapshot uses (the row filter every read of LOG applies), decoding
 * the id, sync id and connection each returned row carries, but no message.
 */
export function floorOfSnapshotRowsSql(naming: SchemaNaming): string {
  return `SELECT COUNT(*) AS n, MAX(time_stamp) AS newest, MAX(${logConnection(naming)}) AS any_connection,
      MAX(LENGTH(id)) AS longest_id, MAX(LENGTH(sync_id)) AS longest_sync_id
    FROM ${naming.schema}.LOG WHERE time_stamp >= ?::TIMESTAMP AND time_stamp <= ?::TIMESTAMP AND ${snapshotRowFilter()}`;
}

/** The floor with one row per connection: the least a per-connection judgment can do with the window. */
export function floorPerConnectionSql(naming: SchemaNaming): string {
  return `SELECT ${logConnection(naming)} AS connection_id, COUNT(*) AS n, MAX(time_stamp) AS newest
    FROM ${naming.schema}.LOG WHERE time_stamp >= ?::TIMESTAMP AND time_stamp <= ?::TIMESTAMP GROUP BY 1`;
}

/**
 * What a monitor that asks about one connection at a time sends for each: its last start, end and
 * success and its errors of the last day, within the same 30-day window.
 */
export function perConnectionSql(naming: SchemaNaming): string {
  const ids = naming.logIdColumns.map((column) => `${column} = ?`).join(' OR ');
  return `SELECT
      MAX(CASE WHEN message_event = 'sync_start' THEN time_stamp END) AS last_start,
      MAX(CASE WHEN message_event = 'sync_end' THEN time_stamp END) AS last_end,
      MAX(CASE WHEN message_event = 'sync_end' AND json_extract_string(message_data, '$.status') = 'SUCCESSFUL' THEN time_stamp END) AS last_success,
      COUNT(*) FILTER (WHERE event = 'SEVERE' AND time_stamp > ?::TIMESTAMP) AS errors_24h
    FROM ${naming.schema}.LOG WHERE (${ids}) AND time_stamp >= ?::TIMESTAMP AND time_stamp <= ?::TIMESTAMP`;
}

/** Evenly spread connections to loop over, always the same ones for the same file. */
async function sampleConnections(warehouse: Warehouse, naming: SchemaNaming, size: number): Promise<{ total: number; sample: string[] }> {
  const rows = await warehouse.query(`SELECT ${naming.connectionIdColumn} AS id FROM ${naming.schema}.${naming.connectionTable} ORDER BY 1`, [], { tag: 'bench:connections' });
  const ids = rows.map((row) => String(row.id));
  const step = Math.max(1, Math.floor(ids.length / size));
  return { total: ids.length, sample: ids.filter((_, index) => index % step === 0).slice(0, size) };
}

async function timed(work: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: performance.now() - startedAt, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Pulse's full read beside its floor, Fivetran's Quickstart logic and a per-connection loop, run
 * in turn `runs` times (interleaved, so the machine's load falls on all alike), medians compared.
 */
export async function measureSideBySide(warehouse: Warehouse, naming: SchemaNaming, at: Date, options: { runs: number; loopSample: number }): Promise<SideBySide> {
  const windowStart = new Date(at.getTime() - SNAPSHOT_WINDOW_DAYS * DAY_MS);
  const window = [windowStart.toISOString(), at.toISOString()];
  const { total, sample } = await sampleConnections(warehouse, naming, options.loopSample);
  const [counts] = await warehouse.query(`SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE time_stamp >= ?::TIMESTAMP AND time_stamp <= ?::TIMESTAMP) AS in_window FROM ${naming.schema}.LOG`, window, { tag: 'bench:log-rows' });
  const quickstart = quickstartConnectionStatusSql(naming, at);
  const dayBefore = new Date(at.getTime() - DAY_MS).toISOString();

  const readWindowAt = readWindow(at);
  const log = bindNamed(logStatement(naming), { from: readWindowAt.from, to: readWindowAt.to });
  const reads: Record<ReadKind, () => Promise<unknown>> = {
    fullRead: () => readSnapshot(warehouse, naming, { at }),
    // Its statements alone, run together as the read runs them, rows converted: the warehouse's part.
    fullReadWarehouse: () => Promise.all([readConnectionRows(warehouse, naming, readWindowAt), warehouse.query(log.sql, log.binds, { tag: 'snapshot:events' })]),
    floor: () => warehouse.query(floorSql(naming), window, { tag: 'bench:floor' }),
    floorWithMessages: () => warehouse.query(floorWithMessagesSql(naming), window, { tag: 'bench:floor-with-messages' }),
    floorOfSnapshotRows: () => warehouse.query(floorOfSnapshotRowsSql(naming), window, { tag: 'bench:floor-of-snapshot-rows' }),
    floorPerConnection: () => warehouse.query(floorPerConnectionSql(naming), window, { tag: 'bench:floor-per-connection' }),
    quickstart: () => warehouse.query(quickstart, [], { tag: 'bench:quickstart-connection-status' }),
    perConnectionLoop: async () => {
      for (const id of sample) await warehouse.query(perConnectionSql(naming), [dayBefore, ...naming.logIdColumns.map(() => id), ...window], { tag: 'bench:per-connection' });
    },
  };
  const kinds = Object.keys(reads) as ReadKind[];
  const samples = Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<ReadKind, number[]>;
  const cpuSamples = Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<ReadKind, number[]>;
  // One untimed round first: the file's blocks in memory for every read alike.
  for (const kind of kinds) await reads[kind]();
  for (let run = 0; run < options.runs; run += 1) {
    for (const kind of kinds) {
      const { wallMs, cpuMs } = await timed(reads[kind]);
      samples[kind].push(wallMs);
      cpuSamples[kind].push(cpuMs);
    }
  }
  const medians = (of: Record<ReadKind, number[]>) => Object.fromEntries(kinds.map((kind) => [kind, median(of[kind])])) as Record<ReadKind, number>;
  const medianMs = medians(samples);
  const medianCpuMs = medians(cpuSamples);
  const perConnectionMs = medianMs.perConnectionLoop / Math.max(1, sample.length);
  medianMs.perConnectionLoop = perConnectionMs * total;
  medianCpuMs.perConnectionLoop = (medianCpuMs.perConnectionLoop / Math.max(1, sample.length)) * total;
  return {
    connections: total,
    logRows: Number(counts?.n),
    windowRows: Number(counts?.in_window),
    medianMs,
    samples,
    medianCpuMs,
    cpuSamples,
    loop: { sampled: sample.length, perConnectionMs },
    runs: options.runs,
  };
}
