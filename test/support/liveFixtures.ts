import type { LiveConnection, WebhookEvent } from '../../src/live/types';

/** Live state as Fivetran's API and webhooks report it, for tests. */

export function aLiveConnection(overrides: Partial<LiveConnection> = {}): LiveConnection {
  return {
    connectionId: 'calendar_elected',
    groupId: 'dest_1',
    service: 'salesforce',
    schema: 'salesforce_acme',
    paused: false,
    setupState: 'connected',
    syncState: 'scheduled',
    updateState: 'on_schedule',
    succeededAt: null,
    failedAt: null,
    syncFrequencyMinutes: 60,
    tasks: [],
    warnings: [],
    observedAt: '2026-11-26T08:00:00.000Z',
    ...overrides,
  };
}

export function aWebhookEvent(overrides: Partial<WebhookEvent> = {}): WebhookEvent {
  return {
    event: 'sync_end',
    createdAt: '2026-11-26T08:00:00.000Z',
    connectionId: 'calendar_elected',
    connectionName: 'salesforce_acme',
    connectorType: 'salesforce',
    groupId: 'dest_1',
    syncId: 'sync-live-1',
    status: 'FAILURE_WITH_TASK',
    reason: 'java.lang.RuntimeException: invalid credentials',
    taskType: 'reconnect',
    ...overrides,
  };
}
