/**
 * Live state: what Fivetran's REST API and webhooks say now, normalised once at the edge so that
 * nothing above this layer sees the API's field names or its two namings of the same id.
 * Timestamps are ISO-8601 strings in UTC.
 */

export type SetupState = 'incomplete' | 'connected' | 'broken' | (string & {});
export type SyncState = 'scheduled' | 'syncing' | 'paused' | 'rescheduled' | (string & {});
export type UpdateState = 'on_schedule' | 'delayed' | (string & {});

/** A task (something a person must do) or a warning, as Fivetran words it. */
export interface LiveNotice {
  code: string;
  message: string;
  details: string | null;
}

/** One connection as the API reported it at `observedAt`. */
export interface LiveConnection {
  connectionId: string;
  groupId: string | null;
  /** `service`: salesforce, postgres… */
  service: string | null;
  /** The destination schema name, which the warehouse's CONNECTION table calls connection_name. */
  schema: string | null;
  paused: boolean;
  setupState: SetupState;
  syncState: SyncState;
  /** Fivetran's own delay judgment. */
  updateState: UpdateState;
  succeededAt: string | null;
  failedAt: string | null;
  syncFrequencyMinutes: number | null;
  tasks: LiveNotice[];
  warnings: LiveNotice[];
  /** When Pulse read this from the API. */
  observedAt: string;
}

/** A webhook delivery, verified and normalised (`connector_id`/`connection_id`, `group_id`/`destination_group_id`). */
export interface WebhookEvent {
  /** sync_start, sync_end, pause_connector, resume_connector, test_event… */
  event: string;
  /** Fivetran's `created`. */
  createdAt: string;
  connectionId: string;
  connectionName: string | null;
  connectorType: string | null;
  groupId: string | null;
  /** Absent on the creation test payload. */
  syncId: string | null;
  /** sync_end's outcome: SUCCESSFUL, FAILURE, FAILURE_WITH_TASK, RESCHEDULED, CANCELED. */
  status: string | null;
  reason: string | null;
  taskType: string | null;
}

/** What the rest of Pulse asks of Fivetran's REST API; one implementation over HTTP, pointed at the stand-in in tests. */
export interface FivetranApi {
  /** Every connection of the account, page by page (1,000 a page). */
  listConnections(): Promise<LiveConnection[]>;
  getConnection(connectionId: string): Promise<LiveConnection>;
  /** Starts a sync (`force: false`). */
  syncNow(connectionId: string): Promise<void>;
  /** Pauses or resumes; settles Fivetran's known 500-after-pausing by reading the connection back, never by pausing twice. */
  setPaused(connectionId: string, paused: boolean): Promise<LiveConnection>;
  /** Registers an account webhook for `url` (Fivetran calls it with a test payload first). */
  createAccountWebhook(url: string, secret: string, events: string[]): Promise<{ id: string }>;
}
