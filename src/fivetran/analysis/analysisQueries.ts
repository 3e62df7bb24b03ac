import { logConnectionId } from '../logColumns';
import type { SchemaNaming } from '../schemaNaming';

/**
 * The statements of the `analyze` and `api-calls` reads, in the SQL subset both engines accept.
 * Every LOG read is bounded by the period (named binds {from} and {to}, half-open) and narrowed to
 * the message_event values it needs. message_data is never parsed in SQL: a LIKE guard cannot
 * prove a value is well-formed JSON (`{"a":1} junk }` passes `LIKE '{%}'`), one such row fails the
 * whole statement on DuckDB (a test shows it), and the portable subset has no forgiving JSON
 * function; so the rows that need it are fetched and parsed in code.
 */

/** Newest error rows one read returns; enough for any real month, bounded for a runaway one. */
export const ERROR_ROW_LIMIT = 20_000;
/** Newest extract_summary rows one read returns (about one per sync of a newer connection). */
export const EXTRACT_SUMMARY_ROW_LIMIT = 50_000;


const logPeriod = (alias: string) => `${alias}.time_stamp >= {from}::TIMESTAMP AND ${alias}.time_stamp < {to}::TIMESTAMP`;

/** One row per connection id with its name and type, whatever duplicates the table holds. */
function connectionsById(naming: SchemaNaming): string {
  return `SELECT ${naming.connectionIdColumn} AS connection_id, MAX(${naming.connectionNameColumn}) AS connection_name,
      MAX(${naming.connectorTypeColumn}) AS connector_type
    FROM ${naming.schema}.${naming.connectionTable} GROUP BY ${naming.connectionIdColumn}`;
}

/**
 * INCREMENTAL_MAR for the period and the previous one, by name and destination, joined to the
 * connection that has that name in that destination (a live one before a deleted one).
 * Named binds: {previousFirstDay}, {firstDay}, {lastDay}. Null without an INCREMENTAL_MAR table.
 */
export function marStatement(naming: SchemaNaming): string | null {
  const marName = naming.marNameColumn;
  if (marName === null) return null;
  const s = naming.schema;
  const deleted = naming.hasDeletedColumn ? 'COALESCE(_fivetran_deleted, FALSE)' : 'FALSE';
  return `WITH mar AS (
    SELECT ${marName} AS mar_name, destination_id,
      SUM(CASE WHEN measured_date >= {firstDay}::DATE THEN incremental_rows ELSE 0 END) AS rows_now,
      SUM(CASE WHEN measured_date < {firstDay}::DATE THEN incremental_rows ELSE 0 END) AS rows_before
    FROM ${s}.INCREMENTAL_MAR
    WHERE measured_date >= {previousFirstDay}::DATE AND measured_date <= {lastDay}::DATE
    GROUP BY ${marName}, destination_id
  ), conn AS (
    SELECT ${naming.connectionIdColumn} AS connection_id, ${naming.connectionNameColumn} AS connection_name, destination_id,
      ${naming.connectorTypeColumn} AS connector_type, ${deleted} AS deleted
    FROM ${s}.${naming.connectionTable}
    QUALIFY ROW_NUMBER() OVER (PARTITION BY ${naming.connectionNameColumn}, destination_id ORDER BY ${deleted}, ${naming.connectionIdColumn}) = 1
  )
  SELECT m.mar_name, m.destination_id, m.rows_now, m.rows_before, c.connection_id, c.connector_type, c.deleted
  FROM mar m LEFT JOIN conn c ON c.connection_name = m.mar_name AND c.destination_id = m.destination_id
  ORDER BY m.rows_now DESC, m.mar_name, m.destination_id`;
}

