import { DESTINATIONS, ID_ADJECTIVES, ID_NOUNS, ORDINARY_CONNECTOR_TYPES, SERVICE_SHORT_NAMES, TENANTS, USERS } from './catalog';
import { createSchema, createTable, addColumn, userAction } from './messages';
import type { ConnectionPlan, PlannedSync } from './plan';
import { createRandom, mixSeed, type Random } from './random';
import { DAY, HOUR, MINUTE, regularSyncs } from './schedule';

/** Ids and names already taken, so every generated connection is unique. */
export interface TakenNames {
  ids: Set<string>;
  names: Set<string>;
}

export interface OrdinaryContext {
  observedAt: number;
  windowStart: number;
  days: number;
  seed: number;
}

const TEAMS = ['marketing', 'finance', 'product', 'sales', 'support', 'data'];
/** Sync frequencies in minutes with their share of connections, roughly as Fivetran accounts look. */
const FREQUENCIES: ReadonlyArray<readonly [number, number]> = [
  [15, 0.02],
  [60, 0.18],
  [180, 0.15],
  [360, 0.3],
  [720, 0.1],
  [1440, 0.25],
];
const TYPICAL_DURATIONS = [2, 4, 8, 15, 30];

type Mood = 'healthy' | 'failing' | 'paused' | 'stalled' | 'deleted';

