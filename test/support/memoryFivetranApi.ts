import type { FivetranApi, LiveConnection } from '../../src/live/types';

/**
 * An in-memory FivetranApi for tests that are about what Pulse does with live state, not about
 * HTTP: the connections it lists are whatever the test sets, and it counts its calls.
 */
export class MemoryFivetranApi implements FivetranApi {
  connections: LiveConnection[] = [];
  listCalls = 0;
  /** Set to make the next listings fail, as an unreachable API would. */
  failWith: Error | null = null;

  async listConnections(): Promise<LiveConnection[]> {
    this.listCalls += 1;
    if (this.failWith) throw this.failWith;
    return this.connections.map((c) => ({ ...c }));
  }

  async getConnection(connectionId: string): Promise<LiveConnection> {
    const found = this.connections.find((c) => c.connectionId === connectionId);
    if (!found) throw new Error(`Connection with id '${connectionId}' does not exist.`);
    return { ...found };
  }

  async syncNow(): Promise<void> {}

  async setPaused(connectionId: string, paused: boolean): Promise<LiveConnection> {
    const found = await this.getConnection(connectionId);
    return { ...found, paused };
  }

  async createAccountWebhook(): Promise<{ id: string }> {
    return { id: 'webhook_1' };
  }
}
