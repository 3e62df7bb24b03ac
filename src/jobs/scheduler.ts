import cron, { type ScheduledTask } from 'node-cron';
import type { DeliveryTally } from '../alerts/deliverAlertRun';
import type { Logger } from '../log/logger';
import { systemClock, type Clock } from '../warehouse/deadline';
import type { PulseJobs } from './pulseJobs';

export interface Scheduler {
  /** Stops new runs and waits for the ones in flight. */
  stop(): Promise<void>;
}

/** Waits before settling unconfirmed alert posts again: a minute, then longer while Slack stays unsure. */
const FOLLOW_UP_MS = [60_000, 120_000, 300_000, 900_000] as const;

function leftUnknown(result: Pick<DeliveryTally, 'failures'> | null): boolean {
  return result !== null && result.failures.some((failure) => failure.unknown === true);
}

/**
 * The dashboard and alert runs on their cron expressions, in the configured time zone. A run never
 * overlaps the previous one of its kind: a slow warehouse skips a tick rather than piling runs up.
 * Alert posts left unconfirmed (a lost answer, a deadline, a process that died mid-post) are settled
 * at start-up and minutes after a run leaves one, not at the next hourly run.
 */
export function startScheduler(
  jobs: PulseJobs,
  options: { dashboardCron: string; alertsCron: string; timezone: string; logger: Logger; clock?: Clock },
): Scheduler {
  const clock = options.clock ?? systemClock;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let cancelFollowUp: (() => void) | null = null;

  const track = (name: string, run: () => Promise<unknown>) => async () => {
    const work = run().catch((error: unknown) => options.logger.error({ err: error, job: name }, 'scheduled run failed'));
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };

  /**
   * After a run, settles what it left unknown a little later, backing off while it stays unknown.
   * A run that left nothing unknown has settled everything earlier too (every alert run does).
   */
  const afterDelivery = (result: Pick<DeliveryTally, 'failures'> | null, attempt: number) => {
    cancelFollowUp?.();
    cancelFollowUp = null;
    if (stopped || !leftUnknown(result)) return;
    const delay = FOLLOW_UP_MS[Math.min(attempt, FOLLOW_UP_MS.length - 1)] as number;
    cancelFollowUp = clock.schedule(delay, () => {
      cancelFollowUp = null;
      void track('reconcile', async () => afterDelivery(await jobs.reconcilePending(), attempt + 1))();
    });
  };

  const tasks: ScheduledTask[] = [
    cron.schedule(options.dashboardCron, track('dashboard', () => jobs.runDashboard()), { timezone: options.timezone, noOverlap: true, name: 'pulse-dashboard' }),
    cron.schedule(options.alertsCron, track('alerts', async () => afterDelivery(await jobs.runAlerts(), 0)), { timezone: options.timezone, noOverlap: true, name: 'pulse-alerts' }),
  ];
  for (const task of tasks) {
    task.on('execution:overlap', () => options.logger.warn({ task: task.name }, 'previous run still going: this tick is skipped'));
  }
  // A process that died mid-post left claims nobody will settle before the next run: settle them now.
  void track('reconcile', async () => afterDelivery(await jobs.reconcilePending(), 0))();
  options.logger.info({ dashboard: options.dashboardCron, alerts: options.alertsCron, timezone: options.timezone, nextDashboard: tasks[0]?.getNextRun(), nextAlerts: tasks[1]?.getNextRun() }, 'scheduler started');
  return {
    async stop() {
      stopped = true;
      cancelFollowUp?.();
      await Promise.all(tasks.map((task) => Promise.resolve(task.destroy())));
      await Promise.all([...inFlight]);
    },
  };
}
