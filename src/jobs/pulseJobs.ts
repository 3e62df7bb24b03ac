import { mentionsFor } from '../alerts/mentions';
import type { DeliveryTally } from '../alerts/deliverAlertRun';
import { createAlertNotifier, reconcilePending as reconcile, type AlertRunReport } from '../alerts/notifier';
import { alertChannelsFor } from '../alerts/routing';
import { describeFailure } from '../errors/explainFailure';
import { composeDashboard, readDashboardData, type DashboardData, type DashboardScope } from './dashboards';
import { liveButtonsOf, type PulseServices } from './services';
import { alertMessenger } from './alertMessenger';
import { planChangedIncidents } from './incidentChanges';
import { MonitoringHealth } from './monitoringHealth';
import { PendingDeliveries } from './pendingDeliveries';
import { coalescing, oneAtATime } from './runQueue';
import type { SlackPoster } from './slackPoster';

export interface DashboardReport {
  posted: Array<{ channel: string; ts: string }>;
  failures: Array<{ channel: string; error: string }>;
}

/** The scheduled work: the same whether cron, the CLI or the preview's "run now" starts it. */
export interface PulseJobs {
  /** One alert cycle. Null when the warehouse could not be read: nothing is resolved then. */
  runAlerts(): Promise<AlertRunReport | null>;
  /**
   * An alert run as soon as the one in progress is done, for news that should not wait for the
   * schedule (a failed sync's webhook). Requests made while a run waits share it. Always the full
   * run: an incident is never resolved from a partial view.
   */
  runAlertsSoon(): Promise<AlertRunReport | null>;
  /** The morning dashboard to the ops channel and to each tenant's own channel. Null when the warehouse could not be read. */
  runDashboard(): Promise<DashboardReport | null>;
  /**
   * The delivery loop: settles alert posts whose answer never came (looked for in their channel,
   * posted only when missing) and sends the queued edits, notes and reminders that are due, without
   * reading the warehouse. Null when the alert state could not be read.
   */
  reconcilePending(): Promise<DeliveryTally | null>;
  readonly monitoringHealth: MonitoringHealth;
  /** What Slack has not confirmed yet, read from the alert state, for /healthz and `check`. */
  readonly pendingDeliveries: PendingDeliveries;
}

export function createPulseJobs(services: PulseServices, poster: SlackPoster, options: { sleep?: (ms: number) => Promise<void>; minIntervalMs?: number } = {}): PulseJobs {
  const { config, logger, monitor, judgments, store, clock } = services;
  const monitoringHealth = new MonitoringHealth(poster, config.slack.opsChannel, logger);
  const pendingDeliveries = new PendingDeliveries(store, logger, config.alerts.deliveryOverdueMinutes * 60_000);
  // Scheduled runs and runs asked for by live news take turns: each judges and notifies in one go.
  const alertRunTurn = oneAtATime();
  const runAlerts = () => alertRunTurn(runAlertsNow);
  // Live news changed what a kept judgment says: a run it asks for judges anew.
  const runAlertsSoon = coalescing(() => {
    judgments.forget();
    return runAlerts();
  });

  async function runAlertsNow(): Promise<AlertRunReport | null> {
    const now = clock();
    let report: AlertRunReport;
    try {
      // A failed read must never reach the notifier: an empty list of alerts would resolve them all.
      // The judgment is shared with the requests of the moment: never older than JUDGMENT_REUSE_SECONDS.
      const { assessment } = await judgments.current();
      for (const connection of assessment.connections) services.pausedConnections.learn(connection.connectionId, connection.paused, assessment.observedAt);
      const notifier = createAlertNotifier({
        store,
        messenger: alertMessenger(poster, liveButtonsOf(services)),
        logger,
        repeatHours: config.alerts.repeatHours,
        groupThreshold: config.alerts.groupThreshold,
        reopenWithinMinutes: config.alerts.reopenWithinMinutes,
        mentionFor: mentionsFor(monitor.rules, config.alerts.mention),
        channelsFor: alertChannelsFor(config.slack.opsChannel, await monitor.tenants()),
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.minIntervalMs !== undefined ? { minIntervalMs: options.minIntervalMs } : {}),
      });
      report = await notifier.run(assessment.alerts, now);
    } catch (error) {
      await monitoringHealth.failed('alerts', describeFailure(error), now);
      return null;
    }
    if (planChangedIncidents(report.plan)) services.incidentChanges.changed();
    await monitoringHealth.succeeded(now);
    await pendingDeliveries.check(now);
    logger.info(
      { posted: report.posted, reminded: report.reminded, resolved: report.resolved, edited: report.edited, failures: report.failures.length },
      'alert run finished',
    );
    return report;
  }

  async function runDashboard(): Promise<DashboardReport | null> {
    const now = clock();
    let targets: Array<{ channel: string; scope: DashboardScope }>;
    let data: DashboardData;
    try {
      data = await readDashboardData(services, now);
      targets = [
        { channel: config.slack.opsChannel, scope: { kind: 'all' } },
        ...data.tenants.filter((t) => t.alertChannel !== null).map((t) => ({ channel: t.alertChannel as string, scope: { kind: 'tenant', tenant: t } as const })),
      ];
    } catch (error) {
      await monitoringHealth.failed('dashboard', describeFailure(error), now);
      return null;
    }
    await monitoringHealth.succeeded(now);
    const report: DashboardReport = { posted: [], failures: [] };
    for (const { channel, scope } of targets) {
      try {
        const { dashboard, remember } = await composeDashboard(services, data, scope, 'posting');
        const { message, thread } = dashboard;
        const posted = await poster.postMessage({ channel, text: message.text, blocks: message.blocks });
        report.posted.push({ channel, ts: posted.ts });
        // What this dashboard showed is kept once it is in Slack: the next one says what changed since.
        await remember().catch((error: unknown) => logger.warn({ channel, err: error }, 'could not keep what the dashboard showed'));
        for (const reply of thread) await poster.postMessage({ channel: posted.channel, text: reply.text, blocks: reply.blocks, thread_ts: posted.ts });
      } catch (error) {
        logger.error({ channel, err: error }, 'could not post the dashboard');
        report.failures.push({ channel, error: describeFailure(error, { details: true }) });
      }
    }
    logger.info({ posted: report.posted.length, failures: report.failures.length }, 'dashboard run finished');
    return report;
  }

  async function reconcilePending(): Promise<DeliveryTally | null> {
    try {
      const tally = await reconcile(
        {
          store,
          messenger: alertMessenger(poster, liveButtonsOf(services)),
          logger,
          mentionFor: mentionsFor(monitor.rules, config.alerts.mention),
          ...(options.sleep ? { sleep: options.sleep } : {}),
          ...(options.minIntervalMs !== undefined ? { minIntervalMs: options.minIntervalMs } : {}),
        },
        clock(),
      );
      await pendingDeliveries.check(clock());
      if (tally.posted + tally.reconciled + tally.edited + tally.reminded + tally.failures.length > 0) {
        logger.info({ posted: tally.posted, reconciled: tally.reconciled, edited: tally.edited, reminded: tally.reminded, failures: tally.failures.length }, 'pending alert deliveries tried');
      }
      return tally;
    } catch (error) {
      logger.error({ error: describeFailure(error, { details: true }) }, 'could not settle unconfirmed alert posts');
      return null;
    }
  }

  return { runAlerts, runAlertsSoon, runDashboard, reconcilePending, monitoringHealth, pendingDeliveries };
}
