import { logConnectionId } from './logColumns';
import type { SchemaNaming } from './schemaNaming';

/**
 * The two statements one monitoring cycle costs, whatever the number of connections. Both read LOG
 * only inside the time window and only the message_event values they need, because LOG is the
 * table that makes warehouse bills. `message_data` is never parsed in SQL: a malformed row would
 * fail the whole statement on either engine, so rows are narrowed with LIKE and parsed in code.
 */

export const SCHEMA_CHANGE_EVENTS = [
  'create_schema',
  'create_table',
  'alter_table',
  'drop_table',
  'change_schema_config',
  'change_schema_config_via_api',
] as const;

/** How many rows of each kind the events statement returns per connection (with room for LOG's duplicates). */
export const EVENT_LIMITS = { syncs: 12, successes: 2, problemsPerSeverity: 8, schemaChanges: 8 } as const;

const quoteList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** LOG rows in the window, narrowed to what a cycle reads. Named binds: {from}, {to}. */
function logWindow(naming: SchemaNaming, withData: boolean, messageEvents: readonly string[]): string {
  return `SELECT ${logConnectionId(naming)} AS cid, id, time_stamp, event, message_event${withData ? ', message_data, sync_id' : ''}
    FROM ${naming.schema}.LOG
    WHERE time_stamp >= {from}::TIMESTAMP AND time_stamp <= {to}::TIMESTAMP
      AND (message_event IN (${quoteList(messageEvents)}) OR event IN ('SEVERE', 'WARNING'))`;
}

const eventKey = (alias: string) => `${alias}.id || '@' || CAST(${alias}.time_stamp AS VARCHAR)`;

/**
 * One row per live connection: its CONNECTION row, type and destination names, LOG aggregates and
 * MAR this month, plus the newest `_fivetran_synced` (observedAt) on every row.
 * "The last 24 h" is measured back from observedAt, not from the wall clock: a late load must not
 * make errors look older than they are. Named binds: {from}, {to}, {monthStart}, {today}.
 */
export function connectionsStatement(naming: SchemaNaming): string {
  const s = naming.schema;
  const id = naming.connectionIdColumn;
  const name = naming.connectionNameColumn;
  const type = naming.connectorTypeColumn;
  const severeIn = (condition: string) => `COUNT(DISTINCT CASE WHEN ev.event = 'SEVERE' AND ${condition} THEN ${eventKey('ev')} END)`;
  const warningIn = (condition: string) => `COUNT(DISTINCT CASE WHEN ev.event = 'WARNING' AND ${condition} THEN ${eventKey('ev')} END)`;
  const sinceLastEnd = '(le.last_end_at IS NULL OR ev.time_stamp > le.last_end_at)';

  const mar = naming.marNameColumn
    ? `, mar AS (
    SELECT ${naming.marNameColumn} AS mar_name, destination_id, SUM(incremental_rows) AS mar_rows
    FROM ${s}.INCREMENTAL_MAR
    WHERE measured_date >= {monthStart}::DATE AND measured_date <= {today}::DATE
    GROUP BY ${naming.marNameColumn}, destination_id
  )`
    : '';

  const last24h = "DATEDIFF('second', ev.time_stamp, obs.observed_at) < 86400";
  return `WITH obs AS (
    SELECT MAX(_fivetran_synced) AS observed_at FROM ${s}.LOG
    WHERE time_stamp >= {from}::TIMESTAMP AND time_stamp <= {to}::TIMESTAMP AND _fivetran_synced <= {to}::TIMESTAMP
  ), ev AS (
    ${logWindow(naming, false, ['sync_start', 'sync_end', 'status'])}
  ), last_end AS (
    SELECT cid, MAX(time_stamp) AS last_end_at FROM ev WHERE message_event IN ('sync_end', 'status') GROUP BY cid
  ), agg AS (
    SELECT ev.cid,
      MAX(CASE WHEN ev.message_event = 'sync_start' THEN ev.time_stamp END) AS last_start_at,
      MAX(le.last_end_at) AS last_end_at,
      ${severeIn('1 = 1')} AS severe_total,
      ${severeIn(last24h)} AS severe_24h,
      MIN(CASE WHEN ev.event = 'SEVERE' AND ${last24h} THEN ev.time_stamp END) AS first_severe_24h_at,
      ${warningIn(last24h)} AS warnings_24h,
      ${severeIn(sinceLastEnd)} AS severe_since_last_sync,
      ${warningIn(sinceLastEnd)} AS warnings_since_last_sync
    FROM ev LEFT JOIN last_end le ON le.cid = ev.cid CROSS JOIN obs
    GROUP BY ev.cid
  )${mar}
  SELECT c.${id} AS connection_id, c.${name} AS connection_name, c.${type} AS connector_type,
    ${naming.hasConnectorTypeTable ? 'ct.official_connector_name' : 'CAST(NULL AS VARCHAR)'} AS connector_type_name,
    c.destination_id, ${naming.hasDestinationTable ? 'd.name' : 'CAST(NULL AS VARCHAR)'} AS destination_name,
    c.paused, c.signed_up, c.sync_frequency,
    a.last_start_at, a.last_end_at, a.severe_total, a.severe_24h, a.first_severe_24h_at, a.warnings_24h,
    a.severe_since_last_sync, a.warnings_since_last_sync,
    ${naming.marNameColumn ? 'COALESCE(m.mar_rows, 0)' : '0'} AS mar_this_month,
    obs.observed_at
  FROM ${s}.${naming.connectionTable} c
  CROSS JOIN obs
  LEFT JOIN agg a ON a.cid = c.${id}
  ${naming.marNameColumn ? `LEFT JOIN mar m ON m.mar_name = c.${name} AND m.destination_id = c.destination_id` : ''}
  ${naming.hasConnectorTypeTable ? `LEFT JOIN ${s}.CONNECTOR_TYPE ct ON ct.id = c.${type}` : ''}
  ${naming.hasDestinationTable ? `LEFT JOIN ${s}.DESTINATION d ON d.id = c.destination_id` : ''}
  ${naming.hasDeletedColumn ? 'WHERE COALESCE(c._fivetran_deleted, FALSE) = FALSE' : ''}
  ORDER BY c.${name}, c.${id}`;
}

