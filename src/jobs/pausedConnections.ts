import type { LiveButtons } from '../views/blocks/liveActions';

/**
 * Whether each connection is paused, as Pulse last learned it: from the monitoring data at each
 * alert run, or from Fivetran's answer to a Pause or Resume pressed in Slack. The newer fact wins,
 * so a warehouse that has not caught up does not undo what Fivetran just confirmed. It decides
 * which of Pause and Resume an alert message offers.
 */
export class PausedConnections implements LiveButtons {
  private readonly known = new Map<string, { paused: boolean; at: number }>();

  learn(connectionId: string, paused: boolean, at: string | Date | null): void {
    const time = at === null ? 0 : new Date(at).getTime();
    const before = this.known.get(connectionId);
    if (before && before.at > time) return;
    this.known.set(connectionId, { paused, at: Number.isNaN(time) ? 0 : time });
  }

  pausedOf(connectionId: string): boolean | null {
    return this.known.get(connectionId)?.paused ?? null;
  }
}
