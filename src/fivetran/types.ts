/**
 * The read model: one snapshot of every live connection, read in at most two warehouse queries.
 * Timestamps are ISO-8601 strings in UTC; durations are minutes.
 */

/** sync_end statuses Fivetran writes; anything else is carried as it came. */
export type SyncStatus = 'SUCCESSFUL' | 'FAILURE' | 'FAILURE_WITH_TASK' | 'RESCHEDULED' | 'CANCELED' | (string & {});

export interface SyncOutcome {
  syncId: string | null;
  status: SyncStatus;
  reason: string | null;
  taskType: string | null;
  startedAt: string | null;
  endedAt: string;
}

export interface LogMessage {
  at: string;
  /** SEVERE or WARNING. */
  event: string;
  /** message_event: `error`, `warning`, `sync_end`… */
  messageEvent: string;
  /** The `type` of an error or warning, when it has one. */
  type: string | null;
  message: string;
}

export interface SchemaChange {
  at: string;
  messageEvent: string;
  summary: string;
}

export interface ConnectionSnapshot {
  connectionId: string;
  connectionName: string;
  /** connector_type_id: `salesforce`, `postgres`, `fivetran_log`… */
  connectorType: string;
  /** CONNECTOR_TYPE.official_connector_name, when known. */
  connectorTypeName: string | null;
  destinationId: string;
  destinationName: string | null;
  paused: boolean;
  signedUpAt: string | null;
  syncFrequencyMinutes: number | null;

  lastSyncStartedAt: string | null;
  lastSyncCompletedAt: string | null;
  lastSuccessfulSyncAt: string | null;
  /** The latest sync_end (or legacy status event) in the window. */
  lastSync: SyncOutcome | null;
  /** The latest sync_end that says something about health (not CANCELED or RESCHEDULED). */
  lastDecisiveSync: SyncOutcome | null;
  /** A sync_start with no later sync_end: when it started. */
  runningSince: string | null;
  /** A sync_start was seen in the window (Fivetran's "incomplete" is "never a sync_start"). */
  hasSyncStart: boolean;
  /** Any SEVERE event was seen in the window. */
  hasError: boolean;
  /** The latest SEVERE event falls in the same sync as the latest sync_end. */
  lastErrorInLastSync: boolean;
  /** The latest priority-first completion (RESCHEDULED, "intended behavior") is newer than the last sync_end. */
  priorityFirstPending: boolean;

  /** Recent completed syncs, newest first (at most 10). */
  recentSyncs: SyncOutcome[];
  /** Median and 95th percentile of recentSyncs' durations; null with no timed sync. */
  medianDurationMinutes: number | null;
  p95DurationMinutes: number | null;

  severeSinceLastSync: number;
  warningsSinceLastSync: number;
  severe24h: number;
  /** The oldest of those SEVERE events: when the errors counted in severe24h began. */
  firstSevere24hAt: string | null;
  warnings24h: number;
  /** Newest first, identical messages once, at most 5. */
  latestErrors: LogMessage[];
  schemaChanges30d: SchemaChange[];
  /** Rows the latest completed sync wrote (records_modified counts of that sync). */
  rowsModifiedLastSync: number;
  marThisMonth: number;
}

export interface PlatformConnection {
  connectionId: string;
  connectionName: string;
  paused: boolean;
  syncFrequencyMinutes: number | null;
}

export interface Snapshot {
  /** When the monitoring data was last loaded: newest `_fivetran_synced` in LOG. Null when LOG is empty. */
  observedAt: string | null;
  /** Wall-clock time the snapshot was read. */
  readAt: string;
  connections: ConnectionSnapshot[];
  platformConnection: PlatformConnection | null;
}

/** A customer of the data team, from the tenants table (TENANTS_TABLE). */
export interface Tenant {
  tenantId: string;
  tenantName: string;
  /** The tenant's own Slack channel, when it has one. */
  alertChannel: string | null;
}

/** Columns a tenants table may leave out: tenants still load, with less to go on. */
export const OPTIONAL_TENANT_COLUMNS = ['tenant_name', 'alert_channel'] as const;
export type OptionalTenantColumn = (typeof OPTIONAL_TENANT_COLUMNS)[number];
