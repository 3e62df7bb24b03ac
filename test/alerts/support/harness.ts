import { createAlertNotifier, type AlertNotifier } from '../../../src/alerts/notifier';
import { alertChannelsFor } from '../../../src/alerts/routing';
import { createAlertStore, type AlertStore } from '../../../src/alerts/store';
import { alertMessenger } from '../../../src/jobs/alertMessenger';
import type { Warehouse } from '../../../src/warehouse/types';
import { aTenant } from '../../support/fixtures/assessment';
import { RecordingSlack } from './recordingSlack';
import { silentLogger } from './warehouse';

export const OPS = 'fivetran-ops';
export const GLOBEX_CHANNEL = 'globex-alerts';
export const TENANTS = [aTenant({ tenantId: 'globex', tenantName: 'Globex', alertChannel: GLOBEX_CHANNEL }), aTenant({ tenantId: 'acme', alertChannel: null })];

export interface Harness {
  store: AlertStore;
  slack: RecordingSlack;
  notifier: AlertNotifier;
  sleeps: number[];
}

/** A store and notifier on the given warehouse, as a freshly started process would build them. */
export async function startPulse(warehouse: Warehouse, slack = new RecordingSlack(), options: { groupThreshold?: number; reopenWithinMinutes?: number; mentionFor?: (incident: { severity: string }) => string | null } = {}): Promise<Harness> {
  const store = createAlertStore(warehouse, 'pulse');
  await store.init();
  const sleeps: number[] = [];
  const notifier = createAlertNotifier({
    store,
    messenger: alertMessenger(slack),
    logger: silentLogger,
    repeatHours: 24,
    groupThreshold: options.groupThreshold ?? 5,
    reopenWithinMinutes: options.reopenWithinMinutes ?? 60,
    ...(options.mentionFor ? { mentionFor: options.mentionFor } : {}),
    channelsFor: alertChannelsFor(OPS, TENANTS),
    minIntervalMs: 1100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { store, slack, notifier, sleeps };
}
