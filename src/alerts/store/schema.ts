import { informationSchemaRead } from '../../warehouse/informationSchema';
import type { Warehouse } from '../../warehouse/types';
import type { RunSql } from './sql';

/** Pulse's own tables in PULSE_STATE_SCHEMA, created when missing. */
const TABLE_DEFINITIONS: Record<string, string> = {
  alert_incidents: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, rule VARCHAR NOT NULL, connection_id VARCHAR,
    connection_name VARCHAR, tenant_id VARCHAR, severity VARCHAR NOT NULL, summary VARCHAR NOT NULL, since_at TIMESTAMP,
    details VARCHAR, status VARCHAR NOT NULL, opened_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP, acked_by VARCHAR, acked_at TIMESTAMP, snoozed_until TIMESTAMP, snoozed_by VARCHAR,
    last_reminded_at TIMESTAMP`,
  alert_messages: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, channel VARCHAR NOT NULL, channel_id VARCHAR,
    ts VARCHAR, group_id VARCHAR, grouped BOOLEAN NOT NULL, claim_token VARCHAR NOT NULL, claimed_at TIMESTAMP NOT NULL,
    posted_at TIMESTAMP, reminded_at TIMESTAMP`,
  alert_audit: `acted_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, incident_id VARCHAR,
    fingerprint VARCHAR, channel VARCHAR, detail VARCHAR`,
  monitor_state: 'state_key VARCHAR NOT NULL, state_value VARCHAR, updated_at TIMESTAMP NOT NULL',
};

/** The names of Pulse's own tables (the demo's reset drops them; init() creates them again). */
export const STATE_TABLES: readonly string[] = Object.keys(TABLE_DEFINITIONS);

/** The qualified names of Pulse's tables in one state schema. */
export interface StateTables {
  schema: string;
  incidents: string;
  messages: string;
  audit: string;
  monitorState: string;
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
  };
}

/** Creates the schema and whichever tables are missing. Safe to call at every start. */
export async function createMissingTables(warehouse: Warehouse, run: RunSql, schema: string): Promise<void> {
  // DDL only for what is missing: a schema an admin made, with its tables, then needs no CREATE grant at all.
  const info = informationSchemaRead(warehouse.engine, schema, 'TABLES');
  const rows = await run(`SELECT LOWER(table_name) AS table_name FROM ${info.source} WHERE ${info.where}`, info.binds, 'init');
  const existing = new Set(rows.map((row) => String(row.table_name)));
  const missing = Object.entries(TABLE_DEFINITIONS).filter(([name]) => !existing.has(name));
  if (missing.length === 0) return;
  if (existing.size === 0) {
    // An empty schema an admin made for Pulse may not grant CREATE SCHEMA; creating the tables then says whether it exists.
    await run(`CREATE SCHEMA IF NOT EXISTS ${schema}`, [], 'init').catch(() => undefined);
  }
  for (const [name, columns] of missing) await run(`CREATE TABLE IF NOT EXISTS ${schema}.${name} (${columns})`, [], 'init');
}
