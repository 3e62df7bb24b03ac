import { informationSchemaRead } from '../../warehouse/informationSchema';
import type { Warehouse } from '../../warehouse/types';
import type { RunSql } from './sql';

/**
 * Pulse's own tables in PULSE_STATE_SCHEMA, created when missing. alert_incidents holds one row per
 * incident: a connection in trouble, with every rule that fired on it as JSON in `rules`; `rule`,
 * `severity`, `summary`, `since_at` and `details` repeat its worst rule, for people reading the table.
 */
const TABLE_DEFINITIONS: Record<string, string> = {
  alert_incidents: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, rule VARCHAR NOT NULL, connection_id VARCHAR,
    connection_name VARCHAR, tenant_id VARCHAR, severity VARCHAR NOT NULL, summary VARCHAR NOT NULL, since_at TIMESTAMP,
    details VARCHAR, status VARCHAR NOT NULL, opened_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP, acked_by VARCHAR, acked_at TIMESTAMP, snoozed_until TIMESTAMP, snoozed_by VARCHAR,
    last_reminded_at TIMESTAMP, rules VARCHAR, merged_into VARCHAR`,
  alert_messages: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, channel VARCHAR NOT NULL, channel_id VARCHAR,
    ts VARCHAR, group_id VARCHAR, grouped BOOLEAN NOT NULL, claim_token VARCHAR NOT NULL, claimed_at TIMESTAMP NOT NULL,
    posted_at TIMESTAMP, reminded_at TIMESTAMP`,
  alert_audit: `acted_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, incident_id VARCHAR,
    fingerprint VARCHAR, channel VARCHAR, detail VARCHAR`,
  monitor_state: 'state_key VARCHAR NOT NULL, state_value VARCHAR, updated_at TIMESTAMP NOT NULL',
  alert_deliveries: `delivery_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, channel VARCHAR NOT NULL, slack_channel VARCHAR NOT NULL,
    ts VARCHAR, group_id VARCHAR, incident_ids VARCHAR NOT NULL, note VARCHAR, created_at TIMESTAMP NOT NULL, attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP, attempt_token VARCHAR, attempted_at TIMESTAMP, outcome_unknown BOOLEAN NOT NULL, last_error VARCHAR`,
};

/**
 * Columns added since the tables were first released, added to an older table at start-up. Rows
 * written before them have none: an incident without `rules` is one of the one-rule-per-incident
 * kind, read as an incident of its connection with that one rule (see rows).
 */
const ADDED_COLUMNS: ReadonlyArray<{ table: string; column: string; type: string }> = [
  { table: 'alert_incidents', column: 'rules', type: 'VARCHAR' },
  { table: 'alert_incidents', column: 'merged_into', type: 'VARCHAR' },
];

/** The names of Pulse's own tables (the demo's reset drops them; init() creates them again). */
export const STATE_TABLES: readonly string[] = Object.keys(TABLE_DEFINITIONS);

/** The qualified names of Pulse's tables in one state schema. */
export interface StateTables {
  schema: string;
  incidents: string;
  messages: string;
  audit: string;
  monitorState: string;
  /** Edits, notes and reminders not confirmed by Slack yet, for the delivery loop. */
  deliveries: string;
}

const QUALIFIED_SCHEMA = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/** The schema name is interpolated into every statement, so only a plain (optionally database-qualified) name passes. */
export function stateTablesIn(schema: string): StateTables {
  if (!QUALIFIED_SCHEMA.test(schema)) throw new Error(`the alert state schema "${schema}" is not a plain schema name`);
  return {
    schema,
    incidents: `${schema}.alert_incidents`,
    messages: `${schema}.alert_messages`,
    audit: `${schema}.alert_audit`,
    monitorState: `${schema}.monitor_state`,
    deliveries: `${schema}.alert_deliveries`,
  };
}

/**
 * Creates the schema and whichever tables or columns are missing, and brings incidents stored one
 * per rule over to one per connection. Safe to call at every start; once all exists, it sends one
 * read of INFORMATION_SCHEMA and nothing else.
 */
export async function createMissingTables(warehouse: Warehouse, run: RunSql, schema: string): Promise<void> {
  // DDL only for what is missing: a schema an admin made, with its tables, then needs no CREATE grant at all.
  const info = informationSchemaRead(warehouse.engine, schema, 'COLUMNS');
  const rows = await run(`SELECT LOWER(table_name) AS table_name, LOWER(column_name) AS column_name FROM ${info.source} WHERE ${info.where}`, info.binds, 'init');
  const existing = new Map<string, Set<string>>();
  for (const row of rows) {
    const table = String(row.table_name);
    existing.set(table, (existing.get(table) ?? new Set()).add(String(row.column_name)));
  }
  const missing = Object.entries(TABLE_DEFINITIONS).filter(([name]) => !existing.has(name));
  if (missing.length > 0 && existing.size === 0) {
    // An empty schema an admin made for Pulse may not grant CREATE SCHEMA; creating the tables then says whether it exists.
    await run(`CREATE SCHEMA IF NOT EXISTS ${schema}`, [], 'init').catch(() => undefined);
  }
  for (const [name, columns] of missing) await run(`CREATE TABLE IF NOT EXISTS ${schema}.${name} (${columns})`, [], 'init');

  const added = ADDED_COLUMNS.filter(({ table, column }) => existing.has(table) && !existing.get(table)?.has(column));
  if (added.length === 0) return;
  await migrateToIncidentsPerConnection(run, stateTablesIn(schema));
  // The columns come last: should the upgrade stop half-way, the next start does it all again.
  for (const { table, column, type } of added) await run(`ALTER TABLE ${schema}.${table} ADD COLUMN ${column} ${type}`, [], 'init');
}

/**
 * Incidents stored one per rule (`sync_failed:<connection>`) take their connection's key, so the
 * next alert run finds them as incidents of their connection. Where a connection had several open,
 * that run merges them into the oldest (its id, messages and acknowledgement kept) and edits the
 * others to say so. Resolved ones take the key too, so a re-fire within the quiet period reopens them.
 */
async function migrateToIncidentsPerConnection(run: RunSql, tables: StateTables): Promise<void> {
  const key = "CASE WHEN connection_id IS NULL OR rule = 'metadata_stale' THEN 'metadata_stale' ELSE 'connection:' || connection_id END";
  await run(`UPDATE ${tables.incidents} SET fingerprint = ${key} WHERE fingerprint <> ${key}`, [], 'migrate');
  await run(
    `UPDATE ${tables.messages} AS m SET fingerprint = i.fingerprint FROM ${tables.incidents} i
     WHERE m.incident_id = i.incident_id AND m.fingerprint <> i.fingerprint`,
    [],
    'migrate',
  );
}
