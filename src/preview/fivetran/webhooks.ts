import { randomBytes } from 'node:crypto';
import { signFivetranPayload } from './signing';
import type { RecordedDelivery, StandInClock, StandInWebhook } from './types';

/** Fivetran retries a failed delivery with growing gaps for up to a day, then deactivates the webhook. */
export const DEFAULT_RETRY_DELAYS_MS = [5, 10, 15, 20, 30, 60, 120, 240, 480, 480].map((minutes) => minutes * 60_000);
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

export const WEBHOOK_EVENTS = [
  'sync_start', 'sync_end', 'status', 'connection_successful', 'connection_failure', 'create_connector', 'pause_connector',
  'resume_connector', 'edit_connector', 'delete_connector', 'force_update_connector', 'resync_connector', 'resync_table',
  'dbt_run_start', 'dbt_run_succeeded', 'dbt_run_failed',
] as const;

export interface DeliveryOptions {
  clock: StandInClock;
  retryDelaysMs: number[];
  timeoutMs: number;
  signatureCase: 'lower' | 'upper';
  resolveUrl: (url: string) => string;
}

/** What one attempt to deliver came to: the receiver's status, or why there was none. */
export interface AttemptResult {
  status: number | null;
  error: string | null;
}

/** POSTs a signed body to a URL once; never throws. */
export async function postSigned(url: string, body: string, signature: string, timeoutMs: number): Promise<AttemptResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fivetran-signature-256': signature, 'user-agent': 'Fivetran-Webhook-Stand-In' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, error: null };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: null, error: cause ?? (error as Error).name ?? 'request failed' };
  }
}

const ok = (status: number | null) => status !== null && status >= 200 && status < 300;

interface Outgoing {
  webhook: StandInWebhook;
  event: string;
  body: string;
  attempt: number;
  duplicate: boolean;
}

/**
 * The registered webhooks and their deliveries: each event is signed with its webhook's secret and
 * POSTed; a non-2xx answer or none is retried after the next gap on the clock. A test may hold
 * deliveries to release them later in another order, or have some sent twice.
 */
export class WebhookHub {
  readonly hooks: StandInWebhook[] = [];
  readonly deliveries: RecordedDelivery[] = [];
  private held: Outgoing[] | null = null;
  private duplicatesLeft = 0;
  private inFlight = 0;
  private idle: Array<() => void> = [];
  private readonly cancels = new Set<() => void>();
  private closed = false;
  private listeners: Array<(delivery: RecordedDelivery) => void> = [];

  constructor(private readonly options: DeliveryOptions) {}

  add(input: { type: 'account' | 'group'; groupId: string | null; url: string; events: string[]; active: boolean; secret: string }): StandInWebhook {
    const hook: StandInWebhook = { id: `webhook_${randomBytes(6).toString('hex')}`, createdAt: new Date(this.options.clock.now()).toISOString(), ...input };
    this.hooks.push(hook);
    return hook;
  }

  /** The creation test call: one signed POST of the test payload, no retries. */
  async testCall(url: string, secret: string): Promise<AttemptResult> {
    const body = JSON.stringify({
      event: 'test_event',
      created: new Date(this.options.clock.now()).toISOString(),
      connector_type: '_connector_type',
      connector_id: '_connector_1',
      group_id: '_destination_1',
    });
    return this.track(postSigned(this.options.resolveUrl(url), body, signFivetranPayload(secret, body, this.options.signatureCase), this.options.timeoutMs));
  }

  /** Sends an event to every active webhook that wants it: account webhooks, and group webhooks of its group. */
  publish(payload: Record<string, unknown>, groupId: string | null): void {
    const event = String(payload.event);
    const body = JSON.stringify(payload);
    for (const webhook of this.hooks) {
      if (!webhook.active || !webhook.events.includes(event)) continue;
      if (webhook.type === 'group' && webhook.groupId !== groupId) continue;
      this.send({ webhook, event, body, attempt: 1, duplicate: false });
      if (this.duplicatesLeft > 0) {
        this.duplicatesLeft -= 1;
        this.send({ webhook, event, body, attempt: 1, duplicate: true });
      }
    }
  }

  hold(): void {
    this.held ??= [];
  }

  /** Sends what was held, in the order it was made or reversed, and stops holding. */
  release(order: 'sent' | 'reverse' = 'sent'): void {
    const held = this.held ?? [];
    this.held = null;
    for (const outgoing of order === 'reverse' ? [...held].reverse() : held) this.send(outgoing);
  }

  duplicateNext(count: number): void {
    this.duplicatesLeft += count;
  }

  onDelivery(listener: (delivery: RecordedDelivery) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  /** Resolves once no delivery or test call is on its way (retries scheduled for later do not count). */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }

  private send(outgoing: Outgoing): void {
    if (this.closed) return;
    if (this.held && outgoing.attempt === 1) {
      this.held.push(outgoing);
      return;
    }
    void this.track(this.attempt(outgoing));
  }

  private async attempt(outgoing: Outgoing): Promise<void> {
    const { webhook, body } = outgoing;
    const signature = signFivetranPayload(webhook.secret, body, this.options.signatureCase);
    const at = this.options.clock.now();
    const result = await postSigned(this.options.resolveUrl(webhook.url), body, signature, this.options.timeoutMs);
    const delivery: RecordedDelivery = { webhookId: webhook.id, url: webhook.url, event: outgoing.event, body, signature, attempt: outgoing.attempt, status: result.status, error: result.error, at, duplicate: outgoing.duplicate };
    this.deliveries.push(delivery);
    for (const listener of this.listeners) listener(delivery);
    if (ok(result.status) || this.closed) return;
    const delay = this.options.retryDelaysMs[outgoing.attempt - 1];
    if (delay === undefined) {
      webhook.active = false;
      return;
    }
    const cancel = this.options.clock.schedule(delay, () => {
      this.cancels.delete(cancel);
      void this.track(this.attempt({ ...outgoing, attempt: outgoing.attempt + 1 }));
    });
    this.cancels.add(cancel);
  }

  private async track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await promise;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
