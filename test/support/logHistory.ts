/**
 * Random LOG histories for the read model's equivalence test: connections that sync one sync at a
 * time, with errors, warnings, rows modified and schema changes, loaded by a Platform connection
 * every few minutes, some rows loaded late (long after their time_stamp), some written twice,
 * some sharing an id and time with another event, some committed after a read yet stamped with
 * an earlier load; CONNECTION rows renamed, paused, deleted and created as time goes on, connector
 * types and destinations renamed, and INCREMENTAL_MAR rows added and updated in place, each change
 * loaded at a time of its own (some committed after a read yet stamped with an earlier load).
 */

export interface HistoryRow {
  id: string;
  time_stamp: string;
  connection_id: string | null;
  event: string;
  message_event: string;
  message_data: string | null;
  sync_id: string | null;
  synced: string;
  /** Committed at the cycle after its load would make it visible (a late commit). */
  lateCommit: boolean;
}

export interface ConnectionState {
  id: string;
  name: string;
  paused: boolean;
  deleted: boolean;
  /** The load that wrote this version of the row. */
  synced: string;
}

/** A row of INCREMENTAL_MAR as a load writes it: a new row, or the same key with a new count. */
export interface MarChange {
  name: string;
  destination: string;
  date: string;
  table: string;
  rows: number;
  synced: string;
}

/** A connector type's or a destination's name, as a load writes it. */
export interface NameChange {
  table: 'CONNECTOR_TYPE' | 'DESTINATION';
  id: string;
  name: string;
  synced: string;
}

export interface History {
  rows: HistoryRow[];
  cycles: number[];
  /** CONNECTION as it is at each cycle: a connection absent from it has no row yet. */
  connectionsAt: ConnectionState[][];
  /** What each cycle's loads wrote to INCREMENTAL_MAR, CONNECTOR_TYPE and DESTINATION. */
  marAt: MarChange[][];
  namesAt: NameChange[][];
}

export interface HistoryOptions {
  seed: number;
  connections: number;
  start: number;
  /** How long the history runs, and when cycles begin and end. */
  days: number;
  firstCycleAfterDays: number;
  /** No row commits so late that a read's overlap would not see it. */
  overlapMinutes: number;
}

const MINUTE = 60_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MESSAGES = ['Connection refused', 'Timeout reading from source', 'Invalid credentials', 'Table was excluded'];
const STATUSES = [
  { status: 'SUCCESSFUL' },
  { status: 'SUCCESSFUL' },
  { status: 'SUCCESSFUL' },
  { status: 'FAILURE', reason: 'java.lang.RuntimeException: too many connections' },
  { status: 'FAILURE_WITH_TASK', reason: 'Reconnect the source', taskType: 'reconnect' },
  { status: 'CANCELED', reason: 'Sync has been cancelled because of a user action in the dashboard.' },
  { status: 'RESCHEDULED', reason: 'This is intended behavior and means that the connection is working as expected.' },
  { status: 'RESCHEDULED', reason: 'Rescheduled because of the rate limit' },
  { status: 'UNSUCCESSFUL', reason: 'the text says SUCCESSFUL but the status is not' },
];
const SCHEMA_EVENTS = ['create_table', 'alter_table', 'drop_table', 'create_schema', 'change_schema_config'];

