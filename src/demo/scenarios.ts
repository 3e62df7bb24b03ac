import type { AlertRule, Health } from '../health/types';
import { DEST_APAC, DEST_EU, DEST_US, USERS } from './catalog';
import {
  addColumn,
  changeColumnType,
  createSchema,
  createTable,
  PRIORITY_FIRST_REASON,
  setupError,
  USER_CANCELED_REASON,
  userAction,
} from './messages';
import type { ConnectionPlan, PlannedSync } from './plan';
import { createRandom, mixSeed, type Random } from './random';
import { DAY, HOUR, MINUTE, regularSyncs } from './schedule';

export interface DemoScenario {
  connectionId: string;
  connectionName: string;
  /** `deleted`: the connection is deleted and must be left out of every judgment. */
  expectedHealth: Health | 'deleted';
  /** The alerts the default thresholds must raise for it, and no others. */
  expectedAlerts: AlertRule[];
  /** The tenant its name belongs to (by whole `_`-separated tokens, longest tenant id first). */
  expectedTenantId: string | null;
  note: string;
}

/**
 * The connections the demo stages on purpose, first in every dataset and the same whatever the
 * size. Judged at the data's observedAt with default thresholds, each must come out as stated.
 */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  { connectionId: 'cosmic_ledger', connectionName: 'fivetran_log', expectedHealth: 'connected', expectedAlerts: [], expectedTenantId: null, note: 'the Platform connection itself (connector_type_id fivetran_log), hourly, last loaded a few minutes before now' },
  { connectionId: 'calendar_elected', connectionName: 'acme_salesforce', expectedHealth: 'connected', expectedAlerts: [], expectedTenantId: 'acme', note: 'healthy hourly sync; its latest sync_end message_data is double-encoded JSON, an older warning is plain text, schema changes in the last 30 days' },
  { connectionId: 'spry_kestrel', connectionName: 'hubspot_acme', expectedHealth: 'broken', expectedAlerts: ['sync_failed'], expectedTenantId: 'acme', note: 'latest sync ended FAILURE_WITH_TASK (taskType reconnect) with 3 errors, every row of that sync duplicated in LOG: 3 distinct errors, not 6; last success 2 h ago, within 2 x 120 min' },
  { connectionId: 'cobalt_delta', connectionName: 'globex_postgres', expectedHealth: 'broken', expectedAlerts: ['sync_failed', 'sync_delayed', 'frequent_errors'], expectedTenantId: 'globex', note: 'failing every hour for 10 hours (FAILURE, too many connections): 10 errors in 24 h, last success 10 h ago' },
  { connectionId: 'gilded_lantern', connectionName: 'acme_eu_pg', expectedHealth: 'connected', expectedAlerts: [], expectedTenantId: 'acme_eu', note: 'failed two days ago (FAILURE_WITH_TASK written with snake_case task_type), every sync since succeeded: cleared; all its LOG rows carry connector_id only' },
  { connectionId: 'placid_anchor', connectionName: 'initech_zendesk', expectedHealth: 'connected', expectedAlerts: ['frequent_errors'], expectedTenantId: 'initech', note: 'six failed syncs 15-20 h ago, recovered since: connected, but 6 errors in the last 24 h' },
  { connectionId: 'brisk_heron', connectionName: 'acmecorp_ads', expectedHealth: 'connected', expectedAlerts: ['sync_delayed'], expectedTenantId: null, note: 'hourly connection whose last sync (successful) was 5 h ago and nothing since; acmecorp is not acme' },
  { connectionId: 'cosmic_orbit', connectionName: 'globex_netsuite', expectedHealth: 'connected', expectedAlerts: ['sync_running_long'], expectedTenantId: 'globex', note: 'sync running for 2 h where the last 10 took about 20 min (threshold max(3 x median, 1 h))' },
  { connectionId: 'gentle_comet', connectionName: 'initech_shopify', expectedHealth: 'connected', expectedAlerts: ['sync_running_long'], expectedTenantId: 'initech', note: 'daily connection set up 50 h ago with only 2 completed syncs; the current one has run 7 h (over the 6 h rule for fewer than 3 syncs)' },
  { connectionId: 'sable_harbor', connectionName: 'acme_stripe', expectedHealth: 'paused', expectedAlerts: [], expectedTenantId: 'acme', note: 'paused by a user 3 days ago; a paused connection raises no delay alert' },
  { connectionId: 'early_meadow', connectionName: 'globex_marketo', expectedHealth: 'incomplete', expectedAlerts: [], expectedTenantId: 'globex', note: 'created 30 min ago, never a sync_start' },
  { connectionId: 'humble_sparrow', connectionName: 'acme_eu_mysql', expectedHealth: 'initial_sync', expectedAlerts: [], expectedTenantId: 'acme_eu', note: 'set up 3 h ago, first sync running for 2.5 h without error (under the 6 h rule)' },
  { connectionId: 'opal_tundra', connectionName: 'globex_salesforce', expectedHealth: 'priority_first_sync', expectedAlerts: [], expectedTenantId: 'globex', note: 'set up 5 h ago; every sync so far ended RESCHEDULED "intended behavior" (priority-first historical sync)' },
  { connectionId: 'amber_falcon', connectionName: 'initech_jira', expectedHealth: 'connected', expectedAlerts: [], expectedTenantId: 'initech', note: 'latest sync CANCELED by a user 30 min ago; the one before succeeded 2.5 h ago (within 2 x 120 min)' },
  { connectionId: 'rustic_ledger', connectionName: 'acme_legacy_mysql', expectedHealth: 'deleted', expectedAlerts: [], expectedTenantId: 'acme', note: 'deleted 5 days ago after a day of failures (_fivetran_deleted = true): excluded from every judgment' },
  { connectionId: 'hollow_summit', connectionName: 'globex_s3', expectedHealth: 'broken', expectedAlerts: ['sync_delayed'], expectedTenantId: 'globex', note: 'set up 10 h ago, never a sync_end, only permission errors (a setup test and one in the running sync)' },
  { connectionId: 'tidy_quill', connectionName: 'finance_sheets', expectedHealth: 'connected', expectedAlerts: [], expectedTenantId: null, note: 'daily Google Sheets connection that belongs to no tenant' },
];

