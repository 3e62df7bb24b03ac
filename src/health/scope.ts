import type { Assessment, ConnectionAssessment } from './types';

/**
 * One tenant's view of an assessment: its connections and their alerts. Alerts about the
 * monitoring data itself concern every tenant and stay.
 */
export function scopeToTenant(assessment: Assessment, tenantId: string): Assessment {
  const wanted = tenantId.toLowerCase();
  const connections = assessment.connections.filter((c) => c.tenantId?.toLowerCase() === wanted);
  const ids = new Set(connections.map((c) => c.connectionId));
  return { ...assessment, connections, alerts: assessment.alerts.filter((a) => a.connectionId === null || ids.has(a.connectionId)) };
}

export type ConnectionLookup =
  | { kind: 'found'; connection: ConnectionAssessment }
  | { kind: 'ambiguous'; matches: ConnectionAssessment[] }
  | { kind: 'unknown' };

/** A connection by its id or its name, case-insensitively; a name shared across destinations is ambiguous. */
export function findConnection(connections: readonly ConnectionAssessment[], input: string): ConnectionLookup {
  const wanted = input.trim().toLowerCase();
  const byId = connections.find((c) => c.connectionId.toLowerCase() === wanted);
  if (byId) return { kind: 'found', connection: byId };
  const byName = connections.filter((c) => c.connectionName.toLowerCase() === wanted);
  if (byName.length === 1) return { kind: 'found', connection: byName[0] as ConnectionAssessment };
  if (byName.length > 1) return { kind: 'ambiguous', matches: byName };
  return { kind: 'unknown' };
}
