import type { Alert, Assessment, ConnectionAssessment, Health } from '../../health/types';
import { closeMatches } from '../../text/closeMatches';
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

/**
 * The connection a person named: by id, else by name, case-insensitively. Null when none matches;
 * the CLI can check this first to choose its exit code.
 */
export function findConnection(assessment: Assessment, wanted: string): ConnectionAssessment | null {
  const key = wanted.trim().toLowerCase();
  if (key === '') return null;
  return (
    assessment.connections.find((c) => c.connectionId === wanted.trim()) ??
    assessment.connections.find((c) => c.connectionId.toLowerCase() === key) ??
    assessment.connections.find((c) => c.connectionName.toLowerCase() === key) ??
    null
  );
}

/** The answer to a connection that is not there: never an empty report. */
export function unknownConnection(assessment: Assessment, wanted: string): string {
  const names = assessment.connections.flatMap((c) => [c.connectionId, c.connectionName]);
  const suggestions = closeMatches(wanted, names);
  const known = assessment.connections.length;
  return [
    `No connection "${wanted.trim()}" in the monitoring data (${known} connection${known === 1 ? '' : 's'} known; deleted connections are left out).`,
    suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Run the status command without a connection to list them.',
  ].join('\n');
}