export function generateHistory(options: HistoryOptions): History {
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;
  const between = (low: number, high: number) => low + random() * (high - low);
  const end = options.start + options.days * 1440 * MINUTE;
  let counter = 0;
  const nextId = () => `e${(counter += 1)}`;
  // Seconds, sometimes with milliseconds: both engines keep them.
  const stamp = (ms: number) => new Date(chance(0.3) ? Math.floor(ms) : Math.floor(ms / 1000) * 1000).toISOString();

  // The Platform connection loads every few minutes.
  const loadEvery = pick([10, 15, 30]) * MINUTE;
  const loadAfter = (ms: number) => Math.ceil((ms + 1) / loadEvery) * loadEvery + (options.start % loadEvery);
  const synced = (ts: string) => {
    const at = Date.parse(ts);
    // Most rows load at the next load; some much later (a late load), a few many hours late.
    const late = chance(0.1) ? Math.floor(between(1, 8)) * loadEvery : chance(0.02) ? Math.floor(between(10, 40)) * loadEvery : 0;
    return new Date(loadAfter(at) + late).toISOString();
  };

  const rows: HistoryRow[] = [];
  const push = (row: Omit<HistoryRow, 'synced' | 'lateCommit'>) => {
    const full: HistoryRow = { ...row, synced: synced(row.time_stamp), lateCommit: chance(0.05) };
    rows.push(full);
    // LOG's duplicates: the same row again, maybe loaded at another time.
    if (chance(0.05)) rows.push({ ...full, synced: chance(0.5) ? full.synced : synced(row.time_stamp), lateCommit: chance(0.05) });
  };

  const ids = Array.from({ length: options.connections }, (_, i) => `c${i}`);
  for (const cid of ids) {
    let t = options.start - between(0, 1440) * MINUTE;
    while (t < end) {
      const syncId = chance(0.05) ? null : `s${nextId()}`;
      const startedAt = stamp(t);
      push({ id: nextId(), time_stamp: startedAt, connection_id: cid, event: 'INFO', message_event: 'sync_start', message_data: null, sync_id: syncId });
      const duration = chance(0.1) ? between(120, 600) : between(1, 60);
      const endAt = t + duration * MINUTE;
      const during = () => stamp(between(t + 1000, endAt - 1000));
      for (let i = 0, n = chance(0.3) ? Math.floor(between(1, 6)) : 0; i < n; i += 1) {
        const severe = chance(0.6);
        push({
          id: nextId(),
          time_stamp: during(),
          connection_id: cid,
          event: severe ? 'SEVERE' : 'WARNING',
          message_event: severe ? 'error' : chance(0.8) ? 'warning' : 'forced_resync_table',
          message_data: JSON.stringify({ type: severe ? 'open_file' : 'table_excluded', message: pick(MESSAGES) }),
          sync_id: chance(0.8) ? syncId : null,
        });
      }
      const tables = Math.floor(between(0, 4));
      const sharedId = nextId();
      const sharedAt = during();
      for (let i = 0; i < tables; i += 1) {
        const shared = chance(0.3);
        push({
          id: shared ? sharedId : nextId(),
          time_stamp: shared ? sharedAt : during(),
          connection_id: cid,
          event: 'INFO',
          message_event: 'records_modified',
          message_data: JSON.stringify({ schema: 's', table: `t${i}`, operationType: 'REPLACED_OR_INSERTED', count: Math.floor(between(0, 500)) }),
          sync_id: syncId,
        });
      }
      push({ id: nextId(), time_stamp: during(), connection_id: cid, event: 'INFO', message_event: 'write_to_table_start', message_data: '{"table":"t0"}', sync_id: syncId });
      if (chance(0.08)) {
        push({ id: nextId(), time_stamp: during(), connection_id: cid, event: 'INFO', message_event: pick(SCHEMA_EVENTS), message_data: JSON.stringify({ schema: 's', table: `t${Math.floor(between(0, 9))}`, type: 'ADD_COLUMN' }), sync_id: null });
      }
      // Some syncs never log their end: still running, or lost.
      if (!chance(0.05) && endAt < end) {
        const outcome = pick(STATUSES);
        push({ id: nextId(), time_stamp: stamp(endAt), connection_id: cid, event: 'INFO', message_event: chance(0.1) ? 'status' : 'sync_end', message_data: JSON.stringify(outcome), sync_id: syncId });
      }
      t = endAt + (chance(0.05) ? between(600, 2000) : between(5, 180)) * MINUTE;
    }
  }
  // Account-level events carry no connection.
  for (let i = 0; i < 5; i += 1) {
    push({ id: nextId(), time_stamp: stamp(between(options.start, end)), connection_id: null, event: 'SEVERE', message_event: 'error', message_data: '{"message":"account"}', sync_id: null });
  }
  // Errors that share an id and time with another error of the same connection.
  for (let i = 0; i < 3; i += 1) {
    const source = rows[Math.floor(random() * rows.length)] as HistoryRow;
    if (source.connection_id === null) continue;
    push({ id: source.id, time_stamp: source.time_stamp, connection_id: source.connection_id, event: 'SEVERE', message_event: 'error', message_data: '{"message":"shares its key"}', sync_id: source.sync_id });
  }

  // Cycles: mostly 15 min to 3 h apart, now and then a gap of the app being away.
  const cycles: number[] = [];
  for (let at = options.start + options.firstCycleAfterDays * 1440 * MINUTE; at < end; at += (chance(0.08) ? between(360, 900) : between(15, 180)) * MINUTE) cycles.push(Math.floor(at));

  // A late commit never falls behind the overlap of the read before it.
  const slack = (options.overlapMinutes - 10) * MINUTE;
  for (const row of rows) {
    if (!row.lateCommit) continue;
    const loaded = Date.parse(row.synced);
    const previous = cycles.filter((at) => at >= loaded).at(0);
    const before = cycles.filter((at) => at < (previous ?? Infinity)).at(-1);
    if (previous === undefined || before === undefined || loaded <= previous - slack) row.lateCommit = false;
  }

  // The small tables' changes of a cycle are loaded just before it, or (committed late) before the
  // read before it, within the overlap.
  const changeSynced = (i: number) => new Date(i > 0 && chance(0.2) ? (cycles[i - 1] as number) - 10 * MINUTE : (cycles[i] as number) - MINUTE).toISOString();
  const startedAt = new Date(options.start - 1440 * MINUTE).toISOString();
  // The last connection with LOG rows has no CONNECTION row until a random cycle.
  const joinsAt = ids.length > 1 ? Math.floor(random() * cycles.length) : -1;
  let connections: ConnectionState[] = ids.filter((_, k) => joinsAt < 0 || k < ids.length - 1).map((id) => ({ id, name: `${id}_source`, paused: false, deleted: false, synced: startedAt }));
  const connectionsAt: ConnectionState[][] = [];
  const marAt: MarChange[][] = [];
  const namesAt: NameChange[][] = [];
  const marKeys: Array<Omit<MarChange, 'rows' | 'synced'>> = [];
  for (let i = 0; i < cycles.length; i += 1) {
    const synced = changeSynced(i);
    connections = connections.map((c) => {
      if (chance(0.05)) return { ...c, name: `${c.id}_renamed_${i}`, synced };
      if (chance(0.05)) return { ...c, paused: !c.paused, synced };
      if (chance(0.03)) return { ...c, deleted: !c.deleted, synced };
      return c;
    });
    if (i === joinsAt) connections = [...connections, { id: ids.at(-1) as string, name: `${ids.at(-1) as string}_source`, paused: false, deleted: false, synced }];
    // A connection without LOG rows yet.
    if (chance(0.04)) connections = [...connections, { id: `new${i}`, name: `new${i}_source`, paused: chance(0.5), deleted: false, synced }];
    connectionsAt.push(connections);

    const day = new Date(cycles[i] as number).toISOString().slice(0, 10);
    const yesterday = new Date((cycles[i] as number) - 1440 * MINUTE).toISOString().slice(0, 10);
    const mar: MarChange[] = [];
    for (const c of connections) {
      if (!chance(0.4)) continue;
      // Mostly the day's rows, counted up in place; now and then a late row of the day before.
      const known = marKeys.filter((key) => key.name === c.name && (key.date === day || key.date === yesterday));
      const key = known.length > 0 && chance(0.6) ? pick(known) : { name: c.name, destination: chance(0.8) ? 'dest_main' : 'dest_other', date: chance(0.85) ? day : yesterday, table: `t${Math.floor(between(0, 3))}` };
      if (!known.includes(key)) marKeys.push(key);
      mar.push({ ...key, rows: Math.floor(between(1, 1000)), synced: changeSynced(i) });
    }
    // MAR of a name no connection has.
    if (chance(0.1)) mar.push({ name: 'gone_source', destination: 'dest_main', date: day, table: 't0', rows: 7, synced });
    marAt.push(mar);

    const names: NameChange[] = [];
    if (chance(0.1)) names.push({ table: 'CONNECTOR_TYPE', id: 'postgres', name: `PostgreSQL ${i}`, synced: changeSynced(i) });
    if (chance(0.1)) names.push({ table: 'DESTINATION', id: 'dest_main', name: `Main warehouse ${i}`, synced: changeSynced(i) });
    namesAt.push(names);
  }
  return { rows, cycles, connectionsAt, marAt, namesAt };
}

/** The rows a cycle at `at` adds to LOG: loaded by then, and not committed late (those come one cycle after). */
export function rowsCommittedBy(history: History, cycleIndex: number): HistoryRow[] {
  const at = history.cycles[cycleIndex] as number;
  const before = cycleIndex > 0 ? (history.cycles[cycleIndex - 1] as number) : -Infinity;
  const beforeThat = cycleIndex > 1 ? (history.cycles[cycleIndex - 2] as number) : -Infinity;
  return history.rows.filter((row) => {
    const loaded = Date.parse(row.synced);
    if (!row.lateCommit) return loaded <= at && loaded > before;
    // Visible one cycle after its load.
    return loaded <= before && loaded > beforeThat;
  });
}
