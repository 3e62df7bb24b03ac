import { DuckDBDateValue, DuckDBTimestampValue, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { messageOf } from '../errors/messageOf';
import { PulseError } from '../errors/pulseError';
import { ACCOUNT, CONNECTOR_TYPES, DESTINATIONS, TENANTS, USERS } from './catalog';
import {
  DEMO_MARKER_DEFINITION,
  DEMO_MARKER_TABLE,
  DEMO_SCHEMA,
  DEMO_TENANTS_SCHEMA,
  DEMO_TENANTS_TABLE,
  demoTableDefinitions,
  TENANTS_DEFINITION,
  type DemoNaming,
} from './demoSchema';
import { emitConnectionEvents, type LogEvent } from './logEvents';
import { ordinaryPlan, type TakenNames } from './ordinaryConnections';
import type { ConnectionPlan } from './plan';
import { createRandom, mixSeed } from './random';
import { DAY, HOUR, MINUTE } from './schedule';
import { DEMO_PLATFORM_SYNC_FREQUENCY, DEMO_SCENARIOS, scenarioPlans } from './scenarios';

export interface DemoDataOptions {
  /** Connections in total, the staged scenarios included (they come first). */
  connections?: number;
  /** Days of LOG history. */
  days?: number;
  seed?: number;
  /** The wall-clock time the data is generated for; every time in it is relative to this. */
  now?: Date;
  naming?: DemoNaming;
  /** Moves the Platform connection's last load this many hours into the past (stale monitoring data). */
  staleHours?: number;
}

export interface ResolvedDemoOptions {
  connections: number;
  days: number;
  seed: number;
  now: Date;
  naming: DemoNaming;
  staleHours: number;
}

export interface DemoDataSummary extends Omit<ResolvedDemoOptions, 'now'> {
  now: string;
  /** The newest _fivetran_synced in LOG: when the Platform connection last loaded. */
  observedAt: string;
  rows: { connection: number; log: number; incrementalMar: number };
}

export const DEMO_DEFAULTS = { connections: 24, days: 14, seed: 1, naming: 'current', staleHours: 0 } as const;
export const DEMO_LIMITS = {
  connections: { min: DEMO_SCENARIOS.length, max: 100_000 },
  days: { min: 7, max: 90 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  staleHours: { min: 0, max: 24 * 365 },
} as const;

/** How long before `now` the Platform connection last loaded, so the default demo is fresh. */
const PLATFORM_LOAD_LAG = 4 * MINUTE;
/** LOG rows older than this carry connector_id only; newer ones up to LEGACY_BOTH_AGE carry both. */
const LEGACY_ONLY_AGE = 7 * DAY;
const LEGACY_BOTH_AGE = 3 * DAY;
/** Where LOG rows wait, in the order they were generated, to be written in load order. */
const LOG_STAGING = 'pulse_demo_log_staging';

/** Demo options out of their range: a person's input, for the demo-data command. */
export class DemoOptionsError extends PulseError<'PULSE_INPUT_DEMO_OPTIONS'> {
  constructor(message: string) {
    super('PULSE_INPUT_DEMO_OPTIONS', message);
    this.name = 'DemoOptionsError';
  }
}

function wholeNumber(name: keyof typeof DEMO_LIMITS, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  const { min, max } = DEMO_LIMITS[name];
  if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new DemoOptionsError(`${name} must be a whole number from ${min} to ${max}; got ${String(value)}`);
  }
  return resolved;
}

export function resolveDemoOptions(options: DemoDataOptions = {}): ResolvedDemoOptions {
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new DemoOptionsError('now must be a valid date');
  const naming = options.naming ?? DEMO_DEFAULTS.naming;
  if (naming !== 'current' && naming !== 'legacy') throw new DemoOptionsError(`naming must be current or legacy; got ${String(naming)}`);
  const staleHours = options.staleHours ?? DEMO_DEFAULTS.staleHours;
  if (!Number.isFinite(staleHours) || staleHours < DEMO_LIMITS.staleHours.min || staleHours > DEMO_LIMITS.staleHours.max) {
    throw new DemoOptionsError(`staleHours must be from ${DEMO_LIMITS.staleHours.min} to ${DEMO_LIMITS.staleHours.max}; got ${String(options.staleHours)}`);
  }
  return {
    connections: wholeNumber('connections', options.connections, DEMO_DEFAULTS.connections),
    days: wholeNumber('days', options.days, DEMO_DEFAULTS.days),
    seed: wholeNumber('seed', options.seed, DEMO_DEFAULTS.seed),
    now,
    naming,
    staleHours,
  };
}

const timestamp = (ms: number) => new DuckDBTimestampValue(BigInt(ms) * 1000n);

/**
 * Writes the demo Platform Connector schema (FIVETRAN_LOG) and the tenants table (PUBLIC.TENANTS)
 * into an open DuckDB database that does not hold them yet. Deterministic: the same options,
 * `now` included, give the same rows.
 */
export async function generateDemoData(connection: DuckDBConnection, options: DemoDataOptions = {}): Promise<DemoDataSummary> {
  const resolved = resolveDemoOptions(options);
  const { naming, seed } = resolved;
  const observedAt = resolved.now.getTime() - PLATFORM_LOAD_LAG - Math.round(resolved.staleHours * HOUR);
  const windowStart = observedAt - resolved.days * DAY;
  const loadEvery = DEMO_PLATFORM_SYNC_FREQUENCY * MINUTE;
  // Each row arrives with the Platform connection's first load after it happened.
  const syncedAt = (at: number) => observedAt - Math.floor((observedAt - at) / loadEvery) * loadEvery;

  await connection.run(`CREATE SCHEMA ${DEMO_SCHEMA}`).catch((error: unknown) => {
    throw new Error(`cannot write the demo: the database already has a ${DEMO_SCHEMA} schema (${messageOf(error).split('\n')[0]})`);
  });
  const tables = demoTableDefinitions(naming);
  for (const ddl of Object.values(tables)) await connection.run(ddl);
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${DEMO_TENANTS_SCHEMA}`);
  await connection.run(TENANTS_DEFINITION);

  const connectionTable = naming === 'legacy' ? 'CONNECTOR' : 'CONNECTION';
  // LOG is generated one connection after another, but the Platform Connector appends it load by
  // load: the rows are staged, then written in _fivetran_synced order (see below), so the demo and
  // the benchmark's warehouses are laid out like a real one and a time window can skip old blocks.
  await connection.run(`CREATE TEMP TABLE ${LOG_STAGING} AS SELECT *, 0::BIGINT AS generated_order FROM ${DEMO_SCHEMA}.LOG LIMIT 0`);
  const logAppender = await connection.createAppender(LOG_STAGING, 'main', 'temp');
  const marAppender = await connection.createAppender('INCREMENTAL_MAR', DEMO_SCHEMA);
  const rows = { connection: 0, log: 0, incrementalMar: 0 };

  const appendLog = (event: LogEvent, connectionId: string | null, legacyIdsOnly: boolean) => {
    const age = observedAt - event.at;
    let current: string | null = connectionId;
    let legacy: string | null = null;
    if (connectionId !== null && (legacyIdsOnly || age > LEGACY_ONLY_AGE)) [current, legacy] = [null, connectionId];
    else if (connectionId !== null && age > LEGACY_BOTH_AGE) legacy = connectionId;

    logAppender.appendVarchar(event.id);
    logAppender.appendTimestamp(timestamp(event.at));
    if (naming === 'current') appendText(logAppender, current);
    appendText(logAppender, naming === 'legacy' ? connectionId : legacy);
    logAppender.appendVarchar(event.event);
    logAppender.appendVarchar(event.messageEvent);
    appendText(logAppender, event.data);
    appendText(logAppender, event.syncId);
    logAppender.appendNull();
    logAppender.appendTimestamp(timestamp(syncedAt(event.at)));
    logAppender.appendBigInt(BigInt(rows.log));
    logAppender.endRow();
    rows.log += 1;
  };

  const taken: TakenNames = { ids: new Set(DEMO_SCENARIOS.map((s) => s.connectionId)), names: new Set(DEMO_SCENARIOS.map((s) => s.connectionName)) };
  const scenarios = scenarioPlans({ observedAt, windowStart, seed });
  const connectionRows: DuckDBValue[][] = [];

  for (let index = 0; index < resolved.connections; index++) {
    const plan: ConnectionPlan = scenarios[index] ?? ordinaryPlan(index, { observedAt, windowStart, days: resolved.days, seed }, taken);
    const random = createRandom(mixSeed(mixSeed(seed, index), 0x10c));
    const marByDayAndTable = new Map<string, { day: number; table: string; rows: number; lastAt: number }>();
    emitConnectionEvents(plan, random, { start: windowStart, observedAt }, {
      log: (event) => appendLog(event, plan.connectionId, plan.legacyIdsOnly),
      modified: (at, table, count) => {
        const day = Math.floor(at / DAY);
        const key = `${day}|${table}`;
        const entry = marByDayAndTable.get(key);
        if (entry) {
          entry.rows += count;
          entry.lastAt = Math.max(entry.lastAt, at);
        } else marByDayAndTable.set(key, { day, table, rows: count, lastAt: at });
      },
    });
    for (const entry of marByDayAndTable.values()) {
      marAppender.appendDate(new DuckDBDateValue(entry.day));
      marAppender.appendVarchar(plan.connectionName);
      marAppender.appendVarchar(plan.destinationId);
      marAppender.appendVarchar(plan.connectionName);
      marAppender.appendVarchar(entry.table);
      marAppender.appendVarchar(plan.connectorTypeId === 'fivetran_log' ? 'FREE' : 'PAID');
      marAppender.appendVarchar(entry.day === Math.floor(plan.signedUpAt / DAY) ? 'HISTORICAL' : 'INCREMENTAL');
      marAppender.appendBigInt(BigInt(entry.rows));
      marAppender.appendTimestamp(timestamp(entry.lastAt));
      marAppender.appendTimestamp(timestamp(syncedAt(entry.lastAt)));
      marAppender.endRow();
      rows.incrementalMar += 1;
    }
    connectionRows.push([
      plan.connectionId,
      plan.connectionName,
      plan.connectorTypeId,
      plan.destinationId,
      plan.connectingUserId,
      plan.paused,
      timestamp(plan.signedUpAt),
      plan.syncFrequencyMinutes,
      'SaaS',
      plan.deleted,
      timestamp(observedAt),
    ]);
  }

  // Account-level events carry no connection id at all.
  const accountRandom = createRandom(mixSeed(seed, 0xacc));
  const admin = USERS[0] as (typeof USERS)[number];
  const accountEvents: LogEvent[] = [
    { id: accountRandom.hex(16), at: observedAt - 2 * DAY - 3 * HOUR, event: 'INFO', messageEvent: 'create_user', data: JSON.stringify({ actor: admin.email, id: 'rapid_wren', properties: {} }), syncId: null },
    { id: accountRandom.hex(16), at: observedAt - 26 * HOUR, event: 'INFO', messageEvent: 'edit_destination', data: JSON.stringify({ actor: admin.id, id: DESTINATIONS[1]?.id ?? null, properties: { region: 'AWS_EU_CENTRAL_1' } }), syncId: null },
  ];
  for (const event of accountEvents) appendLog(event, null, false);
  logAppender.closeSync();
  marAppender.closeSync();
  // Load by load, and within a load in time order; the generated order settles ties, so the file is deterministic.
  await connection.run(
    `INSERT INTO ${DEMO_SCHEMA}.LOG SELECT * EXCLUDE (generated_order) FROM ${LOG_STAGING} ORDER BY _fivetran_synced, time_stamp, generated_order`,
  );
  await connection.run(`DROP TABLE ${LOG_STAGING}`);

  await appendRows(connection, connectionTable, connectionRows);
  rows.connection = connectionRows.length;
  const synced = timestamp(observedAt);
  await appendRows(
    connection,
    'CONNECTOR_TYPE',
    CONNECTOR_TYPES.map((type) => [type.id, type.officialName, type.type, 'GENERAL_AVAILABILITY', timestamp(Date.UTC(2019, 0, 1)), false, null, timestamp(Date.UTC(2019, 6, 1)), synced]),
  );
  await appendRows(
    connection,
    'DESTINATION',
    DESTINATIONS.map((d, i) => [d.id, ACCOUNT.id, d.name, d.region, d.destinationType, true, timestamp(Date.UTC(2021, 3 + i, 1)), 'SaaS', synced]),
  );
  await appendRows(connection, 'ACCOUNT', [[ACCOUNT.id, ACCOUNT.name, ACCOUNT.country, timestamp(Date.parse(ACCOUNT.createdAt)), ACCOUNT.status, synced]]);
  await appendRows(
    connection,
    'USER',
    USERS.map((u, i) => [u.id, u.email, u.givenName, u.familyName, timestamp(Date.UTC(2021, 3, 1 + i * 20)), true, false, null, synced]),
  );
  await appendRows(
    connection,
    DEMO_TENANTS_TABLE,
    TENANTS.map((t) => [t.tenantId, t.tenantName, t.alertChannel]),
    DEMO_TENANTS_SCHEMA,
  );
  await connection.run(DEMO_MARKER_DEFINITION);
  await appendRows(connection, DEMO_MARKER_TABLE, [[timestamp(resolved.now.getTime()), resolved.connections, resolved.days, seed, naming]], DEMO_TENANTS_SCHEMA);

  return {
    connections: resolved.connections,
    days: resolved.days,
    seed,
    now: resolved.now.toISOString(),
    naming,
    staleHours: resolved.staleHours,
    observedAt: new Date(observedAt).toISOString(),
    rows,
  };
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

async function appendRows(connection: DuckDBConnection, table: string, values: DuckDBValue[][], schema: string = DEMO_SCHEMA): Promise<void> {
  const appender = await connection.createAppender(table, schema);
  for (const row of values) {
    for (const value of row) {
      if (value === null) appender.appendNull();
      else appender.appendValue(value);
    }
    appender.endRow();
  }
  appender.closeSync();
}
