import type { SchemaNaming } from '../src/fivetran/schemaNaming';

/**
 * Fivetran's Quickstart `connection_status` logic (dbt_fivetran_log,
 * models/fivetran_platform__connection_status.sql, with its staging of LOG and CONNECTION), ported
 * to one DuckDB statement so it can run beside Pulse's read on the same file: what a team pays when
 * it judges health from the Quickstart model instead. Faithful to the model, including what makes
 * it expensive: it reads every LOG row ever loaded (no time window but the 30-day schema-change
 * count), numbers the syncs with a window over each connection's whole history, parses the JSON of
 * every status and sync_end row, and joins LOG back for the errors and warnings since the last
 * completed sync. `at` stands for the model's current_timestamp, so runs compare.
 */
export function quickstartConnectionStatusSql(naming: SchemaNaming, at: Date): string {
  const s = naming.schema;
  const logConnection = naming.logIdColumns.length === 2 ? 'COALESCE(connection_id, connector_id)' : (naming.logIdColumns[0] ?? 'connection_id');
  const deleted = naming.hasDeletedColumn ? '_fivetran_deleted' : 'FALSE';
  const now = `TIMESTAMP '${at.toISOString().replace('T', ' ').replace('Z', '')}'`;
  return `
WITH stg_log AS (
  SELECT id AS log_id, sync_id, CAST(time_stamp AS TIMESTAMP) AS created_at, ${logConnection} AS connection_id,
    CASE WHEN transformation_id IS NOT NULL AND event IS NULL THEN 'TRANSFORMATION' ELSE event END AS event_type,
    message_data,
    CASE WHEN transformation_id IS NOT NULL AND message_data LIKE '%has succeeded%' THEN 'transformation run success'
         WHEN transformation_id IS NOT NULL AND message_data LIKE '%has failed%' THEN 'transformation run failed'
         ELSE message_event END AS event_subtype,
    transformation_id
  FROM ${s}.LOG
),
transformation_removal AS (
  SELECT *, CASE WHEN event_subtype IN ('status', 'sync_end') THEN message_data ELSE NULL END AS filtered_message_data
  FROM stg_log WHERE transformation_id IS NULL
),
parse_json AS (
  SELECT *, json_extract_string(filtered_message_data, '$.status') AS log_status, json_extract_string(filtered_message_data, '$.reason') AS log_reason
  FROM transformation_removal
),
connection_log AS (
  SELECT *, SUM(CASE WHEN event_subtype IN ('sync_start') THEN 1 ELSE 0 END) OVER (PARTITION BY connection_id ORDER BY created_at ROWS UNBOUNDED PRECEDING) AS sync_batch_id
  FROM parse_json
  WHERE event_type = 'SEVERE' OR event_type = 'WARNING' OR event_subtype LIKE 'sync%'
     OR (event_subtype = 'status' AND log_status = 'RESCHEDULED' AND log_reason LIKE '%intended behavior%')
     OR (event_subtype = 'status' AND log_status = 'SUCCESSFUL')
),
schema_changes AS (
  SELECT connection_id, COUNT(*) AS number_of_schema_changes_last_month
  FROM stg_log
  WHERE date_diff('day', created_at, ${now}) <= 30 AND event_subtype IN ('create_table', 'alter_table', 'create_schema', 'change_schema_config')
  GROUP BY connection_id
),
connection AS (
  SELECT ${naming.connectionIdColumn} AS connection_id, ${naming.connectionNameColumn} AS connection_name, ${naming.connectorTypeColumn} AS connection_type,
    destination_id, paused AS is_paused, signed_up AS set_up_at, ${deleted} AS is_deleted
  FROM ${s}.${naming.connectionTable}
),
destination AS (SELECT id AS destination_id, name AS destination_name FROM ${s}.DESTINATION),
connection_metrics AS (
  SELECT connection.connection_id, connection.connection_name, connection.connection_type, connection.destination_id, connection.is_paused, connection.set_up_at, connection.is_deleted,
    MAX(CASE WHEN connection_log.event_subtype = 'sync_start' THEN connection_log.created_at END) AS last_sync_started_at,
    MAX(CASE WHEN connection_log.event_subtype = 'sync_end' THEN connection_log.created_at END) AS last_sync_completed_at,
    MAX(CASE WHEN connection_log.event_subtype IN ('status', 'sync_end') AND connection_log.log_status = 'SUCCESSFUL' THEN connection_log.created_at END) AS last_successful_sync_completed_at,
    MAX(CASE WHEN connection_log.event_subtype = 'sync_end' THEN connection_log.sync_batch_id END) AS last_sync_batch_id,
    MAX(CASE WHEN connection_log.event_subtype IN ('status', 'sync_end') AND connection_log.log_status = 'RESCHEDULED' AND connection_log.log_reason LIKE '%intended behavior%' THEN connection_log.created_at END) AS last_priority_first_sync_completed_at,
    MAX(CASE WHEN connection_log.event_type = 'SEVERE' THEN connection_log.created_at END) AS last_error_at,
    MAX(CASE WHEN connection_log.event_type = 'SEVERE' THEN connection_log.sync_batch_id END) AS last_error_batch,
    MAX(CASE WHEN event_type = 'WARNING' THEN connection_log.created_at END) AS last_warning_at
  FROM connection LEFT JOIN connection_log ON connection_log.connection_id = connection.connection_id
  GROUP BY connection.connection_id, connection.connection_name, connection.connection_type, connection.destination_id, connection.is_paused, connection.set_up_at, connection.is_deleted
),
connection_health_status AS (
  SELECT *, CASE
      WHEN is_deleted THEN 'deleted'
      WHEN is_paused THEN 'paused'
      WHEN last_sync_started_at IS NULL THEN 'incomplete'
      WHEN last_priority_first_sync_completed_at IS NOT NULL AND last_sync_completed_at IS NULL THEN 'priority first sync'
      WHEN last_priority_first_sync_completed_at > last_sync_completed_at THEN 'priority first sync'
      WHEN last_sync_completed_at IS NULL AND last_error_at IS NULL THEN 'initial sync in progress'
      WHEN last_sync_batch_id = last_error_batch THEN 'broken'
      WHEN last_sync_completed_at IS NULL AND last_error_at IS NOT NULL THEN 'broken'
      ELSE 'connected' END AS connection_health
  FROM connection_metrics
),
connection_recent_logs AS (
  SELECT h.connection_id, h.connection_name, h.connection_type, h.destination_id, h.connection_health, h.last_successful_sync_completed_at,
    h.last_sync_started_at, h.last_sync_completed_at, h.set_up_at, connection_log.event_subtype, connection_log.event_type, connection_log.message_data
  FROM connection_health_status h
  LEFT JOIN connection_log ON connection_log.connection_id = h.connection_id
    AND connection_log.created_at > COALESCE(h.last_sync_completed_at, h.last_priority_first_sync_completed_at, TIMESTAMP '2000-01-01')
    AND connection_log.event_type != 'INFO'
    AND NOT (connection_log.event_subtype = 'status' AND connection_log.log_status = 'RESCHEDULED' AND connection_log.log_reason LIKE '%intended behavior%')
  GROUP BY ALL
)
SELECT r.connection_id, r.connection_name, r.connection_type, r.destination_id, destination.destination_name, r.connection_health,
  r.last_successful_sync_completed_at, r.last_sync_started_at, r.last_sync_completed_at, r.set_up_at,
  COALESCE(schema_changes.number_of_schema_changes_last_month, 0) AS number_of_schema_changes_last_month,
  COUNT(CASE WHEN r.event_type = 'SEVERE' THEN r.message_data END) AS number_errors_since_last_completed_sync,
  COUNT(CASE WHEN r.event_type = 'WARNING' THEN r.message_data END) AS number_warnings_since_last_completed_sync
FROM connection_recent_logs r
LEFT JOIN schema_changes ON r.connection_id = schema_changes.connection_id
JOIN destination ON destination.destination_id = r.destination_id
GROUP BY ALL`;
}
