import type { Alert, Assessment, Health } from '../../health/types';
import type { ConnectionLookup } from '../../health/scope';
import type { Paint } from './format';

export function alertsOf(assessment: Assessment, connectionId: string): Alert[] {
  return assessment.alerts.filter((a) => a.connectionId === connectionId);
}

export function paintHealth(health: Health, paint: Paint): (text: string) => string {
  if (health === 'broken') return paint.red;
  if (health === 'connected') return paint.green;
  if (health === 'paused') return paint.dim;
  return paint.yellow;
}

/** The answer to a connection that is not there, or that a name cannot tell: never an empty report. */
export function connectionNotFound(assessment: Assessment, wanted: string, lookup: Exclude<ConnectionLookup, { kind: 'found' }>): string {
  if (lookup.kind === 'ambiguous') {
    return `"${wanted.trim()}" names ${lookup.matches.length} connections (in different destinations); use an id: ${lookup.matches.map((c) => `${c.connectionId} (${c.destinationName ?? c.destinationId})`).join(', ')}`;
  }
  const { suggestions } = lookup;
  const known = assessment.connections.length;
  return [
    `No connection "${wanted.trim()}" in the monitoring data (${known} connection${known === 1 ? '' : 's'} known; deleted connections are left out).`,
    suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Run the status command without a connection to list them.',
  ].join('\n');
}
