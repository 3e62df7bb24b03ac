import type { PlannedSync } from './plan';
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface RegularSyncsOptions {
  /** When the newest sync of the run started. */
  lastStartAt: number;
  everyMinutes: number;
  /** No sync starts before this (the window start or the set-up time). */
  notBefore: number;
  /** Duration of the sync `k` runs back from the newest (k = 0), in minutes. */
  durationMinutes: (k: number) => number;
  /** Overrides for sync `k`; return null to leave the slot empty. */
  shape?: (k: number, startAt: number) => Partial<PlannedSync> | null;
}

/**
 * A run of syncs on a fixed schedule, built backwards from the newest so the end of the history
 * (what the judgments look at) is exactly as planned. Returned oldest first.
 */
export function regularSyncs(options: RegularSyncsOptions): PlannedSync[] {
  const every = options.everyMinutes * MINUTE;
  const syncs: PlannedSync[] = [];
  for (let k = 0; ; k++) {
    const startAt = options.lastStartAt - k * every;
    if (startAt < options.notBefore) break;
    const shape = options.shape ? options.shape(k, startAt) : {};
    if (shape === null) continue;
    const duration = Math.min(options.durationMinutes(k) * MINUTE, every - MINUTE);
    syncs.push({ startAt, endAt: startAt + Math.round(duration), status: 'SUCCESSFUL', ...shape });
  }
  return syncs.reverse();
}

/** A duration around `typical` minutes, varying by ±`spread` (a fraction). */
export function jittered(random: Random, typical: number, spread = 0.3): number {
  return typical * random.between(1 - spread, 1 + spread);
}
