import fc from 'fast-check';
import pino from 'pino';
import { EMPTY_RULES } from '../../../src/config/loadAlertRules';
import { createReadModel } from '../../../src/fivetran/readModel/createReadModel';
import { readSnapshot } from '../../../src/fivetran/readSnapshot';
import { assess } from '../../../src/health/assess';
import { createDuckDbWarehouse } from '../../../src/warehouse/duckdb';
import { createSnowflakeWarehouse } from '../../../src/warehouse/snowflake';
import type { Warehouse } from '../../../src/warehouse/types';
import { generateHistory, rowsCommittedBy, type History, type HistoryRow } from '../../support/logHistory';
import { manualClock } from '../../support/manualClock';
import { PlatformData } from '../../support/platformData';
import { standInConfig } from '../../support/snowflake/fixtures';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../../support/snowflake';

/**
 * The incremental read model must be the full read, exactly: after every cycle of a random
 * history (LOG rows loaded late, loaded twice, committed after a read with an earlier load time,
 * sharing ids; connections renamed, paused, deleted and created, connector types and destinations
 * renamed, MAR rows added and updated in place, through the end of a month; the window sliding
 * over it all), the snapshot it keeps, and so every judgment made from it, equals a full read's,
 * on both engines.
 */

const WINDOW_DAYS = 1;
const OVERLAP_MINUTES = 60;
// Two days before a month ends: histories run into the next month.
const START = Date.parse('2026-06-29T12:00:00.000Z');
const PASSWORD = 'correct horse battery staple';

