import { createPulseJobs } from '../jobs/pulseJobs';
import { startServices } from '../jobs/services';
import { createPostingClient, webClientPoster } from '../jobs/webClientPoster';
import { BadInput } from './badInput';
import type { CliContext } from './context';
import type { CliIo, ExitCode } from './io';
import type { CliOptions } from './options';

/**
 * `run-dashboard` and `run-alerts`: one scheduled run, then exit, for deployments whose scheduler
 * is external (cron, a Kubernetes CronJob). Same jobs, same alert state as the app's own scheduler.
 */
export async function runScheduledJob(job: 'dashboard' | 'alerts', context: CliContext, options: CliOptions, io: CliIo): Promise<ExitCode> {
  const { config, logger, monitor } = context;
  const credentials = config.slack.credentials;
  if (!credentials) {
    throw new BadInput(`run-${job} posts to Slack: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET. (With no Slack app, npm start opens the local preview, whose page runs the jobs on demand.)`);
  }
  const services = await startServices(config, monitor, logger, options.at ? () => options.at as Date : undefined);
  const jobs = createPulseJobs(services, webClientPoster(createPostingClient(credentials.botToken, config.slack.apiUrl, logger, config.slack.callTimeoutSeconds), { callTimeoutSeconds: config.slack.callTimeoutSeconds }));
  const report = job === 'dashboard' ? await jobs.runDashboard() : await jobs.runAlerts();
  if (report === null) {
    io.stderr.write(`run-${job}: the warehouse could not be read; nothing was posted or resolved. The next run tries again.\n`);
    return 2;
  }
  const summary =
    'plan' in report
      ? { job, posted: report.posted, reminded: report.reminded, resolved: report.resolved, edited: report.edited, failures: report.failures }
      : { job, posted: report.posted.length, failures: report.failures };
  io.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `run-${job}: posted ${summary.posted} message(s)${summary.failures.length ? `, ${summary.failures.length} failed (retried next run)` : ''}.\n`);
  return summary.failures.length > 0 && summary.posted === 0 ? 2 : 0;
}
