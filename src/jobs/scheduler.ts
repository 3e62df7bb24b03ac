import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log/logger';
import type { PulseJobs } from './pulseJobs';

export interface Scheduler {
  /** Stops new runs and waits for the ones in flight. */
  stop(): Promise<void>;
}

/**
 * The dashboard and alert runs on their cron expressions, in the configured time zone. A run never
 * overlaps the previous one of its kind: a slow warehouse skips a tick rather than piling runs up.
 */
export function startScheduler(jobs: PulseJobs, options: { dashboardCron: string; alertsCron: string; timezone: string; logger: Logger }): Scheduler {
  const inFlight = new Set<Promise<unknown>>();
  const track = (name: string, run: () => Promise<unknown>) => async () => {
    const work = run().catch((error: unknown) => options.logger.error({ err: error, job: name }, 'scheduled run failed'));
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };
  const tasks: ScheduledTask[] = [
    cron.schedule(options.dashboardCron, track('dashboard', () => jobs.runDashboard()), { timezone: options.timezone, noOverlap: true, name: 'pulse-dashboard' }),
    cron.schedule(options.alertsCron, track('alerts', () => jobs.runAlerts()), { timezone: options.timezone, noOverlap: true, name: 'pulse-alerts' }),
  ];
  for (const task of tasks) {
    task.on('execution:overlap', () => options.logger.warn({ task: task.name }, 'previous run still going: this tick is skipped'));
  }
  options.logger.info({ dashboard: options.dashboardCron, alerts: options.alertsCron, timezone: options.timezone, nextDashboard: tasks[0]?.getNextRun(), nextAlerts: tasks[1]?.getNextRun() }, 'scheduler started');
  return {
    async stop() {
      await Promise.all(tasks.map((task) => Promise.resolve(task.destroy())));
      await Promise.all([...inFlight]);
    },
  };
}
