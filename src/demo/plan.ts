/**
 * What the demo says happened to one connection, before it is turned into LOG rows. Times are
 * epoch milliseconds.
 */

export type PlannedStatus = 'SUCCESSFUL' | 'FAILURE' | 'FAILURE_WITH_TASK' | 'RESCHEDULED' | 'CANCELED';

export interface PlannedProblem {
  /** `type` in message_data, e.g. `authentication_error`. */
  type: string;
  message: string;
  /** Writes message_data as plain text instead of JSON (it happens). */
  plainText?: boolean;
}

export interface PlannedSync {
  startAt: number;
  /** Null: still running when the monitoring data was loaded. */
  endAt: number | null;
  status: PlannedStatus | null;
  reason?: string;
  taskType?: string;
  /** Which spelling the sync_end uses for taskType; Fivetran writes camelCase, some rows snake_case. */
  taskTypeKey?: 'taskType' | 'task_type';
  errors?: readonly PlannedProblem[];
  warnings?: readonly PlannedProblem[];
  /** Every row of this sync appears twice (a Platform connection re-sync does this). */
  duplicated?: boolean;
  /** The sync_end's message_data is JSON encoded twice (a JSON string holding JSON). */
  doubleEncodedEnd?: boolean;
  /** Tables written; defaults to a few of the connection's tables. */
  tableCount?: number;
  /** Schema changes written during the sync (create_table, alter_table…). */
  schemaChanges?: readonly PlannedLooseEvent[];
}

/** An event outside any sync: user actions, setup-test errors, account-level events. */
export interface PlannedLooseEvent {
  at: number;
  event: 'INFO' | 'WARNING' | 'SEVERE';
  messageEvent: string;
  /** message_data as written, already encoded. */
  data: string | null;
}

export interface ConnectionPlan {
  connectionId: string;
  connectionName: string;
  connectorTypeId: string;
  destinationId: string;
  connectingUserId: string;
  paused: boolean;
  signedUpAt: number;
  syncFrequencyMinutes: number;
  deleted: boolean;
  /** Every LOG row of this connection carries connector_id only (a connection from before the rename). */
  legacyIdsOnly: boolean;
  syncs: PlannedSync[];
  looseEvents: PlannedLooseEvent[];
}
