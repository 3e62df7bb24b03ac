import { logConnectionId } from './logColumns';
import type { SchemaNaming } from './schemaNaming';

/**
 * The statements a monitoring cycle costs, whatever the number of connections. LOG is the table
 * that makes warehouse bills, so every read of it is bounded by the time window (which lets
 * Snowflake prune this append-only table) and asks only for the message_event values a snapshot
 * uses. `message_data` is never parsed in SQL: a malformed row would fail the whole statement on
 * either engine, so rows are narrowed with LIKE and parsed in code (`logState`).
 */

export const SCHEMA_CHANGE_EVENTS = [
  'create_schema',
  'create_table',
  'alter_table',
  'drop_table',
  'change_schema_config',
  'change_schema_config_via_api',
] as const;

/** The message_event values of a sync's end: `status` is the legacy name, with the same payload. */
export const SYNC_END_EVENTS = ['sync_end', 'status'] as const;

/** The LOG rows a snapshot is built from: these message_event values, and every error and warning. */
export const SNAPSHOT_MESSAGE_EVENTS = ['sync_start', ...SYNC_END_EVENTS, 'records_modified', ...SCHEMA_CHANGE_EVENTS] as const;
export const PROBLEM_EVENTS = ['SEVERE', 'WARNING'] as const;

/**
 * How many distinct rows of each kind a connection's read model keeps, newest first: the recent
 * syncs (the judgment reads up to 12), the newest successes (which may be older than those), the
 * newest errors and warnings of each severity, and schema changes.
 */
export const EVENT_LIMITS = { syncs: 12, successes: 2, problemsPerSeverity: 8, schemaChanges: 8 } as const;

/** Fivetran's sync_end payload names the status in text; the row is parsed in code to be sure. */
export const SUCCESS_HINT = 'SUCCESSFUL';

const quoteList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const ENDS = quoteList(SYNC_END_EVENTS);

/** Every LOG statement starts this way, so the time window is pushed into the scan. Named binds: {from}, {to}. */
const logInWindow = (naming: SchemaNaming) =>
  `FROM ${naming.schema}.LOG
    WHERE time_stamp >= {from}::TIMESTAMP AND time_stamp <= {to}::TIMESTAMP AND _fivetran_synced <= {to}::TIMESTAMP`;

const snapshotRowFilter = (alias = '') =>
  `(${alias}message_event IN (${quoteList(SNAPSHOT_MESSAGE_EVENTS)}) OR ${alias}event IN (${quoteList(PROBLEM_EVENTS)}))`;

/** The columns of every row the LOG statements return, in this order. */
const rowColumns = (alias: string, shown: 0 | 1) =>
  `${alias}.cid, ${alias}.id, ${alias}.time_stamp, ${alias}.event, ${alias}.message_event, ${shown ? `${alias}.message_data` : 'CAST(NULL AS VARCHAR)'} AS message_data, ${alias}.sync_id, ${shown} AS shown, CAST(NULL AS TIMESTAMP) AS observed_at, CAST(NULL AS TIMESTAMP) AS observed_ts`;

/**
 * One row per live connection: its CONNECTION row, type and destination names, and MAR this
 * month. LOG is not read here. Named binds: {monthStart}, {today}.
 */
export function connectionsStatement(naming: SchemaNaming): string {
  const s = naming.schema;
  const id = naming.connectionIdColumn;
  const name = naming.connectionNameColumn;
  const type = naming.connectorTypeColumn;
  const mar = naming.marNameColumn
    ? `WITH mar AS (
    SELECT ${naming.marNameColumn} AS mar_name, destination_id, SUM(incremental_rows) AS mar_rows
    FROM ${s}.INCREMENTAL_MAR
    WHERE measured_date >= {monthStart}::DATE AND measured_date <= {today}::DATE
    GROUP BY ${naming.marNameColumn}, destination_id
  )
  `
    : '';
  return `${mar}SELECT c.${id} AS connection_id, c.${name} AS connection_name, c.${type} AS connector_type,
    ${naming.hasConnectorTypeTable ? 'ct.official_connector_name' : 'CAST(NULL AS VARCHAR)'} AS connector_type_name,
    c.destination_id, ${naming.hasDestinationTable ? 'd.name' : 'CAST(NULL AS VARCHAR)'} AS destination_name,
    c.paused, c.signed_up, c.sync_frequency,
    ${naming.marNameColumn ? 'COALESCE(m.mar_rows, 0)' : '0'} AS mar_this_month
  FROM ${s}.${naming.connectionTable} c
  ${naming.marNameColumn ? `LEFT JOIN mar m ON m.mar_name = c.${name} AND m.destination_id = c.destination_id` : ''}
  ${naming.hasConnectorTypeTable ? `LEFT JOIN ${s}.CONNECTOR_TYPE ct ON ct.id = c.${type}` : ''}
  ${naming.hasDestinationTable ? `LEFT JOIN ${s}.DESTINATION d ON d.id = c.destination_id` : ''}
  ${naming.hasDeletedColumn ? 'WHERE COALESCE(c._fivetran_deleted, FALSE) = FALSE' : ''}
  ORDER BY c.${name}, c.${id}`;
}