/**
 * The few LOG rows per connection that need their message_data read: recent sync_ends with their
 * sync_start, the newest successful one, the newest errors and warnings, schema changes, and the
 * records_modified rows of the latest sync. Named binds: {from}, {to}.
 */
export function eventsStatement(naming: SchemaNaming): string {
  const columns = (kind: string, startedAt: string) =>
    `'${kind}' AS kind, e.cid, e.id, e.time_stamp, e.event, e.message_event, e.message_data, e.sync_id, ${startedAt} AS started_at`;
  const newest = (partition: string, limit: number) =>
    `QUALIFY ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY e.time_stamp DESC, e.id DESC) <= ${limit}`;

  // One sort of the window's sync_ends ranks the newest syncs, the newest successes and the latest
  // sync at once: ranking them one by one sorted every sync_end three times.
  return `WITH ev AS (
    ${logWindow(naming, true, ['sync_start', 'sync_end', 'status', 'records_modified', ...SCHEMA_CHANGE_EVENTS])}
  ), starts AS (
    SELECT cid, sync_id, MIN(time_stamp) AS started_at FROM ev
    WHERE message_event = 'sync_start' AND sync_id IS NOT NULL GROUP BY cid, sync_id
  ), ends AS (
    SELECT e.*, s.started_at,
      ROW_NUMBER() OVER (PARTITION BY e.cid ORDER BY e.time_stamp DESC, e.id DESC) AS end_rank,
      CASE WHEN CAST(e.message_data AS VARCHAR) LIKE '%SUCCESSFUL%' THEN 1 ELSE 0 END AS success_hint,
      SUM(CASE WHEN CAST(e.message_data AS VARCHAR) LIKE '%SUCCESSFUL%' THEN 1 ELSE 0 END)
        OVER (PARTITION BY e.cid ORDER BY e.time_stamp DESC, e.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS success_rank
    FROM ev e LEFT JOIN starts s ON s.cid = e.cid AND s.sync_id = e.sync_id
    WHERE e.message_event IN ('sync_end', 'status')
  ), recent_syncs AS (
    SELECT ${columns('sync', 'e.started_at')} FROM ends e WHERE e.end_rank <= ${EVENT_LIMITS.syncs}
  ), last_successes AS (
    SELECT ${columns('success', 'e.started_at')} FROM ends e WHERE e.success_hint = 1 AND e.success_rank <= ${EVENT_LIMITS.successes}
  ), problems AS (
    SELECT ${columns('problem', 'CAST(NULL AS TIMESTAMP)')} FROM ev e
    WHERE e.event IN ('SEVERE', 'WARNING') ${newest('e.cid, e.event', EVENT_LIMITS.problemsPerSeverity)}
  ), schema_changes AS (
    SELECT ${columns('schema', 'CAST(NULL AS TIMESTAMP)')} FROM ev e
    WHERE e.message_event IN (${quoteList(SCHEMA_CHANGE_EVENTS)}) ${newest('e.cid', EVENT_LIMITS.schemaChanges)}
  ), last_sync AS (
    SELECT e.cid, e.sync_id FROM ends e WHERE e.end_rank = 1 AND e.sync_id IS NOT NULL
  ), rows_modified AS (
    SELECT ${columns('rows', 'CAST(NULL AS TIMESTAMP)')} FROM ev e
    JOIN last_sync ls ON ls.cid = e.cid AND ls.sync_id = e.sync_id
    WHERE e.message_event = 'records_modified'
  )
  SELECT * FROM recent_syncs
  UNION ALL SELECT * FROM last_successes
  UNION ALL SELECT * FROM problems
  UNION ALL SELECT * FROM schema_changes
  UNION ALL SELECT * FROM rows_modified`;
}
