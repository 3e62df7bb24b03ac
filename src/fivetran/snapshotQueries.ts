import { logConnectionId } from './logColumns';
import { wholeMinutes } from './readModel/loadCounts';
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

/** SQL string literals of known words, comma-separated: for IN lists of event names. */
export const quoteList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const ENDS = quoteList(SYNC_END_EVENTS);

/** Every LOG statement starts this way, so the time window is pushed into the scan. Named binds: {from}, {to}. */
const logInWindow = (naming: SchemaNaming) =>
  `FROM ${naming.schema}.LOG
    WHERE time_stamp >= {from}::TIMESTAMP AND time_stamp <= {to}::TIMESTAMP AND _fivetran_synced <= {to}::TIMESTAMP`;

/** Whether a LOG row is of the kinds a snapshot uses: what every read of LOG asks for. */
export const snapshotRowFilter = (alias = '') =>
  `(${alias}message_event IN (${quoteList(SNAPSHOT_MESSAGE_EVENTS)}) OR ${alias}event IN (${quoteList(PROBLEM_EVENTS)}))`;

/**
 * The columns of every row the LOG statements return, in this order. `started_at`: on a sync end
 * of the full read, when its sync started (its first sync_start), so the starts need no rows of
 * their own.
 */
const rowColumns = (alias: string, shown: 0 | 1, startedAt = 'CAST(NULL AS TIMESTAMP)') =>
  `${alias}.cid, ${alias}.id, ${alias}.time_stamp, ${alias}.event, ${alias}.message_event, ${shown ? `${alias}.message_data` : 'CAST(NULL AS VARCHAR)'} AS message_data, ${alias}.sync_id, ${shown} AS shown, CAST(NULL AS TIMESTAMP) AS observed_at, CAST(NULL AS TIMESTAMP) AS observed_ts, ${startedAt} AS started_at`;

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
 * LOG is read three times (four when counting loads, below), its messages once:
 * - `obs`, on two narrow columns: the newest load.
 * - `ends_by_day`, on narrow columns only: how many distinct sync ends each connection has on each
 *   day. From it, `horizon` finds the newest day from which on a connection has more ends than it
 *   shows, and the newest day from which on it has two. A connection runs one sync at a time, so
 *   the starts of its shown syncs fall on or after the first of those days, and the rows modified
 *   by its latest sync or since on or after the second.
 * - `cand`, with `message_data`: every sync end (a success may be older than every shown sync),
 *   every error, warning and schema change (rare rows, ranked below), and the starts and rows
 *   modified since those days. Starts and rows modified of earlier days, most of LOG, are
 *   dropped as they are read instead of being carried to a sort.
 * Then, on narrow columns: the newest syncs, errors, warnings and schema changes of each
 * connection (ties at a limit all returned, DENSE_RANK), its newest two successes, when each shown
 * sync started (on its end's row, `started_at`: its start needs no row of its own), its latest
 * start and the starts of syncs whose end is not loaded yet (it may be loaded late), and the rows
 * modified by its latest sync or since. Errors
 * and warnings that the counts may need (since the last sync, or in the 24 h before observed_at)
 * come back without their message. The fold de-duplicates and cuts.
 *
 * With `countLoadsMinutes` (the read model's), it also returns, as rows of their own
 * (`loaded_rows` set, the minute in `time_stamp`), how many rows were loaded in each minute from
 * that many whole minutes before the newest load's: what the model's first cycle checks its
 * overlap against, as every later cycle does with the counts of the one before (`newLogStatement`).
 * The newest load bounds that scan, so it reads only the last loads' rows. Named binds: {from}, {to}.
 */
export function logStatement(naming: SchemaNaming, countLoadsMinutes?: number): string {
  const rank = (limit: number) => `DENSE_RANK() OVER (PARTITION BY k.cid, k.grp ORDER BY k.time_stamp DESC, k.id DESC) <= ${limit}`;
  const PROBLEMS = quoteList(PROBLEM_EVENTS);
  const SCHEMA = quoteList(SCHEMA_CHANGE_EVENTS);
  const isSuccess = (alias: string) => `${alias}.message_event IN (${ENDS}) AND ${alias}.message_data LIKE '%${SUCCESS_HINT}%'`;
  // Every branch has the counts' column when they are asked for.
  const counted = countLoadsMinutes === undefined ? '' : ', CAST(NULL AS BIGINT) AS loaded_rows';
  return `WITH ends_by_day AS (
    SELECT ${logConnectionId(naming)} AS cid, DATE_TRUNC('day', time_stamp) AS day, COUNT(DISTINCT time_stamp) AS ends, MAX(time_stamp) AS last_end
    ${logInWindow(naming)}
      AND message_event IN (${ENDS})
    GROUP BY ${logConnectionId(naming)}, DATE_TRUNC('day', time_stamp)
  ), horizon AS (
    SELECT cid, MAX(last_end) AS last_end_at,
      MAX(CASE WHEN newer > ${EVENT_LIMITS.syncs} THEN day END) AS syncs_from,
      MAX(CASE WHEN newer >= 2 THEN day END) AS records_from
    FROM (
      SELECT cid, day, last_end, SUM(ends) OVER (PARTITION BY cid ORDER BY day DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS newer
      FROM ends_by_day WHERE cid IS NOT NULL
    ) GROUP BY cid
  ), obs AS (
    SELECT MAX(_fivetran_synced) AS observed_at, MAX_BY(time_stamp, _fivetran_synced) AS observed_ts
    ${logInWindow(naming)}
  ), ${countLoadsMinutes === undefined ? '' : `loads AS (
    SELECT DATE_TRUNC('minute', _fivetran_synced) AS loaded_minute, COUNT(*) AS loaded_rows
    ${logInWindow(naming)}
      AND _fivetran_synced >= (SELECT DATE_TRUNC('minute', observed_at) - INTERVAL '${wholeMinutes(countLoadsMinutes)} minutes' FROM obs)
    GROUP BY DATE_TRUNC('minute', _fivetran_synced)
  ), `}cand AS (
    SELECT l.cid, l.id, l.time_stamp, l.event, l.message_event, l.sync_id, l.message_data, h.syncs_from, h.last_end_at
    FROM (
      SELECT ${logConnectionId(naming)} AS cid, id, time_stamp, event, message_event, sync_id, message_data
      ${logInWindow(naming)}
        AND ${snapshotRowFilter()}
    ) l LEFT JOIN horizon h ON h.cid = l.cid
    -- The row filter was applied as LOG was read: only the days' horizons are left to apply.
    WHERE l.cid IS NOT NULL AND (l.event IN (${PROBLEMS})
      OR NOT ((l.message_event = 'sync_start' AND COALESCE(l.time_stamp < h.syncs_from, FALSE))
        OR (l.message_event = 'records_modified' AND COALESCE(l.time_stamp < h.records_from, FALSE))))
  ), keyed AS (
    SELECT cid, id, time_stamp, sync_id, 'end' AS grp FROM cand WHERE message_event IN (${ENDS}) AND (syncs_from IS NULL OR time_stamp >= syncs_from)
    UNION ALL SELECT cid, id, time_stamp, sync_id, event FROM cand WHERE event IN (${PROBLEMS})
    UNION ALL SELECT cid, id, time_stamp, sync_id, 'schema' FROM cand WHERE message_event IN (${SCHEMA})
  ), picked AS (
    SELECT k.cid, k.id, k.time_stamp, k.sync_id, k.grp FROM keyed k
    QUALIFY CASE WHEN k.grp = 'end' THEN ${rank(EVENT_LIMITS.syncs)}
      WHEN k.grp = 'schema' THEN ${rank(EVENT_LIMITS.schemaChanges)} ELSE ${rank(EVENT_LIMITS.problemsPerSeverity)} END
  ), successes AS (
    SELECT c.cid, c.time_stamp FROM cand c WHERE ${isSuccess('c')}
  ), newest_success AS (
    SELECT cid, MAX(time_stamp) AS at FROM successes GROUP BY cid
  ), success_since AS (
    -- The newest two distinct times: the fold keeps ${EVENT_LIMITS.successes} successes.
    SELECT n.cid, COALESCE(MAX(s.time_stamp), MAX(n.at)) AS since FROM newest_success n LEFT JOIN successes s ON s.cid = n.cid AND s.time_stamp < n.at GROUP BY n.cid
  ), shown_starts AS (
    SELECT c.cid, c.sync_id, MIN(c.time_stamp) AS started_at FROM cand c
    JOIN (SELECT DISTINCT cid, sync_id FROM picked WHERE grp = 'end' AND sync_id IS NOT NULL) s ON s.cid = c.cid AND s.sync_id = c.sync_id
    WHERE c.message_event = 'sync_start' GROUP BY c.cid, c.sync_id
  ), last_start AS (
    SELECT cid, MAX(time_stamp) AS at FROM cand WHERE message_event = 'sync_start' GROUP BY cid
  ), ended AS (
    -- Syncs whose end has been loaded; a start since the horizon without one may still get its end, loaded late.
    SELECT DISTINCT cid, sync_id FROM cand WHERE message_event IN (${ENDS}) AND sync_id IS NOT NULL AND (syncs_from IS NULL OR time_stamp >= syncs_from)
  ), last_syncs AS (
    SELECT DISTINCT cid, sync_id FROM cand WHERE message_event IN (${ENDS}) AND time_stamp = last_end_at AND sync_id IS NOT NULL
  ), shown AS (
    SELECT DISTINCT cid, id, time_stamp FROM picked
  )
  SELECT ${rowColumns('c', 1, `CASE WHEN c.message_event IN (${ENDS}) THEN t.started_at END`)}${counted} FROM cand c
    JOIN shown p ON p.cid = c.cid AND p.time_stamp = c.time_stamp AND p.id IS NOT DISTINCT FROM c.id
    LEFT JOIN shown_starts t ON t.cid = c.cid AND t.sync_id = c.sync_id
  UNION ALL SELECT ${rowColumns('c', 1)}${counted} FROM cand c JOIN success_since s ON s.cid = c.cid AND c.time_stamp >= s.since
    WHERE ${isSuccess('c')}
  UNION ALL SELECT ${rowColumns('c', 1)}${counted} FROM cand c JOIN last_start l ON l.cid = c.cid LEFT JOIN ended e ON e.cid = c.cid AND e.sync_id = c.sync_id
    WHERE c.message_event = 'sync_start' AND (c.time_stamp = l.at OR (e.cid IS NULL AND c.sync_id IS NOT NULL))
  UNION ALL SELECT ${rowColumns('c', 1)}${counted} FROM cand c LEFT JOIN last_syncs r ON r.cid = c.cid AND r.sync_id = c.sync_id
    WHERE c.message_event = 'records_modified' AND (r.cid IS NOT NULL OR c.last_end_at IS NULL OR c.time_stamp > c.last_end_at)
  UNION ALL SELECT ${rowColumns('c', 0)}${counted} FROM cand c CROSS JOIN obs
    WHERE c.event IN (${PROBLEMS})
      AND (c.last_end_at IS NULL OR c.time_stamp > c.last_end_at OR DATEDIFF('second', c.time_stamp, obs.observed_at) < 86400)
  UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, observed_at, observed_ts, NULL${counted ? ', NULL' : ''} FROM obs${
    counted ? `
  UNION ALL SELECT NULL, NULL, loaded_minute, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, loaded_rows FROM loads` : ''
  }`;
}

/**
 * The incremental read of LOG: the rows loaded since `{since}` (the last load seen, less an
 * overlap for loads that commit late, on a whole minute), still bounded by the time window, plus
 * the newest load among them. Every new row of the kinds a snapshot uses comes back with its
 * message. Rows of the overlap (loaded after `{overlapAfter}` and before `{seenBefore}`, just after
 * the newest load the model has seen) come back only when a load committed late into it: when the
 * rows now loaded from `{since}` to there are not the `{seen}` the model counted (-1 when it did not
 * count them). Then the fold de-duplicates
 * what it reads again; otherwise every cycle would read the last load it saw a second time. The
 * same statement returns, as rows of their own (`loaded_rows` set, the minute in `time_stamp`), how
 * many rows are loaded in each minute from `{since}` on: what the next cycle counts with. It is one
 * statement so that the counts and the rows are of the same committed state. The rows are
 * filtered in the scan itself, so message_data is read only for them; the newest load and the
 * counts come from scans of narrow columns of the same rows (a shared CTE would hold every new
 * row's message_data to serve them).
 * Named binds: {from}, {to}, {since}, {overlapAfter}, {seenBefore}, {seen}.
 */
export function newLogStatement(naming: SchemaNaming): string {
  const fresh = `${logInWindow(naming)}
      AND _fivetran_synced >= {since}::TIMESTAMP`;
  return `WITH loads AS (
    SELECT DATE_TRUNC('minute', _fivetran_synced) AS loaded_minute, COUNT(*) AS loaded_rows,
      SUM(CASE WHEN _fivetran_synced < {seenBefore}::TIMESTAMP THEN 1 ELSE 0 END) AS seen_rows
    ${fresh}
    GROUP BY DATE_TRUNC('minute', _fivetran_synced)
  ), overlap AS (
    SELECT COALESCE(SUM(seen_rows), 0) <> {seen} AS late FROM loads
  )
  SELECT ${rowColumns('l', 1)}, CAST(NULL AS BIGINT) AS loaded_rows FROM (
    SELECT ${logConnectionId(naming)} AS cid, id, time_stamp, event, message_event, sync_id, message_data, _fivetran_synced AS synced
    ${fresh}
  ) l CROSS JOIN overlap o
  WHERE l.cid IS NOT NULL AND ${snapshotRowFilter('l.')} AND (l.synced >= {seenBefore}::TIMESTAMP OR (o.late AND l.synced > {overlapAfter}::TIMESTAMP))
  UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, MAX(_fivetran_synced), MAX_BY(time_stamp, _fivetran_synced), NULL, NULL
    ${fresh}
  UNION ALL SELECT NULL, NULL, loaded_minute, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, loaded_rows FROM loads`;
}

/** Which rows of the small tables the read model asks for: in full, or only what was loaded since. */
export interface TableRowsParts {
  /** CONNECTION, CONNECTOR_TYPE and DESTINATION: every row, or those loaded since `{connectionSince}`, `{typeSince}`, `{destinationSince}`. */
  tables: 'all' | 'new';
  /** INCREMENTAL_MAR of the month: every day, or the days with a row loaded since `{marSince}`. */
  mar: 'all' | 'new';
}

/** What a row of `tableRowsStatement` is. */
export type TableRowKind = 'connection' | 'connector_type' | 'destination' | 'mar' | 'check';

/** The small tables a cycle reads from just below their newest load, each with its own binds. */
export const CHECKED_TABLES = {
  connection: { since: 'connectionSince', rows: 'connectionRows', ms: 'connectionMs' },
  connector_type: { since: 'typeSince', rows: 'typeRows', ms: 'typeMs' },
  destination: { since: 'destinationSince', rows: 'destinationRows', ms: 'destinationMs' },
  mar: { since: 'marSince', rows: 'marRows', ms: 'marMs' },
} as const;
export type CheckedTable = keyof typeof CHECKED_TABLES;

/** The tables whose rows `tableRowsStatement` checks (and returns `check` rows for) with these parts. */
export function checkedTables(naming: SchemaNaming, parts: TableRowsParts): CheckedTable[] {
  if (parts.tables === 'all') return [];
  return [
    'connection',
    ...(naming.hasConnectorTypeTable ? (['connector_type'] as const) : []),
    ...(naming.hasDestinationTable ? (['destination'] as const) : []),
    ...(naming.marNameColumn && parts.mar === 'new' ? (['mar'] as const) : []),
  ];
}

/** The columns of every row `tableRowsStatement` returns, after `kind` and `cid`. */
const TABLE_COLUMNS = ['name', 'type_id', 'destination_id', 'paused', 'signed_up', 'sync_frequency', 'deleted', 'measured_date', 'mar_rows', 'synced', 'checked_rows', 'checked_ms'] as const;
type TableColumn = (typeof TABLE_COLUMNS)[number];
const tableColumns = (values: Partial<Record<TableColumn, string>>) => TABLE_COLUMNS.map((column) => `${values[column] ?? 'NULL'} AS ${column}`).join(', ');

/**
 * The read model's read of the small tables, as rows of one shape told apart by `kind`: a
 * CONNECTION row (its id in `cid`), a CONNECTOR_TYPE or DESTINATION name, or a day of MAR. In a
 * cycle each table is read only from `{…Since}` (just below the newest load already seen), and
 * CONNECTION comes with its deleted rows, for the model to drop them. MAR comes as one sum per
 * (name, destination, day) of the month (`{monthStart}`..`{monthEnd}`): every day, or only the
 * days with a row loaded since, summed afresh so that a row updated in place replaces its old
 * value.
 *
 * In a cycle, a table's rows from `{…Since}` (a whole minute) on come back only when they are no
 * longer the ones the last read saw there: each table's rows from its since are counted by minute
 * of `_fivetran_synced`, with their milliseconds into that minute summed, on the one narrow column
 * (`check` rows, the table's name in `cid` and the minute in `synced`). How many there are, and
 * their milliseconds after the since summed, are compared with `{…Rows}` and `{…Ms}`, what the
 * last read counted from the same minute on (-1 when it did not count that far back). A new or late load, a row updated in place or deleted changes one or
 * the other; without it, a cycle with nothing new would read the newest load's rows of every table
 * again. Named binds: {connectionSince}, {typeSince}, {destinationSince}, {marSince}, their
 * {…Rows} and {…Ms}, {monthStart}, {monthEnd}, as the parts use them.
 */
export function tableRowsStatement(naming: SchemaNaming, parts: TableRowsParts): string {
  const s = naming.schema;
  const all = parts.tables === 'all';
  const where = (...conditions: string[]) => {
    const kept = conditions.filter(Boolean);
    return kept.length > 0 ? `WHERE ${kept.join(' AND ')}` : '';
  };
  const checks: string[] = [];
  const checkRows: string[] = [];
  // Rows loaded since, of a table a cycle reads from just below its newest load: only when they changed.
  // `source` is the table with `alias`; `kept`, what else makes one of its rows count.
  const since = (alias: string, table: CheckedTable, source: string, ...kept: string[]) => {
    if (all) return '';
    const binds = CHECKED_TABLES[table];
    const synced = `${alias}._fivetran_synced`;
    const loadedSince = `${synced} >= {${binds.since}}::TIMESTAMP`;
    checks.push(`${table}_loads AS (
    SELECT DATE_TRUNC('minute', ${synced}) AS loaded_minute, COUNT(*) AS checked_rows,
      SUM(DATEDIFF('millisecond', DATE_TRUNC('minute', ${synced}), ${synced})) AS checked_ms
    FROM ${source} WHERE ${[...kept, loadedSince].join(' AND ')}
    GROUP BY DATE_TRUNC('minute', ${synced})
  )`);
    checkRows.push(`SELECT 'check', '${table}', ${tableColumns({ synced: 'k.loaded_minute', checked_rows: 'k.checked_rows', checked_ms: 'k.checked_ms' })} FROM ${table}_loads k`);
    // Milliseconds after the since, which a row moved from one minute to another changes.
    const msAfterSince = `k.checked_rows * DATEDIFF('millisecond', {${binds.since}}::TIMESTAMP, k.loaded_minute) + k.checked_ms`;
    return `${loadedSince} AND (SELECT COALESCE(SUM(k.checked_rows), 0) <> {${binds.rows}} OR COALESCE(SUM(${msAfterSince}), 0) <> {${binds.ms}} FROM ${table}_loads k)`;
  };
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
  FROM ${s}.${naming.connectionTable} c ${where(since('c', 'connection', `${s}.${naming.connectionTable} c`), all && naming.hasDeletedColumn ? `${deleted} = FALSE` : '')}`,
  ];
  if (naming.hasConnectorTypeTable) {
    branches.push(`SELECT 'connector_type', NULL, ${tableColumns({ name: 'ct.official_connector_name', type_id: 'ct.id', synced: 'ct._fivetran_synced' })}
  FROM ${s}.CONNECTOR_TYPE ct ${where(since('ct', 'connector_type', `${s}.CONNECTOR_TYPE ct`))}`);
  }
  if (naming.hasDestinationTable) {
    branches.push(`SELECT 'destination', NULL, ${tableColumns({ name: 'd.name', destination_id: 'd.id', synced: 'd._fivetran_synced' })}
  FROM ${s}.DESTINATION d ${where(since('d', 'destination', `${s}.DESTINATION d`))}`);
  }
  const marName = naming.marNameColumn;
  const ctes: string[] = [];
  if (marName) {
    const inMonth = (alias: string) => `${alias}.measured_date >= {monthStart}::DATE AND ${alias}.measured_date <= {monthEnd}::DATE`;
    const keyed = (alias: string) => `${alias}.${marName} IS NOT NULL AND ${alias}.destination_id IS NOT NULL`;
    const allMar = parts.mar === 'all';
    if (!allMar) {
      const changed = since('m', 'mar', `${s}.INCREMENTAL_MAR m`, inMonth('m'), keyed('m'));
      ctes.push(`mar_days AS (
    SELECT DISTINCT m.${marName} AS mar_name, m.destination_id, m.measured_date FROM ${s}.INCREMENTAL_MAR m
    WHERE ${inMonth('m')} AND ${keyed('m')} AND ${changed}
  )`);
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
  const withs = [...checks, ...ctes];
  return `${withs.length > 0 ? `WITH ${withs.join(', ')}\n  ` : ''}${[...branches, ...checkRows].join('\n  UNION ALL ')}`;
}
