import { randomBytes } from 'node:crypto';
import { FAILURE_STATUSES } from '../fivetran/messageData';
import type { Snapshot, Tenant } from '../fivetran/types';
import type { Assessment } from '../health/types';
import { matchTenant } from '../health/matchTenant';
import { FivetranApiClient } from '../live/fivetranApiClient';
import type { FivetranApi } from '../live/types';
import { WEBHOOK_PATH } from '../live/webhookReceiver';
import type { Logger } from '../log/logger';
import { standInConnectionsFromWarehouse, startFivetranStandIn, type FivetranStandIn, type StandInConnectionInput } from '../preview/fivetran';
import type { PreviewJob, PreviewJobChoice } from '../preview/standin';

/** How long a sync of the preview's stand-in runs before it ends by itself: long enough to watch, short enough to wait for. */
export const PREVIEW_SYNC_DURATION_MS = 6_000;

/** What the stand-in is seeded from: the warehouse's connections as the monitor reads them, and the tenants. */
export interface PreviewFivetranSource {
  judge(): Promise<{ snapshot: Snapshot; assessment: Pick<Assessment, 'alerts'> }>;
  tenants(): Promise<Tenant[]>;
}

export interface PreviewFivetran {
  readonly standIn: FivetranStandIn;
  /** The API client pointed at the stand-in, with a key and secret made up for this run. */
  readonly api: FivetranApi;
  /** The webhook secret made up for this run (FIVETRAN_WEBHOOK_SECRET's part). */
  readonly webhookSecret: string;
  /** Registers the app's webhook URL with the stand-in once the app's port is known. */
  registerWebhook(appPort: number): void;
  /** The page's "Fail a sync" control. */
  failSyncJob(): Promise<PreviewJob>;
  /** Seeds the stand-in again from the warehouse (after "Reset demo"). */
  reseed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The stand-in's connections for the warehouse's: the same ids, names, services, destinations and
 * pause state, with the last success and failure the warehouse shows, so the first poll tells the
 * same story as the warehouse and only what happens after it is news.
 */
export function standInConnectionsFromSnapshot(snapshot: Snapshot): StandInConnectionInput[] {
  return standInConnectionsFromWarehouse(
    snapshot.connections.map((connection) => {
      const decisive = connection.lastDecisiveSync;
      return {
        connectionId: connection.connectionId,
        connectionName: connection.connectionName,
        connectorTypeId: connection.connectorType,
        destinationId: connection.destinationId,
        paused: connection.paused,
        syncFrequency: connection.syncFrequencyMinutes,
        signedUp: connection.signedUpAt,
        lastSuccessAt: connection.lastSuccessfulSyncAt,
        lastFailureAt: decisive && FAILURE_STATUSES.has(decisive.status) ? decisive.endedAt : null,
        setupState: connection.hasSyncStart ? 'connected' : 'incomplete',
      };
    }),
  );
}

/**
 * What "Fail a sync" may fail: connections that are not paused; first those of a tenant with its own
 * channel and nothing alerting yet (so the failure is a new alert in two channels), then the rest
 * of a tenant with a channel, then the others; by name within each.
 */
export function failSyncChoices(snapshot: Snapshot, tenants: readonly Tenant[], alerting: ReadonlySet<string> = new Set()): PreviewJobChoice[] {
  const candidates = snapshot.connections
    .filter((connection) => !connection.paused)
    .map((connection) => {
      const tenant = matchTenant(connection.connectionName, tenants);
      const rank = (tenant?.alertChannel ? 0 : 2) + (alerting.has(connection.connectionId) ? 1 : 0);
      return { connection, tenant, rank };
    });
  return candidates
    .sort((a, b) => a.rank - b.rank || a.connection.connectionName.localeCompare(b.connection.connectionName))
    .map(({ connection, tenant }) => ({ value: connection.connectionId, label: tenant ? `${connection.connectionName} (${tenant.tenantName})` : connection.connectionName }));
}

/**
 * The local preview's Fivetran: the REST API stand-in on loopback, seeded from the warehouse,
 * delivering signed webhooks to the app, with syncs that end by themselves after a few seconds.
 */
export async function startPreviewFivetran(source: PreviewFivetranSource, logger: Logger, options: { syncDurationMs?: number } = {}): Promise<PreviewFivetran> {
  const apiKey = `preview-${randomBytes(8).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const { snapshot } = await source.judge();
  const standIn = await startFivetranStandIn({
    apiKey,
    apiSecret,
    connections: standInConnectionsFromSnapshot(snapshot),
    syncDurationMs: options.syncDurationMs ?? PREVIEW_SYNC_DURATION_MS,
    allowHttpWebhooks: true,
  });
  const api = new FivetranApiClient({ apiUrl: standIn.url, apiKey, apiSecret, budgetShare: 0.5, logger });
  logger.info({ url: standIn.url, connections: standIn.connectionIds().length }, "the local preview runs a stand-in for Fivetran's REST API with the demo's connections");

  return {
    standIn,
    api,
    webhookSecret,
    registerWebhook(appPort) {
      standIn.addWebhook({ url: `http://127.0.0.1:${appPort}${WEBHOOK_PATH}`, secret: webhookSecret });
    },
    async failSyncJob() {
      const [{ snapshot: now, assessment }, tenants] = await Promise.all([source.judge(), source.tenants()]);
      const alerting = new Set(assessment.alerts.flatMap((alert) => (alert.connectionId === null ? [] : [alert.connectionId])));
      return {
        label: 'Fail a sync',
        choices: failSyncChoices(now, tenants, alerting),
        run: async (choice) => {
          if (choice === undefined || standIn.connection(choice) === undefined) throw new Error(`the Fivetran stand-in has no connection ${choice ?? ''}`);
          const sent = standIn.deliveries.length;
          standIn.failSync(choice);
          await standIn.deliveriesSettled();
          const refused = standIn.deliveries.slice(sent).find((delivery) => delivery.event === 'sync_end' && (delivery.status === null || delivery.status >= 300));
          if (refused) throw new Error(`the app did not take the sync_end webhook (${refused.status === null ? refused.error ?? 'no answer' : `HTTP ${refused.status}`})`);
        },
      };
    },
    async reseed() {
      const { snapshot: now } = await source.judge();
      standIn.resetConnections(standInConnectionsFromSnapshot(now));
    },
    close: () => standIn.close(),
  };
}

