import cron from 'node-cron';

/** When a cron expression next fires in a time zone, from now; null if it never does. */
export function nextRun(expression: string, timezone: string): Date | null {
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}
