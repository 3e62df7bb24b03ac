import type { Alert } from '../health/types';
import { explainFailure } from '../errors/explainFailure';
import { withLifecycle, type FiringAlert } from './firingAlerts';
import type { AlertStore } from './store';

export interface FiringNow {
  /** Every alert that fires now, worst first, each with its lifecycle when the store has one. */
  alerts: FiringAlert[];
  /** Why no lifecycle is shown, when the alert store could not be read; the alerts still stand. */
  lifecycleProblem: string | null;
}

/**
 * The alerts a fresh evaluation fires, with what the alert store knows of them. What fires never
 * depends on the store: when it cannot be read, the alerts are shown without their lifecycle.
 */
export async function readFiringAlerts(store: Pick<AlertStore, 'listActive'>, alerts: readonly Alert[], now: Date): Promise<FiringNow> {
  try {
    return { alerts: withLifecycle(alerts, await store.listActive(), now), lifecycleProblem: null };
  } catch (error) {
    return { alerts: withLifecycle(alerts, [], now), lifecycleProblem: explainFailure('Who acknowledged, snoozed or was sent these alerts could not be read', error) };
  }
}