/** The page's line about live state: where it comes from, how many connections, when it was last read. */
export function liveStatusNote(origin: 'stand-in' | 'account', listing: { at: Date; connections: number; ok: boolean } | null, now: Date): string {
  const name = origin === 'stand-in' ? 'Fivetran API (stand-in)' : 'Fivetran API';
  if (!listing) return `${name}: not polled yet`;
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(listing.at.getHours())}:${pad(listing.at.getMinutes())}`;
  const sameDay = listing.at.toDateString() === now.toDateString();
  const when = sameDay ? time : `${listing.at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`;
  if (!listing.ok) return `${name}: the last poll failed at ${when} (see the log)`;
  return `${name}: ${listing.connections} ${listing.connections === 1 ? 'connection' : 'connections'}, last poll ${when}`;
}

/** The API with its listings watched: the preview's page shows when live state was last read. */
export function watchListings(api: FivetranApi, onListing: (listing: { at: Date; connections: number; ok: boolean }) => void): FivetranApi {
  return {
    async listConnections() {
      try {
        const connections = await api.listConnections();
        onListing({ at: new Date(), connections: connections.length, ok: true });
        return connections;
      } catch (error) {
        onListing({ at: new Date(), connections: 0, ok: false });
        throw error;
      }
    },
    getConnection: (id) => api.getConnection(id),
    syncNow: (id) => api.syncNow(id),
    setPaused: (id, paused) => api.setPaused(id, paused),
    createAccountWebhook: (url, secret, events) => api.createAccountWebhook(url, secret, events),
  };
}
