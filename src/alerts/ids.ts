import { createHash, randomUUID } from 'node:crypto';

/**
 * Ids short enough for a Block Kit option value (150 characters) and derived from what they name,
 * so planning stays a pure function and two runs that plan the same thing agree on its id.
 */
function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}

export function incidentIdFor(fingerprint: string, openedAt: string): string {
  return `inc_${shortHash(fingerprint, openedAt)}`;
}

export function groupIdFor(channel: string, at: string, incidentIds: readonly string[]): string {
  return `grp_${shortHash(channel, at, ...[...incidentIds].sort())}`;
}

/** One claim per Slack message; random, because two runs must never hold the same claim. */
export function newClaimToken(): string {
  return `clm_${randomUUID().replace(/-/g, '')}`;
}

/** One per queued delivery, carried in a note's metadata; random for the same reason as claims. */
export function newDeliveryToken(): string {
  return `dlv_${randomUUID().replace(/-/g, '')}`;
}