/** The newest SEVERE `error` rows of the period, with the connection's name. Named binds: {from}, {to}. */
export function errorRowsStatement(naming: SchemaNaming, limit = ERROR_ROW_LIMIT): string {
  return `WITH ev AS (
    SELECT ${logConnectionId(naming, 'l')} AS cid, l.id, l.time_stamp, l.message_data
    FROM ${naming.schema}.LOG l
    WHERE ${logPeriod('l')} AND l.message_event = 'error' AND l.event = 'SEVERE'
  )
  SELECT ev.cid, ev.id, ev.time_stamp, ev.message_data, c.connection_name
  FROM ev LEFT JOIN (${connectionsById(naming)}) c ON c.connection_id = ev.cid
  ORDER BY ev.time_stamp DESC, ev.id DESC
  LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/**
 * Successful syncs of the period, sync_start paired with sync_end by (connection, sync_id), their
 * duration percentiles by connector type. Named binds: {from}, {to}.
 */
export function syncDurationsStatement(naming: SchemaNaming): string {
  // Type names are joined after aggregating, so a duplicated CONNECTOR_TYPE row cannot double a count.
  const typeName = naming.hasConnectorTypeTable ? 'ct.connector_type_name' : 'CAST(NULL AS VARCHAR)';
  const typeJoin = naming.hasConnectorTypeTable
    ? `LEFT JOIN (SELECT id, MAX(official_connector_name) AS connector_type_name FROM ${naming.schema}.CONNECTOR_TYPE GROUP BY id) ct
    ON ct.id = st.connector_type`
    : '';
  return `WITH ev AS (
    SELECT ${logConnectionId(naming, 'l')} AS cid, l.sync_id, l.message_event, l.time_stamp, l.message_data
    FROM ${naming.schema}.LOG l
    WHERE ${logPeriod('l')} AND l.message_event IN ('sync_start', 'sync_end') AND l.sync_id IS NOT NULL
  ), starts AS (
    SELECT cid, sync_id, MIN(time_stamp) AS started_at FROM ev WHERE message_event = 'sync_start' GROUP BY cid, sync_id
  ), ends AS (
    SELECT cid, sync_id, MAX(time_stamp) AS ended_at FROM ev
    WHERE message_event = 'sync_end' AND CAST(message_data AS VARCHAR) LIKE '%SUCCESSFUL%'
    GROUP BY cid, sync_id
  ), timed AS (
    SELECT s.cid, COALESCE(c.connector_type, 'unknown') AS connector_type, DATEDIFF('second', s.started_at, e.ended_at) AS duration_s
    FROM starts s
    JOIN ends e ON e.cid = s.cid AND e.sync_id = s.sync_id
    LEFT JOIN (${connectionsById(naming)}) c ON c.connection_id = s.cid
    WHERE e.ended_at >= s.started_at
  ), stats AS (
    SELECT connector_type, COUNT(*) AS syncs, COUNT(DISTINCT cid) AS connections,
      PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_s) AS p50_seconds,
      PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_s) AS p95_seconds,
      MAX(duration_s) AS max_seconds
    FROM timed GROUP BY connector_type
  )
  SELECT st.connector_type, ${typeName} AS connector_type_name, st.syncs, st.connections, st.p50_seconds, st.p95_seconds, st.max_seconds
  FROM stats st ${typeJoin}
  ORDER BY st.p95_seconds DESC, st.connector_type`;
}

const connectionFilter = (naming: SchemaNaming, withConnection: boolean) =>
  withConnection ? ` AND ${logConnectionId(naming, 'l')} = {connectionId}` : '';

/**
 * Legacy `api_call` events counted per day and connection; a row LOG holds twice (same id) counts
 * once. Named binds: {from}, {to}, and
 * {connectionId} when `withConnection`.
 */
export function apiCallCountsStatement(naming: SchemaNaming, withConnection: boolean): string {
  return `WITH ev AS (
    SELECT ${logConnectionId(naming, 'l')} AS cid, l.id, CAST(l.time_stamp AS DATE) AS log_day
    FROM ${naming.schema}.LOG l
    WHERE ${logPeriod('l')} AND l.message_event = 'api_call'${connectionFilter(naming, withConnection)}
  )
  SELECT ev.log_day, ev.cid, MAX(c.connection_name) AS connection_name, COUNT(DISTINCT ev.id) AS api_calls
  FROM ev LEFT JOIN (${connectionsById(naming)}) c ON c.connection_id = ev.cid
  GROUP BY ev.log_day, ev.cid
  ORDER BY ev.log_day, ev.cid`;
}

/**
 * The newest `extract_summary` rows of the period, whose query counts are read in code.
 * Named binds: {from}, {to}, and {connectionId} when `withConnection`.
 */
export function extractSummaryRowsStatement(naming: SchemaNaming, withConnection: boolean, limit = EXTRACT_SUMMARY_ROW_LIMIT): string {
  return `WITH ev AS (
    SELECT ${logConnectionId(naming, 'l')} AS cid, l.id, l.time_stamp, CAST(l.time_stamp AS DATE) AS log_day, l.message_data
    FROM ${naming.schema}.LOG l
    WHERE ${logPeriod('l')} AND l.message_event = 'extract_summary'${connectionFilter(naming, withConnection)}
  )
  SELECT ev.cid, ev.id, ev.time_stamp, ev.log_day, ev.message_data, c.connection_name
  FROM ev LEFT JOIN (${connectionsById(naming)}) c ON c.connection_id = ev.cid
  ORDER BY ev.time_stamp DESC, ev.id DESC
  LIMIT ${Math.max(1, Math.floor(limit))}`;
}
