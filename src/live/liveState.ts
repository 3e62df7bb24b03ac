import { foldPolled, foldWebhook, type LiveFacts } from './liveFacts';
import type { LiveConnection, WebhookEvent } from './types';

/** What the judgments read of live state: the facts per connection id. */
export interface LiveFactsSource {
  facts(): ReadonlyMap<string, LiveFacts>;
}

/**
 * The process's live facts, folded in as polls and webhooks arrive. Held in memory: a restart
 * starts empty and the next poll fills it again.
 */
export class LiveState implements LiveFactsSource {
  private readonly byConnection = new Map<string, LiveFacts>();

  applyPoll(connections: readonly LiveConnection[]): void {
    for (const connection of connections) this.byConnection.set(connection.connectionId, foldPolled(this.byConnection.get(connection.connectionId), connection));
  }

  applyWebhook(event: WebhookEvent): void {
    this.byConnection.set(event.connectionId, foldWebhook(this.byConnection.get(event.connectionId), event));
  }

  /** Forgets every fact (the preview's demo started over: what was heard belongs to data that is gone). */
  clear(): void {
    this.byConnection.clear();
  }

  facts(): ReadonlyMap<string, LiveFacts> {
    return this.byConnection;
  }
}
