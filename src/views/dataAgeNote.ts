import { formatSeconds } from './vocabulary/durations';

/**
 * Said at the foot of an answer drawn from a reading of the warehouse made for an earlier request
 * (requests close together share one), so nobody takes it for one read this instant.
 */
export function dataAgeNote(ageMs: number): string {
  const seconds = Math.max(0, ageMs) / 1000;
  const when = seconds < 0.5 ? 'just now' : `${formatSeconds(seconds)} ago`;
  return `Read from the warehouse ${when}: requests that come close together share one reading.`;
}
