import { sumByDay, type DailyMarRead, type TimedSync } from '../fivetran/analysis/dailySeries';
import { dayRange } from '../fivetran/analysis/period';
import type { DayRange } from '../fivetran/analysis/types';
import type { Tenant } from '../fivetran/types';
import { matchTenant } from '../health/matchTenant';

/**
 * The series every surface draws, chosen once: which days MAR is shown for and whose rows count,
 * which syncs a connection's durations are shown for. Slack charts them as pictures, the terminal
 * as sparklines; both read the same series, so both tell the same story. Pure.
 */

/** How far back a series looks. */
export const SERIES_DAYS = 30;
const DAY_MS = 86_400_000;

export interface SeriesPeriod {
  /** The instants the syncs are read between. */
  from: string;
  to: string;
  /** The whole UTC days MAR is read for: the last {@link SERIES_DAYS}, today's included. */
  days: DayRange;
}

/** The last {@link SERIES_DAYS} days up to `now`, whole UTC days for MAR. */
export function seriesPeriod(now: Date): SeriesPeriod {
  const from = new Date(now.getTime() - (SERIES_DAYS - 1) * DAY_MS);
  return { from: from.toISOString(), to: now.toISOString(), days: dayRange({ from: `${from.toISOString().slice(0, 10)}T00:00:00.000Z`, to: now.toISOString() }) };
}

/**
 * MAR day by day, every day of the range with zeros: the account's, or one tenant's (the rows of
 * the connections its id names, matched as everywhere by the name INCREMENTAL_MAR gives them).
 */
export function marByDaySeries(read: DailyMarRead, tenants: readonly Tenant[], tenant: Pick<Tenant, 'tenantId'> | null): Array<{ day: string; rows: number }> {
  if (tenant === null) return sumByDay(read);
  const wanted = tenant.tenantId.toLowerCase();
  return sumByDay(read, (name) => matchTenant(name, tenants)?.tenantId.toLowerCase() === wanted);
}

/** A connection's sync durations in seconds, oldest first: each completed sync of the period, as long as it ran. */
export function syncDurationSeries(syncs: readonly TimedSync[]): Array<{ startedAt: string; seconds: number; status: string }> {
  return [...syncs].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((s) => ({ startedAt: s.startedAt, seconds: s.durationSeconds, status: s.status }));
}