/** The Platform connection's sync frequency in the demo, in minutes. */
export const DEMO_PLATFORM_SYNC_FREQUENCY = 60;

interface ScenarioContext {
  /** observedAt: the Platform connection's last load. */
  observedAt: number;
  windowStart: number;
  random: Random;
}

type ScenarioBuilder = (context: ScenarioContext) => Omit<ConnectionPlan, 'connectionId' | 'connectionName'>;

const [maria, tom, priya, kenji] = USERS.map((user) => user) as [(typeof USERS)[number], (typeof USERS)[number], (typeof USERS)[number], (typeof USERS)[number]];
const longAgo = (observedAt: number, days: number) => observedAt - days * DAY;

const base = {
  paused: false,
  deleted: false,
  legacyIdsOnly: false,
  looseEvents: [] as ConnectionPlan['looseEvents'],
};

const builders: Record<string, ScenarioBuilder> = {
  cosmic_ledger: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'fivetran_log',
    destinationId: DEST_US,
    connectingUserId: maria.id,
    signedUpAt: longAgo(observedAt, 420),
    syncFrequencyMinutes: DEMO_PLATFORM_SYNC_FREQUENCY,
    syncs: regularSyncs({ lastStartAt: observedAt - 5 * MINUTE, everyMinutes: 60, notBefore: windowStart, durationMinutes: () => random.between(2.5, 4) }),
  }),

  calendar_elected: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'salesforce',
    destinationId: DEST_US,
    connectingUserId: maria.id,
    signedUpAt: longAgo(observedAt, 530),
    syncFrequencyMinutes: 60,
    syncs: regularSyncs({
      lastStartAt: observedAt - 30 * MINUTE,
      everyMinutes: 60,
      notBefore: windowStart,
      durationMinutes: () => random.between(6, 12),
      shape: (k, startAt) => {
        if (k === 0) return { doubleEncodedEnd: true };
        if (k === 50) return { warnings: [{ type: 'connection_reset', message: 'Connection reset by peer while reading Opportunity; retried successfully', plainText: true }] };
        if (k === 80 || k === 200) return { warnings: [{ type: 'table_excluded_by_system', message: 'salesforce.LoginEvent has been Excluded by system. Reason : Not queryable' }] };
        if (k === 120) return { schemaChanges: [addColumn(startAt + MINUTE, 'opportunity', 'forecast_category_c', 'STRING')] };
        if (k === 240) return { schemaChanges: [createTable(startAt + MINUTE, 'acme_salesforce', 'campaign_member', { id: 'STRING', campaign_id: 'STRING', status: 'STRING' })] };
        return {};
      },
    }),
  }),

  spry_kestrel: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'hubspot',
    destinationId: DEST_US,
    connectingUserId: tom.id,
    signedUpAt: longAgo(observedAt, 300),
    syncFrequencyMinutes: 120,
    syncs: regularSyncs({
      lastStartAt: observedAt - 12 * MINUTE,
      everyMinutes: 120,
      notBefore: windowStart,
      durationMinutes: (k) => (k === 0 ? 7 : random.between(5, 9)),
      shape: (k) =>
        k === 0
          ? {
              status: 'FAILURE_WITH_TASK',
              reason: 'HubSpot rejected the OAuth token (401 Unauthorized). Reconnect the connection to grant access again.',
              taskType: 'reconnect',
              duplicated: true,
              tableCount: 0,
              errors: [
                { type: 'authentication_error', message: '401 Unauthorized: the access token has expired or was revoked' },
                { type: 'permission_denied', message: 'Missing scope crm.objects.deals.read for /crm/v3/objects/deals' },
                { type: 'authentication_error', message: 'Token refresh failed: invalid_grant' },
              ],
            }
          : {},
    }),
  }),

  cobalt_delta: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'postgres',
    destinationId: DEST_US,
    connectingUserId: priya.id,
    signedUpAt: longAgo(observedAt, 610),
    syncFrequencyMinutes: 60,
    syncs: regularSyncs({
      lastStartAt: observedAt - 15 * MINUTE,
      everyMinutes: 60,
      notBefore: windowStart,
      durationMinutes: (k) => (k < 10 ? random.between(1, 3) : random.between(4, 10)),
      shape: (k, startAt) => {
        if (k < 10) {
          return {
            status: 'FAILURE',
            reason: 'java.lang.RuntimeException: FATAL: too many connections for role "fivetran"',
            tableCount: 0,
            errors: [{ type: 'connection_failure', message: 'FATAL: too many connections for role "fivetran" (SQLSTATE 53300)' }],
          };
        }
        if (k === 48) return { schemaChanges: [createTable(startAt + MINUTE, 'globex_postgres', 'public_refunds', { id: 'INTEGER', order_id: 'INTEGER', amount: 'NUMBER' })] };
        return {};
      },
    }),
  }),

  gilded_lantern: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'postgres',
    destinationId: DEST_EU,
    connectingUserId: kenji.id,
    signedUpAt: longAgo(observedAt, 700),
    syncFrequencyMinutes: 180,
    legacyIdsOnly: true,
    syncs: regularSyncs({
      lastStartAt: observedAt - 40 * MINUTE,
      everyMinutes: 180,
      notBefore: windowStart,
      durationMinutes: () => random.between(10, 20),
      shape: (k) =>
        k === 15 || k === 16
          ? {
              status: 'FAILURE_WITH_TASK',
              reason: 'FATAL: password authentication failed for user "fivetran_eu"',
              taskType: 'update_credentials',
              taskTypeKey: 'task_type',
              tableCount: 0,
              errors: [{ type: 'authentication_error', message: 'password authentication failed for user "fivetran_eu"' }],
            }
          : {},
    }),
  }),

  placid_anchor: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'zendesk',
    destinationId: DEST_APAC,
    connectingUserId: kenji.id,
    signedUpAt: longAgo(observedAt, 240),
    syncFrequencyMinutes: 60,
    syncs: regularSyncs({
      lastStartAt: observedAt - 25 * MINUTE,
      everyMinutes: 60,
      notBefore: windowStart,
      durationMinutes: () => random.between(5, 12),
      shape: (k) =>
        k >= 15 && k <= 20
          ? {
              status: 'FAILURE',
              reason: 'Zendesk API returned 503 Service Unavailable',
              tableCount: 0,
              errors: [{ type: 'api_error', message: 'Zendesk API returned 503 Service Unavailable for /api/v2/incremental/tickets/cursor.json' }],
            }
          : {},
    }),
  }),

  brisk_heron: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'google_ads',
    destinationId: DEST_US,
    connectingUserId: tom.id,
    signedUpAt: longAgo(observedAt, 150),
    syncFrequencyMinutes: 60,
    syncs: regularSyncs({ lastStartAt: observedAt - 5 * HOUR, everyMinutes: 60, notBefore: windowStart, durationMinutes: () => random.between(3, 6) }),
  }),

  cosmic_orbit: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'netsuite_suiteanalytics',
    destinationId: DEST_US,
    connectingUserId: priya.id,
    signedUpAt: longAgo(observedAt, 380),
    syncFrequencyMinutes: 360,
    syncs: [
      ...regularSyncs({ lastStartAt: observedAt - 8 * HOUR, everyMinutes: 360, notBefore: windowStart, durationMinutes: () => random.between(17, 23) }),
      { startAt: observedAt - 2 * HOUR, endAt: null, status: null },
    ],
  }),

  gentle_comet: ({ observedAt }) => {
    const signedUpAt = observedAt - 50 * HOUR;
    return {
      ...base,
      connectorTypeId: 'shopify',
      destinationId: DEST_APAC,
      connectingUserId: kenji.id,
      signedUpAt,
      syncFrequencyMinutes: 1440,
      looseEvents: [userAction(signedUpAt, 'create_connection', kenji.email, 'gentle_comet')],
      syncs: [
        {
          startAt: observedAt - 49 * HOUR,
          endAt: observedAt - 47 * HOUR,
          status: 'SUCCESSFUL',
          tableCount: 5,
          schemaChanges: [
            createSchema(observedAt - 49 * HOUR + MINUTE, 'initech_shopify'),
            createTable(observedAt - 49 * HOUR + 2 * MINUTE, 'initech_shopify', 'order', { id: 'INTEGER', created_at: 'TIMESTAMP', total_price: 'NUMBER' }),
          ],
        },
        { startAt: observedAt - 25 * HOUR, endAt: observedAt - 24.5 * HOUR, status: 'SUCCESSFUL' },
        { startAt: observedAt - 7 * HOUR, endAt: null, status: null },
      ],
    };
  },

  sable_harbor: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'stripe',
    destinationId: DEST_US,
    connectingUserId: maria.id,
    signedUpAt: longAgo(observedAt, 460),
    syncFrequencyMinutes: 360,
    paused: true,
    looseEvents: [userAction(observedAt - 72 * HOUR, 'pause_connector', maria.email, 'sable_harbor')],
    syncs: regularSyncs({ lastStartAt: observedAt - 74 * HOUR, everyMinutes: 360, notBefore: windowStart, durationMinutes: () => random.between(8, 15) }),
  }),

  early_meadow: ({ observedAt }) => ({
    ...base,
    connectorTypeId: 'marketo',
    destinationId: DEST_US,
    connectingUserId: priya.id,
    signedUpAt: observedAt - 30 * MINUTE,
    syncFrequencyMinutes: 360,
    looseEvents: [userAction(observedAt - 30 * MINUTE, 'create_connection', priya.email, 'early_meadow')],
    syncs: [],
  }),

  humble_sparrow: ({ observedAt }) => {
    const startAt = observedAt - 150 * MINUTE;
    return {
      ...base,
      connectorTypeId: 'mysql',
      destinationId: DEST_EU,
      connectingUserId: kenji.id,
      signedUpAt: observedAt - 3 * HOUR,
      syncFrequencyMinutes: 360,
      looseEvents: [userAction(observedAt - 3 * HOUR, 'create_connection', kenji.email, 'humble_sparrow')],
      syncs: [
        {
          startAt,
          endAt: null,
          status: null,
          schemaChanges: [
            createSchema(startAt + MINUTE, 'acme_eu_mysql'),
            createTable(startAt + 2 * MINUTE, 'acme_eu_mysql', 'app_users', { id: 'INTEGER', email: 'STRING', created_at: 'TIMESTAMP' }),
            createTable(startAt + 3 * MINUTE, 'acme_eu_mysql', 'app_payments', { id: 'INTEGER', user_id: 'INTEGER', amount: 'NUMBER' }),
          ],
        },
      ],
    };
  },

  opal_tundra: ({ observedAt }) => {
    const signedUpAt = observedAt - 5 * HOUR;
    const starts = [270, 210, 150, 90, 35].map((minutesAgo) => observedAt - minutesAgo * MINUTE);
    return {
      ...base,
      connectorTypeId: 'salesforce',
      destinationId: DEST_US,
      connectingUserId: priya.id,
      signedUpAt,
      syncFrequencyMinutes: 360,
      looseEvents: [userAction(signedUpAt, 'create_connection', priya.email, 'opal_tundra')],
      syncs: starts.map(
        (startAt, i): PlannedSync => ({
          startAt,
          endAt: startAt + 15 * MINUTE,
          status: 'RESCHEDULED',
          reason: PRIORITY_FIRST_REASON,
          tableCount: 3,
          ...(i === 0 ? { schemaChanges: [createSchema(startAt + MINUTE, 'globex_salesforce')] } : {}),
        }),
      ),
    };
  },

  amber_falcon: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'jira',
    destinationId: DEST_APAC,
    connectingUserId: kenji.id,
    signedUpAt: longAgo(observedAt, 200),
    syncFrequencyMinutes: 120,
    syncs: regularSyncs({
      lastStartAt: observedAt - 45 * MINUTE,
      everyMinutes: 120,
      notBefore: windowStart,
      durationMinutes: (k) => (k === 0 ? 15 : random.between(8, 14)),
      shape: (k, startAt) => {
        if (k === 0) return { status: 'CANCELED', reason: USER_CANCELED_REASON, tableCount: 1 };
        if (k === 30) return { schemaChanges: [changeColumnType(startAt + MINUTE, 'issue', 'story_points', 'FLOAT')] };
        return {};
      },
    }),
  }),

  rustic_ledger: ({ observedAt, windowStart, random }) => {
    const deletedAt = observedAt - 5 * DAY + 10 * MINUTE;
    return {
      ...base,
      connectorTypeId: 'mysql',
      destinationId: DEST_US,
      connectingUserId: tom.id,
      signedUpAt: longAgo(observedAt, 800),
      syncFrequencyMinutes: 60,
      deleted: true,
      looseEvents: [userAction(deletedAt, 'delete_connection', tom.email, 'rustic_ledger')],
      syncs: regularSyncs({
        lastStartAt: observedAt - 5 * DAY,
        everyMinutes: 60,
        notBefore: windowStart,
        durationMinutes: () => random.between(2, 5),
        shape: (k) =>
          k < 24
            ? {
                status: 'FAILURE',
                reason: 'Communications link failure: the last packet sent successfully to the server was 0 milliseconds ago',
                tableCount: 0,
                errors: [{ type: 'connection_failure', message: 'Communications link failure (legacy-db.acme.internal:3306)' }],
              }
            : {},
      }),
    };
  },

  hollow_summit: ({ observedAt }) => {
    const signedUpAt = observedAt - 10 * HOUR;
    return {
      ...base,
      connectorTypeId: 's3',
      destinationId: DEST_US,
      connectingUserId: tom.id,
      signedUpAt,
      syncFrequencyMinutes: 60,
      looseEvents: [
        userAction(signedUpAt, 'create_connection', tom.email, 'hollow_summit'),
        setupError(signedUpAt + 5 * MINUTE, 'permission_denied', 'Access Denied: s3:ListBucket on arn:aws:s3:::globex-events'),
      ],
      syncs: [
        {
          startAt: observedAt - 90 * MINUTE,
          endAt: null,
          status: null,
          errors: [{ type: 'permission_denied', message: 'Access Denied: s3:GetObject on arn:aws:s3:::globex-events/2026/' }],
        },
      ],
    };
  },

  tidy_quill: ({ observedAt, windowStart, random }) => ({
    ...base,
    connectorTypeId: 'google_sheets',
    destinationId: DEST_US,
    connectingUserId: tom.id,
    signedUpAt: longAgo(observedAt, 90),
    syncFrequencyMinutes: 1440,
    syncs: regularSyncs({ lastStartAt: observedAt - 9 * HOUR, everyMinutes: 1440, notBefore: windowStart, durationMinutes: () => random.between(1, 3) }),
  }),
};

/** The staged connections' plans, in {@link DEMO_SCENARIOS} order. */
export function scenarioPlans(context: { observedAt: number; windowStart: number; seed: number }): ConnectionPlan[] {
  return DEMO_SCENARIOS.map((scenario, index) => {
    const build = builders[scenario.connectionId];
    if (!build) throw new Error(`no plan for demo scenario ${scenario.connectionId}`);
    const random = createRandom(mixSeed(context.seed, index));
    const plan = build({ observedAt: context.observedAt, windowStart: context.windowStart, random });
    return { connectionId: scenario.connectionId, connectionName: scenario.connectionName, ...plan };
  });
}
