const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "June 2026" (UTC, like every report's month); "this month" when the time cannot be read. */
export function monthLabel(iso: string | null | undefined): string {
  const date = new Date(iso ?? Number.NaN);
  if (Number.isNaN(date.getTime())) return 'this month';
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