/**
 * The full read of LOG: of the window's rows, the few a connection's read model keeps, for it to
 * fold (`logState`), plus one row giving the newest `_fivetran_synced` (observed_at) with the
 * time_stamp of a row loaded then (observed_ts).
 *
 * The filtered rows are read once (`ev`) and ranked on narrow columns; `message_data` travels only
 * with the rows returned: the newest syncs, successes, errors, warnings and schema changes of each
 * connection, the starts of those syncs and of later ones, and the rows modified by its latest
 * sync or since (a connection runs one sync at a time, so a sync without an end among the newest
 * started after them, and one that will be the latest wrote after the last end). Ties at a limit are all
 * returned (DENSE_RANK), and exact copies too: the fold de-duplicates and cuts. Errors and warnings
 * that the counts may need (since the last sync, or in the 24 h before observed_at) come back
 * without their message. Named binds: {from}, {to}.
 */
export function logStatement(naming: SchemaNaming): string {
  const rank = (limit: number) => `DENSE_RANK() OVER (PARTITION BY k.cid, k.grp ORDER BY k.time_stamp DESC, k.id DESC) <= ${limit}`;
  return `WITH ev AS (
    SELECT ${logConnectionId(naming)} AS cid, id, time_stamp, event, message_event, sync_id, message_data,
      CASE WHEN message_event IN (${ENDS}) AND CAST(message_data AS VARCHAR) LIKE '%${SUCCESS_HINT}%' THEN 'success'
        WHEN message_event IN (${ENDS}) THEN 'end' END AS end_kind
    ${logInWindow(naming)}
      AND ${snapshotRowFilter()}
  ), obs AS (
    SELECT MAX(_fivetran_synced) AS observed_at, MAX_BY(time_stamp, _fivetran_synced) AS observed_ts
    ${logInWindow(naming)}
  ), end_days AS (
    SELECT cid, end_kind AS grp, DATE_TRUNC('day', time_stamp) AS day, COUNT(DISTINCT time_stamp) AS ends
    FROM ev WHERE end_kind IS NOT NULL AND cid IS NOT NULL GROUP BY cid, end_kind, DATE_TRUNC('day', time_stamp)
  ), end_cutoff AS (
    -- The newest day from which on a kind of end has enough distinct times to fill its list: only
    -- ends since then are ranked, not 30 days of them.
    SELECT cid, grp, MAX(CASE WHEN newer >= ${EVENT_LIMITS.syncs} THEN day END) AS cutoff FROM (
      SELECT cid, grp, day, SUM(ends) OVER (PARTITION BY cid, grp ORDER BY day DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS newer FROM end_days
    ) GROUP BY cid, grp
  ), keyed AS (
    SELECT e.cid, e.id, e.time_stamp, e.sync_id, e.end_kind AS grp FROM ev e
    JOIN end_cutoff c ON c.cid = e.cid AND c.grp = e.end_kind
    WHERE c.cutoff IS NULL OR e.time_stamp >= c.cutoff
    UNION ALL SELECT cid, id, time_stamp, sync_id, event FROM ev WHERE event IN (${quoteList(PROBLEM_EVENTS)}) AND cid IS NOT NULL
    UNION ALL SELECT cid, id, time_stamp, sync_id, 'schema' FROM ev WHERE message_event IN (${quoteList(SCHEMA_CHANGE_EVENTS)}) AND cid IS NOT NULL
  ), picked AS (
    SELECT k.cid, k.id, k.time_stamp, k.sync_id, k.grp FROM keyed k
    QUALIFY CASE WHEN k.grp IN ('end', 'success') THEN ${rank(EVENT_LIMITS.syncs)}
      WHEN k.grp = 'schema' THEN ${rank(EVENT_LIMITS.schemaChanges)} ELSE ${rank(EVENT_LIMITS.problemsPerSeverity)} END
  ), latest AS (
    SELECT cid, MAX(CASE WHEN message_event = 'sync_start' THEN time_stamp END) AS last_start_at,
      MAX(CASE WHEN end_kind IS NOT NULL THEN time_stamp END) AS last_end_at
    FROM ev WHERE cid IS NOT NULL GROUP BY cid
  ), group_since AS (
    SELECT cid, CASE WHEN COUNT(*) >= ${EVENT_LIMITS.syncs} THEN MIN(time_stamp) END AS since FROM picked WHERE grp IN ('end', 'success') GROUP BY cid, grp
  ), shown_since AS (
    -- No older than the newest N syncs: the Nth newest of either kind of end is no newer than theirs.
    SELECT cid, MAX(since) AS since FROM group_since GROUP BY cid
  ), shown_syncs AS (
    SELECT DISTINCT cid, sync_id FROM picked WHERE grp IN ('end', 'success') AND sync_id IS NOT NULL
  ), last_syncs AS (
    SELECT DISTINCT e.cid, e.sync_id FROM ev e JOIN latest l ON l.cid = e.cid AND e.time_stamp = l.last_end_at
    WHERE e.end_kind IS NOT NULL AND e.sync_id IS NOT NULL
  ), shown AS (
    SELECT DISTINCT cid, id, time_stamp FROM picked
  )
  SELECT ${rowColumns('e', 1)} FROM ev e JOIN shown p ON p.cid = e.cid AND p.time_stamp = e.time_stamp AND p.id IS NOT DISTINCT FROM e.id
  UNION ALL SELECT ${rowColumns('e', 1)} FROM ev e JOIN latest l ON l.cid = e.cid LEFT JOIN shown_since b ON b.cid = e.cid
    LEFT JOIN shown_syncs s ON s.cid = e.cid AND s.sync_id = e.sync_id
    WHERE e.message_event = 'sync_start' AND (s.cid IS NOT NULL OR b.since IS NULL OR e.time_stamp >= b.since OR e.time_stamp = l.last_start_at)
  UNION ALL SELECT ${rowColumns('e', 1)} FROM ev e JOIN latest l ON l.cid = e.cid LEFT JOIN last_syncs r ON r.cid = e.cid AND r.sync_id = e.sync_id
    WHERE e.message_event = 'records_modified' AND (r.cid IS NOT NULL OR l.last_end_at IS NULL OR e.time_stamp > l.last_end_at)
  UNION ALL SELECT ${rowColumns('e', 0)} FROM ev e JOIN latest l ON l.cid = e.cid CROSS JOIN obs
    WHERE e.event IN (${quoteList(PROBLEM_EVENTS)})
      AND (l.last_end_at IS NULL OR e.time_stamp > l.last_end_at OR DATEDIFF('second', e.time_stamp, obs.observed_at) < 86400)
  UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, observed_at, observed_ts FROM obs`;
}