function weighted(random: Random): number {
  let roll = random.next();
  for (const [value, share] of FREQUENCIES) {
    if (roll < share) return value;
    roll -= share;
  }
  return 360;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

function uniqueId(random: Random, taken: Set<string>, index: number): string {
  for (let attempt = 0; attempt < 4; attempt++) {
    const id = `${random.pick(ID_ADJECTIVES)}_${random.pick(ID_NOUNS)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
  return uniqueName(`${random.pick(ID_ADJECTIVES)}_${random.pick(ID_NOUNS)}_${index.toString(36)}`, taken);
}

/**
 * One realistic connection that is not part of a staged scenario: mostly healthy, with the noise
 * real accounts have (an occasional failure that clears, warnings, cancels, schema changes, and a
 * few connections that are failing, paused, stalled or deleted).
 */
export function ordinaryPlan(index: number, context: OrdinaryContext, taken: TakenNames): ConnectionPlan {
  const random = createRandom(mixSeed(context.seed, index));
  const { observedAt, windowStart } = context;

  const tenant = random.chance(0.1) ? null : random.pick(TENANTS);
  const type = random.pick(ORDINARY_CONNECTOR_TYPES);
  const short = SERVICE_SHORT_NAMES[type.id] ?? type.id;
  const baseName = tenant ? (random.chance(0.8) ? `${tenant.tenantId}_${short}` : `${short}_${tenant.tenantId}`) : `${random.pick(TEAMS)}_${short}`;
  const connectionName = uniqueName(baseName, taken.names);
  const connectionId = uniqueId(random, taken.ids, index);
  const user = random.pick(USERS);

  const frequency = weighted(random);
  const typical = Math.min(random.pick(TYPICAL_DURATIONS), frequency * 0.4);
  const isNew = random.chance(0.1);
  const signedUpAt = isNew
    ? observedAt - Math.round(random.between(0.5, context.days) * DAY)
    : observedAt - (context.days + random.int(1, 700)) * DAY - random.int(0, 23) * HOUR;

  const moodRoll = random.next();
  const mood: Mood = moodRoll < 0.03 ? 'failing' : moodRoll < 0.05 ? 'paused' : moodRoll < 0.06 ? 'stalled' : moodRoll < 0.07 ? 'deleted' : 'healthy';
  const looseEvents: ConnectionPlan['looseEvents'] = [];
  if (isNew) looseEvents.push(userAction(signedUpAt, 'create_connection', user.email, connectionId));

  // Where the history stops: now for most, earlier for the paused, stalled and deleted.
  let lastStartAt = observedAt - Math.round(random.between(0, frequency) * MINUTE);
  if (mood === 'paused' || mood === 'deleted') {
    const stoppedAt = observedAt - Math.round(random.between(0.5, Math.max(1, context.days - 1)) * DAY);
    lastStartAt = stoppedAt - Math.round(random.between(1, frequency) * MINUTE);
    const actor = mood === 'paused' && random.chance(0.3) ? 'Fivetran' : user.email;
    looseEvents.push(userAction(stoppedAt, mood === 'paused' ? 'pause_connector' : 'delete_connection', actor, connectionId));
  } else if (mood === 'stalled') {
    lastStartAt = observedAt - Math.round(Math.max(2 * HOUR, random.between(2.5, 6) * frequency * MINUTE));
  }

  const notBefore = Math.max(windowStart, signedUpAt + MINUTE);
  const every = frequency * MINUTE;
  const oldestK = Math.floor((lastStartAt - notBefore) / every);
  const failingFor = mood === 'failing' ? random.int(1, 3) : 0;
  const tables = type.tables;

  const syncs = regularSyncs({
    lastStartAt,
    everyMinutes: frequency,
    notBefore,
    durationMinutes: (k) => (isNew && k === oldestK ? typical * 4 : typical * random.between(0.7, 1.4)),
    shape: (k, startAt): Partial<PlannedSync> => {
      if (isNew && k === oldestK) {
        const schema = createSchema(startAt + MINUTE, connectionName);
        const created = tables.slice(0, 3).map((table, i) => createTable(startAt + (2 + i) * MINUTE, connectionName, table, { id: 'STRING', updated_at: 'TIMESTAMP' }));
        return { tableCount: tables.length, schemaChanges: [schema, ...created] };
      }
      if (k < failingFor) return failure(random);
      const roll = random.next();
      if (roll < 0.01) return failure(random);
      if (roll < 0.014) return { status: 'CANCELED', reason: 'Sync has been cancelled because of a user action in the dashboard.', tableCount: 1 };
      if (roll < 0.024) return { warnings: [warning(random, connectionName, random.pick(tables))] };
      if (roll < 0.028) return { schemaChanges: [addColumn(startAt + MINUTE, random.pick(tables), `custom_field_${random.int(1, 99)}`, random.pick(['STRING', 'BOOLEAN', 'TIMESTAMP', 'FLOAT']))] };
      if (roll < 0.031) return { duplicated: true };
      return {};
    },
  });

  // The newest sync may still be running when the Platform connection loaded the data.
  const newest = syncs[syncs.length - 1];
  if (newest && newest.endAt !== null && newest.endAt > observedAt) {
    newest.endAt = null;
    newest.status = null;
    delete newest.reason;
    delete newest.taskType;
  }

  return {
    connectionId,
    connectionName,
    connectorTypeId: type.id,
    destinationId: tenant?.destinationId ?? random.pick(DESTINATIONS).id,
    connectingUserId: user.id,
    paused: mood === 'paused',
    signedUpAt,
    syncFrequencyMinutes: frequency,
    deleted: mood === 'deleted',
    legacyIdsOnly: random.chance(0.02),
    syncs,
    looseEvents,
  };
}

const FAILURES = [
  { status: 'FAILURE_WITH_TASK', reason: 'Invalid credentials: the password for the source changed', taskType: 'update_credentials', type: 'authentication_error' },
  { status: 'FAILURE_WITH_TASK', reason: 'Source API token revoked', taskType: 'reconnect', type: 'authentication_error' },
  { status: 'FAILURE', reason: 'java.net.SocketTimeoutException: Read timed out', type: 'timeout' },
  { status: 'FAILURE', reason: 'Primary key is null for table events', type: 'null_primary_key' },
  { status: 'FAILURE', reason: 'Cannot open file events/2026-01-01.csv.gz', type: 'open_file' },
] as const;

function failure(random: Random): Partial<PlannedSync> {
  const chosen = random.pick(FAILURES);
  return {
    status: chosen.status,
    reason: chosen.reason,
    ...('taskType' in chosen ? { taskType: chosen.taskType } : {}),
    tableCount: 0,
    errors: [{ type: chosen.type, message: chosen.reason }],
  };
}

function warning(random: Random, schema: string, table: string) {
  return random.chance(0.5)
    ? { type: 'table_excluded_by_system', message: `${schema}.${table} has been Excluded by system. Reason : Not queryable` }
    : { type: 'rate_limit', message: 'API rate limit reached; the sync continued after waiting 60 s' };
}
