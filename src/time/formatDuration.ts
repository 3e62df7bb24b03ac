/** "under a minute", "45 min", "3 h", "7 h 12 min", "2 d 4 h": short enough for a Slack line or a terminal column. */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < 1) return 'under a minute';
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
}

type Instant = string | Date;

const msOf = (at: Instant) => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/**
 * Minutes from one instant to another (negative when `to` comes first): null when either is
 * missing, NaN when one cannot be read (so no comparison with it holds).
 */
export function minutesBetween(from: Instant, to: Instant): number;
export function minutesBetween(from: Instant | null | undefined, to: Instant | null | undefined): number | null;
export function minutesBetween(from: Instant | null | undefined, to: Instant | null | undefined): number | null {
  if (from === null || from === undefined || to === null || to === undefined) return null;
  return (msOf(to) - msOf(from)) / 60_000;
}
