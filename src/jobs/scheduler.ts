import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log/logger';
import { systemClock, type Clock } from '../warehouse/deadline';
import { FollowUps } from './followUps';
import type { PulseJobs } from './pulseJobs';

export interface Scheduler {
  /** Stops new runs and waits for the ones in flight. */
  stop(): Promise<void>;
}

/**
 * The dashboard and alert runs on their cron expressions, in the configured time zone. A run never
 * overlaps the previous one of its kind: a slow warehouse skips a tick rather than piling runs up.
 * What an alert run leaves undelivered is tried again within minutes (see FollowUps), and alert posts
 * a process left unconfirmed when it died are settled at start-up.
 */
export function startScheduler(
  jobs: PulseJobs,
  options: { dashboardCron: string; alertsCron: string; timezone: string; logger: Logger; clock?: Clock },
): Scheduler {
  const inFlight = new Set<Promise<unknown>>();
  const run = async (name: string, work: () => Promise<unknown>) => {
    const running = work().catch((error: unknown) => options.logger.error({ err: error, job: name }, 'scheduled run failed'));
    inFlight.add(running);
    try {
      await running;
    } finally {
      inFlight.delete(running);
    }
  };
  const followUps = new FollowUps(jobs, options.clock ?? systemClock, (name, work) => void run(name, work));

  const tasks: ScheduledTask[] = [
    cron.schedule(options.dashboardCron, () => run('dashboard', () => jobs.runDashboard()), { timezone: options.timezone, noOverlap: true, name: 'pulse-dashboard' }),
    cron.schedule(options.alertsCron, () => run('alerts', async () => followUps.after(await jobs.runAlerts())), { timezone: options.timezone, noOverlap: true, name: 'pulse-alerts' }),
  ];
  for (const task of tasks) {
    task.on('execution:overlap', () => options.logger.warn({ task: task.name }, 'previous run still going: this tick is skipped'));
  }
  // A process that died mid-post left claims nobody would settle before the next run: settle them now.
  void run('reconcile', async () => followUps.after(await jobs.reconcilePending()));
  options.logger.info({ dashboard: options.dashboardCron, alerts: options.alertsCron, timezone: options.timezone, nextDashboard: tasks[0]?.getNextRun(), nextAlerts: tasks[1]?.getNextRun() }, 'scheduler started');
  return {
    async stop() {
      followUps.stop();
      await Promise.all(tasks.map((task) => Promise.resolve(task.destroy())));
      await Promise.all([...inFlight]);
    },
  };
}