const quote = (value: string | null) => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`);
const logValues = (row: HistoryRow) =>
  `(${quote(row.id)}, ${quote(row.time_stamp)}::TIMESTAMP, ${quote(row.connection_id)}, NULL, ${quote(row.event)}, ${quote(row.message_event)}, ${quote(row.message_data)}, ${quote(row.sync_id)}, ${quote(row.synced)}::TIMESTAMP)`;

async function prepare(warehouse: Warehouse, history: History): Promise<PlatformData> {
  const data = new PlatformData().loadedAt(new Date(START).toISOString());
  for (const c of history.connectionsAt[0] ?? []) data.connection({ id: c.id, name: c.name, signedUp: new Date(START - 86_400_000).toISOString() });
  data.marRows('c0_source', 'dest_main', '2026-06-28', 120);
  await data.writeTo(warehouse);
  return data;
}

/** What the small tables' changes of a replay did, to be sure a history exercised them. */
interface Exercised {
  connectionChanges: number;
  deletions: number;
  creations: number;
  marUpdatesInPlace: number;
  nameChanges: number;
}

async function commit(warehouse: Warehouse, history: History, cycle: number, marKeys: Set<string>, exercised: Exercised): Promise<void> {
  const rows = rowsCommittedBy(history, cycle);
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows.slice(i, i + 200).map(logValues).join(',\n');
    await warehouse.query(`INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, connector_id, event, message_event, message_data, sync_id, _fivetran_synced) VALUES ${values}`, [], { tag: 'test:fixture' });
  }
  const q = (sql: string, binds: Array<string | number | boolean>) => warehouse.query(sql, binds, { tag: 'test:fixture' });
  const before = new Map((cycle > 0 ? (history.connectionsAt[cycle - 1] ?? []) : (history.connectionsAt[0] ?? [])).map((c) => [c.id, c]));
  for (const c of history.connectionsAt[cycle] ?? []) {
    const was = before.get(c.id);
    if (was === c) continue;
    if (was === undefined) {
      await q(`INSERT INTO FIVETRAN_LOG.CONNECTION (connection_id, connection_name, connector_type_id, destination_id, paused, signed_up, sync_frequency, _fivetran_deleted, _fivetran_synced)
        VALUES (?, ?, 'postgres', 'dest_main', ?, ?::TIMESTAMP, 60, ?, ?::TIMESTAMP)`, [c.id, c.name, c.paused, c.synced, c.deleted, c.synced]);
      exercised.creations += 1;
      continue;
    }
    await q('UPDATE FIVETRAN_LOG.CONNECTION SET connection_name = ?, paused = ?, _fivetran_deleted = ?, _fivetran_synced = ?::TIMESTAMP WHERE connection_id = ?', [c.name, c.paused, c.deleted, c.synced, c.id]);
    exercised.connectionChanges += 1;
    if (c.deleted && !was.deleted) exercised.deletions += 1;
  }
  for (const m of history.marAt[cycle] ?? []) {
    const key = JSON.stringify([m.name, m.destination, m.date, m.table]);
    if (marKeys.has(key)) {
      await q(`UPDATE FIVETRAN_LOG.INCREMENTAL_MAR SET incremental_rows = ?, _fivetran_synced = ?::TIMESTAMP
        WHERE connection_name = ? AND destination_id = ? AND measured_date = ?::DATE AND table_name = ?`, [m.rows, m.synced, m.name, m.destination, m.date, m.table]);
      exercised.marUpdatesInPlace += 1;
    } else {
      await q(`INSERT INTO FIVETRAN_LOG.INCREMENTAL_MAR (measured_date, connection_name, destination_id, schema_name, table_name, free_type, incremental_rows, _fivetran_synced)
        VALUES (?::DATE, ?, ?, 's', ?, 'PAID', ?, ?::TIMESTAMP)`, [m.date, m.name, m.destination, m.table, m.rows, m.synced]);
      marKeys.add(key);
    }
  }
  for (const n of history.namesAt[cycle] ?? []) {
    const column = n.table === 'CONNECTOR_TYPE' ? 'official_connector_name' : 'name';
    await q(`UPDATE FIVETRAN_LOG.${n.table} SET ${column} = ?, _fivetran_synced = ?::TIMESTAMP WHERE id = ?`, [n.name, n.synced, n.id]);
    exercised.nameChanges += 1;
  }
}

/**
 * What the snapshot must say of each connection, worked out the plain way from every row LOG
 * holds: a check of the full read itself, so that the fold both reads share cannot be wrong in
 * the same way twice.
 */
function expectedFromRows(committed: readonly HistoryRow[], at: number): { observedAt: string | null; connections: Map<string, Record<string, unknown>> } {
  const from = new Date(at - WINDOW_DAYS * 86_400_000).toISOString();
  const to = new Date(at).toISOString();
  const visible = committed.filter((r) => r.time_stamp >= from && r.time_stamp <= to && r.synced <= to);
  const observedAt = visible.reduce<string | null>((max, r) => (max === null || r.synced > max ? r.synced : max), null);
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const connections = new Map<string, Record<string, unknown>>();
  for (const cid of new Set(visible.map((r) => r.connection_id).filter((c): c is string => c !== null))) {
    const byKey = new Map<string, HistoryRow>();
    for (const r of visible) if (r.connection_id === cid) byKey.set(JSON.stringify([r.id, r.time_stamp, r.event, r.message_event, r.message_data, r.sync_id]), r);
    const rows = [...byKey.values()];
    const ends = rows
      .filter((r) => r.message_event === 'sync_end' || r.message_event === 'status')
      .sort((a, b) => (a.time_stamp !== b.time_stamp ? (a.time_stamp > b.time_stamp ? -1 : 1) : a.id > b.id ? -1 : a.id < b.id ? 1 : 0));
    const lastEnd = ends[0]?.time_stamp ?? null;
    const starts = rows.filter((r) => r.message_event === 'sync_start').map((r) => r.time_stamp).sort();
    const problems = new Map<string, HistoryRow>();
    for (const r of rows) if (r.event === 'SEVERE' || r.event === 'WARNING') problems.set(JSON.stringify([r.event, r.id, r.time_stamp]), r);
    const count = (event: string, include: (r: HistoryRow) => boolean) => [...problems.values()].filter((r) => r.event === event && include(r)).length;
    const in24h = (r: HistoryRow) => observedAt !== null && seconds(observedAt) - seconds(r.time_stamp) < 86_400;
    const sinceEnd = (r: HistoryRow) => lastEnd === null || r.time_stamp > lastEnd;
    const lastSyncId = ends[0]?.sync_id ?? null;
    const modified = rows
      .filter((r) => r.message_event === 'records_modified' && lastSyncId !== null && r.sync_id === lastSyncId)
      .reduce((sum, r) => sum + Number((JSON.parse(r.message_data as string) as { count: number }).count), 0);
    connections.set(cid, {
      lastSyncCompletedAt: lastEnd,
      lastSyncStartedAt: starts.at(-1) ?? null,
      lastSyncStatus: ends[0] ? (JSON.parse(ends[0].message_data as string) as { status: string }).status : null,
      hasError: count('SEVERE', () => true) > 0,
      severe24h: count('SEVERE', in24h),
      warnings24h: count('WARNING', in24h),
      severeSinceLastSync: count('SEVERE', sinceEnd),
      warningsSinceLastSync: count('WARNING', sinceEnd),
      rowsModifiedLastSync: modified,
    });
  }
  return { observedAt, connections };
}

/** Replays a history cycle by cycle, comparing the read model with a full read each time. */
async function replay(open: () => Promise<Warehouse>, history: History): Promise<{ modes: string[]; months: string[]; exercised: Exercised }> {
  const warehouse = await open();
  const modes: string[] = [];
  const months: string[] = [];
  const marKeys = new Set<string>();
  const exercised: Exercised = { connectionChanges: 0, deletions: 0, creations: 0, marUpdatesInPlace: 0, nameChanges: 0 };
  try {
    const data = await prepare(warehouse, history);
    const model = createReadModel(warehouse, data.schemaNaming, { windowDays: WINDOW_DAYS, overlapMinutes: OVERLAP_MINUTES });
    const committed: HistoryRow[] = [];
    for (let cycle = 0; cycle < history.cycles.length; cycle += 1) {
      await commit(warehouse, history, cycle, marKeys, exercised);
      committed.push(...rowsCommittedBy(history, cycle));
      const at = new Date(history.cycles[cycle] as number);
      const read = await model.read(at);
      const full = await readSnapshot(warehouse, data.schemaNaming, { at, windowDays: WINDOW_DAYS });
      modes.push(read.mode);
      months.push(at.toISOString().slice(0, 7));
      expect({ cycle, at: at.toISOString(), snapshot: read.snapshot }).toEqual({ cycle, at: at.toISOString(), snapshot: full });
      expect(assess(read.snapshot, [], EMPTY_RULES, at)).toEqual(assess(full, [], EMPTY_RULES, at));

      const expected = expectedFromRows(committed, at.getTime());
      if (full.connections.length > 0) expect(full.observedAt).toBe(expected.observedAt);
      for (const c of full.connections.filter((c) => c.connectorType !== 'fivetran_log')) {
        const said = {
          lastSyncCompletedAt: c.lastSyncCompletedAt,
          lastSyncStartedAt: c.lastSyncStartedAt,
          lastSyncStatus: c.lastSync?.status ?? null,
          hasError: c.hasError,
          severe24h: c.severe24h,
          warnings24h: c.warnings24h,
          severeSinceLastSync: c.severeSinceLastSync,
          warningsSinceLastSync: c.warningsSinceLastSync,
          rowsModifiedLastSync: c.rowsModifiedLastSync,
        };
        const none = { lastSyncCompletedAt: null, lastSyncStartedAt: null, lastSyncStatus: null, hasError: false, severe24h: 0, warnings24h: 0, severeSinceLastSync: 0, warningsSinceLastSync: 0, rowsModifiedLastSync: 0 };
        expect({ cycle, connection: c.connectionId, ...said }).toEqual({ cycle, connection: c.connectionId, ...(expected.connections.get(c.connectionId) ?? none) });
      }
    }
  } finally {
    await warehouse.close();
  }
  return { modes, months, exercised };
}

const historyArbitrary = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  connections: fc.integer({ min: 1, max: 3 }),
  firstCycleAfterDays: fc.double({ min: 0, max: 1.2, noNaN: true }),
});

const historyOf = (spec: { seed: number; connections: number; firstCycleAfterDays: number }, days: number) =>
  generateHistory({ ...spec, start: START, days, overlapMinutes: OVERLAP_MINUTES });

const openDuckDb = async () => createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 120, logger: pino({ level: 'silent' }) });

describe('the incremental read model equals a full read, cycle after cycle', () => {
  it('on DuckDB, for a fixed history', async () => {
    const { modes, months, exercised } = await replay(openDuckDb, historyOf({ seed: 20260610, connections: 3, firstCycleAfterDays: 0.8 }, 2.5));
    // The history has incremental cycles, and full ones after a gap.
    expect(modes[0]).toBe('full');
    expect(modes.filter((mode) => mode === 'incremental').length).toBeGreaterThan(5);
    // The first cycle of the next month is an incremental one, and every kind of change happened.
    const newMonth = months.findIndex((month) => month !== months[0]);
    expect(newMonth).toBeGreaterThan(0);
    expect(modes[newMonth]).toBe('incremental');
    expect(Object.entries(exercised).filter(([, count]) => count === 0)).toEqual([]);
  });

  it('on DuckDB, for a history where the end of a sync is loaded after the next sync started', async () => {
    // Found by the random histories: the full read must still send the start of a sync whose end it has not seen.
    await replay(openDuckDb, historyOf({ seed: 14, connections: 3, firstCycleAfterDays: 0 }, 2));
  });

  it('on DuckDB, for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (spec) => {
        await replay(openDuckDb, historyOf(spec, 2));
      }),
      { numRuns: 3 },
    );
  });

  describe('through snowflake-sdk against the Snowflake stand-in', () => {
    let standIn: SnowflakeStandIn;
    beforeAll(async () => {
      standIn = await startSnowflakeStandIn({ users: [{ name: 'PULSE', password: PASSWORD }] });
    });
    afterAll(async () => {
      await standIn.close();
    });

    // One stand-in serves one in-memory DuckDB: each history starts by dropping the last one's schema.
    const openSnowflake = async () => {
      const warehouse = createSnowflakeWarehouse({
        config: standInConfig(standIn, 'pulse', { kind: 'password', password: PASSWORD }),
        queryTimeoutSeconds: 120,
        logger: pino({ level: 'silent' }),
        clock: manualClock(),
      });
      await warehouse.query('DROP SCHEMA IF EXISTS FIVETRAN_LOG CASCADE', [], { tag: 'test:fixture' });
      return warehouse;
    };

    it('for a fixed history', async () => {
      await replay(openSnowflake, historyOf({ seed: 7, connections: 2, firstCycleAfterDays: 0.9 }, 2));
    });

    it('for random histories', async () => {
      await fc.assert(
        fc.asyncProperty(historyArbitrary, async (spec) => {
          await replay(openSnowflake, historyOf(spec, 1.8));
        }),
        { numRuns: 2 },
      );
    });
  });
});
