/**
 * Reads over a chosen period, for the `analyze` and `api-calls` reports. Unlike the monitoring
 * snapshot they are asked for by a person, so they may read more of LOG, but never outside the
 * period and never with one statement per connection.
 * Instants are ISO-8601 strings in UTC; days are `YYYY-MM-DD` (UTC).
 */

/** A half-open window of LOG time: time_stamp >= from AND time_stamp < to. */
export interface Period {
  from: string;
  to: string;
}

/** Whole UTC days, both ends included: how INCREMENTAL_MAR (one row per day) is read. */
export interface DayRange {
  firstDay: string;
  lastDay: string;
  days: number;
}

export interface MarTrend {
  /** Incremental rows in the period (all free types, as in the monitoring snapshot). */
  rows: number;
  /** Incremental rows in the previous period of as many days. */
  previousRows: number;
  /** Change against the previous period in percent; null when the previous period had none. */
  changePercent: number | null;
}

/** One connection's MAR as the warehouse gives it. */
export interface MarReadByConnection extends MarTrend {
  /** Null when no connection row has this name and destination any more. */
  connectionId: string | null;
  /** INCREMENTAL_MAR's name column: the connection's name (its destination schema). */
  connectionName: string;
  destinationId: string;
  connectorType: string | null;
  /** The connection row is marked deleted (its MAR still counts for the period). */
  deleted: boolean;
}

/** One connection's MAR, with the tenant it belongs to (health/attributeMar). */
export interface MarByConnection extends MarReadByConnection {
  tenantId: string | null;
}

export interface MarByTenant extends MarTrend {
  /** Null gathers the connections no tenant matched. */
  tenantId: string | null;
  connections: number;
}

/** MAR over a period as the warehouse gives it: by connection, no tenant known yet. */
export interface MarRead {
  /** False when the schema has no INCREMENTAL_MAR table: every figure is then 0. */
  available: boolean;
  period: DayRange;
  previousPeriod: DayRange;
  total: MarTrend;
  /** Largest first. */
  byConnection: MarReadByConnection[];
}

/** MAR over a period by connection and by tenant (health/attributeMar). */
export interface MarAnalysis extends Omit<MarRead, 'byConnection'> {
  /** Largest first; the unmatched group last. */
  byTenant: MarByTenant[];
  /** Largest first. */
  byConnection: MarByConnection[];
}

export interface ErrorTypeCount {
  /** The error's `type`, or `(no type)` when message_data carries none or cannot be read. */
  type: string;
  count: number;
  /** How many connections raised it. */
  connections: number;
  /** The names of those connections, most affected first, at most {@link ERROR_CONNECTIONS_LISTED}. */
  connectionNames: string[];
  firstAt: string;
  lastAt: string;
  /** The newest message of this type, as a person should read it. */
  sampleMessage: string;
}

export const ERROR_CONNECTIONS_LISTED = 5;

export interface ErrorAnalysis {
  /** SEVERE `error` events counted (LOG's duplicate rows once). */
  total: number;
  /** Most frequent first. */
  types: ErrorTypeCount[];
  /**
   * The period held more error rows than one read returns: counts cover only the newest ones,
   * from `countedFrom` on.
   */
  truncated: boolean;
  countedFrom: string | null;
}

export interface SyncDurationStats {
  connectorType: string;
  /** CONNECTOR_TYPE.official_connector_name, when known. */
  connectorTypeName: string | null;
  /** Successful syncs whose start and end both fall in the period. */
  syncs: number;
  connections: number;
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
}

export interface ApiCallsDay {
  day: string;
  /** Legacy `api_call` events: one per API call. */
  apiCalls: number;
  /** Sum of `total_queries` (or `totalQueries`) over the day's `extract_summary` events. */
  extractQueries: number;
  /** `extract_summary` events that day (one per sync of a newer connection). */
  extractSummaries: number;
}

export interface ApiCallsByConnection {
  connectionId: string;
  connectionName: string | null;
  apiCalls: number;
  extractQueries: number;
  extractSummaries: number;
}

export interface ApiCallsReport {
  period: Period;
  /** The one connection asked about, or null for all. */
  connectionId: string | null;
  /** Every day of the period, oldest first, zeros included. */
  days: ApiCallsDay[];
  /** Most calls and queries first. */
  byConnection: ApiCallsByConnection[];
  totals: { apiCalls: number; extractQueries: number; extractSummaries: number };
  /** extract_summary rows whose message_data could not be read or held no query count. */
  unreadableSummaries: number;
  /**
   * The period held more extract_summary rows than one read returns: query sums are complete only
   * from this instant on; older days read low. Null when every row was read.
   */
  extractQueriesCompleteFrom: string | null;
}

/** The report as the warehouse gives it (readAnalysis): MAR not yet attributed to tenants. */
export interface AnalysisRead {
  period: Period;
  /** The period of equal length just before: what trends compare against. */
  previousPeriod: Period;
  mar: MarRead;
  errors: ErrorAnalysis;
  /** Slowest p95 first. */
  syncDurations: SyncDurationStats[];
  apiCalls: ApiCallsReport;
}

/** The report as shown: MAR by tenant too (health/attributeMar). */
export interface Analysis extends Omit<AnalysisRead, 'mar'> {
  mar: MarAnalysis;
}
