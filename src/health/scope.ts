import { closeMatches } from '../text/closeMatches';
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
  /** The names and ids close to what was typed, from the connections given only. */
  | { kind: 'unknown'; suggestions: string[] };

/**
 * The connection a person named, on every surface: by its id (as written first, then in any
 * case), else by its name in any case. A name shared across destinations is ambiguous. Suggestions
 * come only from the connections given, so a tenant's channel learns no other tenant's names.
 */
export function findConnection(connections: readonly ConnectionAssessment[], input: string): ConnectionLookup {
  const typed = input.trim();
  const wanted = typed.toLowerCase();
  const byId = connections.find((c) => c.connectionId === typed) ?? connections.find((c) => c.connectionId.toLowerCase() === wanted);
  if (byId && wanted !== '') return { kind: 'found', connection: byId };
  const byName = wanted === '' ? [] : connections.filter((c) => c.connectionName.toLowerCase() === wanted);
  if (byName.length === 1) return { kind: 'found', connection: byName[0] as ConnectionAssessment };
  if (byName.length > 1) return { kind: 'ambiguous', matches: byName };
  return { kind: 'unknown', suggestions: closeMatches(typed, [...new Set(connections.flatMap((c) => [c.connectionName, c.connectionId]))]) };
}