/**
 * The incremental read of LOG: only the rows loaded since `{since}` (the last load seen, less an
 * overlap for loads that commit late), still bounded by the time window, plus the newest load
 * among them. Every new row of the kinds a snapshot uses comes back with its message; the fold
 * de-duplicates what the overlap reads again. The rows are filtered in the scan itself, so
 * message_data is read only for them; the newest load is found by a scan of two narrow columns
 * of the same new rows (a shared CTE would hold every new row's message_data to serve both).
 * Named binds: {from}, {to}, {since}.
 */
export function newLogStatement(naming: SchemaNaming): string {
  const fresh = `${logInWindow(naming)}
      AND _fivetran_synced > {since}::TIMESTAMP`;
  return `SELECT ${rowColumns('l', 1)} FROM (
    SELECT ${logConnectionId(naming)} AS cid, id, time_stamp, event, message_event, sync_id, message_data
    ${fresh}
  ) l WHERE l.cid IS NOT NULL AND ${snapshotRowFilter('l.')}
  UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, MAX(_fivetran_synced), MAX_BY(time_stamp, _fivetran_synced)
    ${fresh}`;
}

/** Which rows of the small tables the read model asks for: in full, or only what was loaded since. */
export interface TableRowsParts {
  /** CONNECTION, CONNECTOR_TYPE and DESTINATION: every row, or those loaded since `{connectionSince}`, `{typeSince}`, `{destinationSince}`. */
  tables: 'all' | 'new';
  /** INCREMENTAL_MAR of the month: every day, or the days with a row loaded since `{marSince}`. */
  mar: 'all' | 'new';
}

/** What a row of `tableRowsStatement` is. */
export type TableRowKind = 'connection' | 'connector_type' | 'destination' | 'mar';

