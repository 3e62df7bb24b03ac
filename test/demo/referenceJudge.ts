import type { AlertRule, Health } from '../../src/health/types';
import type { Row } from '../../src/warehouse/types';

/**
 * A deliberately plain, independent reading of the health and alert rules (default thresholds),
 * used only to prove the demo data stages what DEMO_SCENARIOS promises. It works on raw rows, so
 * it has to cope with the same mess the product does: duplicates, legacy ids, double-encoded JSON.
 */
export interface JudgedConnection {
  connectionId: string;
  health: Health | 'deleted';
  alerts: AlertRule[];
}

interface Event {
  at: number;
  event: string;
  messageEvent: string;
  data: Record<string, unknown> | null;
  syncId: string | null;
}

const HOUR = 3_600_000;

export function parseMessageData(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== 'string') return null;
  try {
    let value: unknown = JSON.parse(raw);
    if (typeof value === 'string') value = JSON.parse(value);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function judgeConnections(connections: Row[], logRows: Row[], observedAtIso: string): JudgedConnection[] {
  const observedAt = Date.parse(observedAtIso);
  const byConnection = new Map<string, Event[]>();
  const seen = new Set<string>();
  for (const row of logRows) {
    const id = (row.connection_id ?? row.connector_id) as string | null;
    if (!id) continue;
    const key = `${String(row.id)}|${String(row.time_stamp)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byConnection.get(id) ?? [];
    list.push({
      at: Date.parse(String(row.time_stamp)),
      event: String(row.event),
      messageEvent: String(row.message_event),
      data: parseMessageData(row.message_data),
      syncId: (row.sync_id as string | null) ?? null,
    });
    byConnection.set(id, list);
  }

  return connections.map((connection) => {
    const connectionId = String(connection.connection_id ?? connection.connector_id);
    const events = (byConnection.get(connectionId) ?? []).sort((a, b) => a.at - b.at);
    if (connection._fivetran_deleted === true) return { connectionId, health: 'deleted', alerts: [] };
    return { connectionId, ...judgeOne(connection, events, observedAt) };
  });
}

function judgeOne(connection: Row, events: Event[], observedAt: number): { health: Health; alerts: AlertRule[] } {
  const starts = events.filter((e) => e.messageEvent === 'sync_start');
  const ends = events.filter((e) => e.messageEvent === 'sync_end');
  const severe = events.filter((e) => e.event === 'SEVERE');
  const status = (e: Event | undefined) => (e?.data?.status as string | undefined) ?? null;
  const isPriorityFirst = (e: Event) => status(e) === 'RESCHEDULED' && String(e.data?.reason ?? '').includes('intended behavior');
  const lastEnd = ends[ends.length - 1];
  const lastSevere = severe[severe.length - 1];
  const lastPriority = [...ends].reverse().find(isPriorityFirst);
  const lastOther = [...ends].reverse().find((e) => !isPriorityFirst(e));

  let health: Health;
  if (connection.paused === true) health = 'paused';
  else if (starts.length === 0) health = 'incomplete';
  else if (lastPriority && (!lastOther || lastPriority.at > lastOther.at)) health = 'priority_first_sync';
  else if (ends.length === 0 && severe.length === 0) health = 'initial_sync';
  else if (
    (lastEnd && (['FAILURE', 'FAILURE_WITH_TASK'].includes(status(lastEnd) ?? '') || (lastSevere && lastSevere.syncId !== null && lastSevere.syncId === lastEnd.syncId))) ||
    (!lastEnd && severe.length > 0)
  ) {
    health = 'broken';
  } else health = 'connected';

  const alerts: AlertRule[] = [];
  if (lastEnd && ['FAILURE', 'FAILURE_WITH_TASK'].includes(status(lastEnd) ?? '')) alerts.push('sync_failed');

  if (connection.paused !== true) {
    const frequency = Number(connection.sync_frequency);
    const delayLimit = Math.max(HOUR, 2 * frequency * 60_000);
    const lastSuccess = [...ends].reverse().find((e) => status(e) === 'SUCCESSFUL');
    const signedUp = Date.parse(String(connection.signed_up));
    const since = lastSuccess ? lastSuccess.at : signedUp;
    if (observedAt - since > delayLimit) alerts.push('sync_delayed');

    const lastStart = starts[starts.length - 1];
    const running = lastStart && !ends.some((e) => e.at >= lastStart.at) ? lastStart : undefined;
    if (running) {
      const durations = ends
        .map((end) => {
          const start = starts.find((s) => s.syncId !== null && s.syncId === end.syncId);
          return start ? end.at - start.at : null;
        })
        .filter((d): d is number => d !== null)
        .slice(-10)
        .sort((a, b) => a - b);
      const limit = durations.length < 3 ? 6 * HOUR : Math.max(HOUR, 3 * median(durations));
      if (observedAt - running.at > limit) alerts.push('sync_running_long');
    }
  }

  const severe24h = severe.filter((e) => e.at > observedAt - 24 * HOUR && e.at <= observedAt).length;
  if (severe24h >= 5) alerts.push('frequent_errors');
  return { health, alerts };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
