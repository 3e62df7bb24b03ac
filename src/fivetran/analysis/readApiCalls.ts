import { PulseError } from '../../errors/pulseError';
import { bindNamed } from '../../warehouse/namedBinds';
import type { Warehouse } from '../../warehouse/types';
import type { SchemaNaming } from '../schemaNaming';
import { apiCallCountsStatement, EXTRACT_SUMMARY_ROW_LIMIT, extractSummaryRowsStatement } from './analysisQueries';
import { assembleApiCalls } from './apiCalls';
import { checkPeriod } from './period';
import { readCell } from '../readCell';
import type { ApiCallsReport } from './types';

export interface ApiCallsOptions {
  from: Date;
  to: Date;
  /** A connection id, or a connection name; unknown ones are refused with {@link UnknownConnectionError}. */
  connectionId?: string;
  /** Override of {@link EXTRACT_SUMMARY_ROW_LIMIT}, for tests of the truncated case. */
  extractRowLimit?: number;
}

/** The connection asked about is not in the connection table: an answer, not an empty report. */
export class UnknownConnectionError extends PulseError<'PULSE_INPUT_UNKNOWN_CONNECTION'> {
  constructor(readonly connection: string) {
    super('PULSE_INPUT_UNKNOWN_CONNECTION', `no connection "${connection}" in the Fivetran connection table (give its connection id or its name)`);
    this.name = 'UnknownConnectionError';
  }
}

/** A connection id or name to its id, through the connection table (ids win over names). */
async function resolveConnection(warehouse: Warehouse, naming: SchemaNaming, wanted: string): Promise<string> {
  const { sql, binds } = bindNamed(
    `SELECT ${naming.connectionIdColumn} AS connection_id, CASE WHEN ${naming.connectionIdColumn} = {wanted} THEN 0 ELSE 1 END AS by_name
     FROM ${naming.schema}.${naming.connectionTable}
     WHERE ${naming.connectionIdColumn} = {wanted} OR ${naming.connectionNameColumn} = {wanted}
     ORDER BY by_name, connection_id LIMIT 1`,
    { wanted },
  );
  const rows = await warehouse.query(sql, binds, { tag: 'analysis:connection' });
  const id = readCell.text(rows[0]?.connection_id);
  if (id === null) throw new UnknownConnectionError(wanted);
  return id;
}

/**
 * API calls (legacy `api_call` events) and extract queries (`extract_summary` total_queries) per
 * day over a period, for every connection or one. Two LOG statements, plus one on the connection
 * table when a connection is named.
 */
export async function readApiCalls(warehouse: Warehouse, naming: SchemaNaming, options: ApiCallsOptions): Promise<ApiCallsReport> {
  const period = checkPeriod(options);
  const wanted = options.connectionId?.trim();
  if (options.connectionId !== undefined && !wanted) throw new UnknownConnectionError(options.connectionId);
  const connectionId = wanted ? await resolveConnection(warehouse, naming, wanted) : null;
  const limit = options.extractRowLimit ?? EXTRACT_SUMMARY_ROW_LIMIT;
  const values = connectionId === null ? { ...period } : { ...period, connectionId };

  const calls = bindNamed(apiCallCountsStatement(naming, connectionId !== null), values);
  const summaries = bindNamed(extractSummaryRowsStatement(naming, connectionId !== null, limit), values);
  const [callRows, summaryRows] = await Promise.all([
    warehouse.query(calls.sql, calls.binds, { tag: 'analysis:api-calls' }),
    warehouse.query(summaries.sql, summaries.binds, { tag: 'analysis:extract-summaries' }),
  ]);
  return assembleApiCalls(period, connectionId, callRows, summaryRows, limit);
}
