import type { ConnectionAssessment, Health } from '../../health/types';

/**
 * How a connection's health reads and in which order healths come, on every surface: Slack adds an
 * emoji, the terminal a colour, --json keeps the raw value.
 */

/** Worst first. Paused is last: someone chose it, and it raises no alert. */
export const HEALTH_ORDER: readonly Health[] = ['broken', 'incomplete', 'initial_sync', 'priority_first_sync', 'connected', 'paused'];

export const HEALTH_WORDS: Record<Health, string> = {
  broken: 'Broken',
  incomplete: 'Incomplete',
  paused: 'Paused',
  initial_sync: 'Initial sync',
  priority_first_sync: 'Priority first sync',
  connected: 'Connected',
};

/** "Initial sync"; a health Pulse does not know as it is. */
export function healthWord(health: Health): string {
  return HEALTH_WORDS[health] ?? String(health);
}

export function healthRank(health: Health): number {
  const rank = HEALTH_ORDER.indexOf(health);
  return rank < 0 ? HEALTH_ORDER.length : rank;
}

/** How many connections are in each health, every health present (0 when none). */
export function healthCounts(connections: readonly ConnectionAssessment[]): Record<Health, number> {
  const counts = Object.fromEntries(HEALTH_ORDER.map((health) => [health, 0])) as Record<Health, number>;
  for (const connection of connections) counts[connection.health] = (counts[connection.health] ?? 0) + 1;
  return counts;
}
