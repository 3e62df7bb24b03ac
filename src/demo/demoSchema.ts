export type DemoNaming = 'current' | 'legacy';

export const DEMO_SCHEMA = 'FIVETRAN_LOG';
export const DEMO_TENANTS_SCHEMA = 'PUBLIC';
export const DEMO_TENANTS_TABLE = 'TENANTS';

/**
 * The Platform Connector tables with their real column names. TIMESTAMP columns are naive UTC,
 * as Snowflake's TIMESTAMP_NTZ. Legacy naming is the schema of a connection created before the
 * Q1 2025 rename: CONNECTOR, LOG.connector_id, INCREMENTAL_MAR.connector_name.
 */
export function demoTableDefinitions(naming: DemoNaming): Record<string, string> {
  const legacy = naming === 'legacy';
  const s = DEMO_SCHEMA;
  return {
    [legacy ? 'CONNECTOR' : 'CONNECTION']: `CREATE TABLE ${s}.${legacy ? 'CONNECTOR' : 'CONNECTION'} (
      ${legacy ? 'connector_id' : 'connection_id'} VARCHAR,
      ${legacy ? 'connector_name' : 'connection_name'} VARCHAR,
      ${legacy ? 'connector_type' : 'connector_type_id'} VARCHAR,
      destination_id VARCHAR,
      connecting_user_id VARCHAR,
      paused BOOLEAN,
      signed_up TIMESTAMP,
      sync_frequency INTEGER,
      deployment_type VARCHAR,
      _fivetran_deleted BOOLEAN,
      _fivetran_synced TIMESTAMP)`,
    CONNECTOR_TYPE: `CREATE TABLE ${s}.CONNECTOR_TYPE (
      id VARCHAR, official_connector_name VARCHAR, type VARCHAR, availability VARCHAR, created_at TIMESTAMP,
      deleted BOOLEAN, public_beta_at TIMESTAMP, release_at TIMESTAMP, _fivetran_synced TIMESTAMP)`,
    DESTINATION: `CREATE TABLE ${s}.DESTINATION (
      id VARCHAR, account_id VARCHAR, name VARCHAR, region VARCHAR, destination_type VARCHAR, is_active BOOLEAN,
      created_at TIMESTAMP, deployment_type VARCHAR, _fivetran_synced TIMESTAMP)`,
    ACCOUNT: `CREATE TABLE ${s}.ACCOUNT (id VARCHAR, name VARCHAR, country VARCHAR, created_at TIMESTAMP, status VARCHAR, _fivetran_synced TIMESTAMP)`,
    USER: `CREATE TABLE ${s}."USER" (
      id VARCHAR, email VARCHAR, given_name VARCHAR, family_name VARCHAR, created_at TIMESTAMP, verified BOOLEAN,
      email_disabled BOOLEAN, phone VARCHAR, _fivetran_synced TIMESTAMP)`,
    LOG: `CREATE TABLE ${s}.LOG (
      id VARCHAR,
      time_stamp TIMESTAMP,
      ${legacy ? '' : 'connection_id VARCHAR,'}
      connector_id VARCHAR,
      event VARCHAR,
      message_event VARCHAR,
      message_data VARCHAR,
      sync_id VARCHAR,
      transformation_id VARCHAR,
      _fivetran_synced TIMESTAMP)`,
    INCREMENTAL_MAR: `CREATE TABLE ${s}.INCREMENTAL_MAR (
      measured_date DATE,
      ${legacy ? 'connector_name' : 'connection_name'} VARCHAR,
      destination_id VARCHAR,
      schema_name VARCHAR,
      table_name VARCHAR,
      free_type VARCHAR,
      sync_type VARCHAR,
      incremental_rows BIGINT,
      updated_at TIMESTAMP,
      _fivetran_synced TIMESTAMP)`,
  };
}

export const TENANTS_DEFINITION = `CREATE TABLE ${DEMO_TENANTS_SCHEMA}.${DEMO_TENANTS_TABLE} (tenant_id VARCHAR, tenant_name VARCHAR, alert_channel VARCHAR)`;

/**
 * Marks a database as generated demo data, with what it was generated from, so the app can bring
 * an old demo back to "now" without ever touching a database of real Platform Connector data.
 */
export const DEMO_MARKER_TABLE = 'PULSE_DEMO';
export const DEMO_MARKER_DEFINITION = `CREATE TABLE ${DEMO_TENANTS_SCHEMA}.${DEMO_MARKER_TABLE} (generated_at TIMESTAMP, connections INTEGER, days INTEGER, seed INTEGER, naming VARCHAR)`;