/** The columns of every row `tableRowsStatement` returns, after `kind` and `cid`. */
const TABLE_COLUMNS = ['name', 'type_id', 'destination_id', 'paused', 'signed_up', 'sync_frequency', 'deleted', 'measured_date', 'mar_rows', 'synced'] as const;
type TableColumn = (typeof TABLE_COLUMNS)[number];
const tableColumns = (values: Partial<Record<TableColumn, string>>) => TABLE_COLUMNS.map((column) => `${values[column] ?? 'NULL'} AS ${column}`).join(', ');

/**
 * The read model's read of the small tables, as rows of one shape told apart by `kind`: a
 * CONNECTION row (its id in `cid`), a CONNECTOR_TYPE or DESTINATION name, or a day of MAR. In a
 * cycle each table is read only from `{…Since}` (just below the newest load already seen), and
 * CONNECTION comes with its deleted rows, for the model to drop them. MAR comes as one sum per
 * (name, destination, day) of the month (`{monthStart}`..`{monthEnd}`): every day, or only the
 * days with a row loaded since, summed afresh so that a row updated in place replaces its old
 * value. Named binds: {connectionSince}, {typeSince}, {destinationSince}, {marSince},
 * {monthStart}, {monthEnd}, as the parts use them.
 */
export function tableRowsStatement(naming: SchemaNaming, parts: TableRowsParts): string {
  const s = naming.schema;
  const all = parts.tables === 'all';
  const where = (...conditions: string[]) => {
    const kept = conditions.filter(Boolean);
    return kept.length > 0 ? `WHERE ${kept.join(' AND ')}` : '';
  };
  const since = (alias: string, bind: string) => (all ? '' : `${alias}._fivetran_synced > {${bind}}::TIMESTAMP`);
  const deleted = naming.hasDeletedColumn ? 'COALESCE(c._fivetran_deleted, FALSE)' : 'FALSE';
  const branches = [
    `SELECT 'connection' AS kind, c.${naming.connectionIdColumn} AS cid, ${tableColumns({
      name: `c.${naming.connectionNameColumn}`,
      type_id: `c.${naming.connectorTypeColumn}`,
      destination_id: 'c.destination_id',
      paused: 'c.paused',
      signed_up: 'c.signed_up',
      sync_frequency: 'c.sync_frequency',
      deleted,
      synced: 'c._fivetran_synced',
    })}
  FROM ${s}.${naming.connectionTable} c ${where(since('c', 'connectionSince'), all && naming.hasDeletedColumn ? `${deleted} = FALSE` : '')}`,
  ];
  if (naming.hasConnectorTypeTable) {
    branches.push(`SELECT 'connector_type', NULL, ${tableColumns({ name: 'ct.official_connector_name', type_id: 'ct.id', synced: 'ct._fivetran_synced' })}
  FROM ${s}.CONNECTOR_TYPE ct ${where(since('ct', 'typeSince'))}`);
  }
  if (naming.hasDestinationTable) {
    branches.push(`SELECT 'destination', NULL, ${tableColumns({ name: 'd.name', destination_id: 'd.id', synced: 'd._fivetran_synced' })}
  FROM ${s}.DESTINATION d ${where(since('d', 'destinationSince'))}`);
  }
  const marName = naming.marNameColumn;
  let withMar = '';
  if (marName) {
    const inMonth = (alias: string) => `${alias}.measured_date >= {monthStart}::DATE AND ${alias}.measured_date <= {monthEnd}::DATE`;
    const keyed = (alias: string) => `${alias}.${marName} IS NOT NULL AND ${alias}.destination_id IS NOT NULL`;
    const allMar = parts.mar === 'all';
    if (!allMar) {
      withMar = `WITH mar_days AS (
    SELECT DISTINCT m.${marName} AS mar_name, m.destination_id, m.measured_date FROM ${s}.INCREMENTAL_MAR m
    WHERE ${inMonth('m')} AND ${keyed('m')} AND m._fivetran_synced > {marSince}::TIMESTAMP
  )
  `;
    }
    branches.push(`SELECT 'mar', NULL, ${tableColumns({
      name: `m.${marName}`,
      destination_id: 'm.destination_id',
      measured_date: 'm.measured_date',
      mar_rows: 'SUM(m.incremental_rows)',
      synced: 'MAX(m._fivetran_synced)',
    })}
  FROM ${s}.INCREMENTAL_MAR m${allMar ? '' : `
  JOIN mar_days n ON n.mar_name = m.${marName} AND n.destination_id = m.destination_id AND n.measured_date = m.measured_date`}
  WHERE ${inMonth('m')} AND ${keyed('m')}
  GROUP BY m.${marName}, m.destination_id, m.measured_date`);
  }
  return `${withMar}${branches.join('\n  UNION ALL ')}`;
}
