import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from './config/loadConfig';
import { refreshDemoDataIfOld } from './demo/refreshDemoData';
import { demoResetJob } from './demo/resetDemo';
import { explainFailure } from './errors/explainFailure';
import { startLive, type LiveSettings } from './jobs/live';
import { liveStatusNote, startPreviewFivetran, watchListings } from './jobs/previewFivetran';
import { startMonitor } from './jobs/monitor';
import { openWarehouse } from './jobs/openWarehouse';
import { createPulseJobs } from './jobs/pulseJobs';
import { startScheduler, type Scheduler } from './jobs/scheduler';
import { startServices } from './jobs/services';
import { createPostingClient, webClientPoster } from './jobs/webClientPoster';
import { LiveState } from './live/liveState';
import { createLogger } from './log/logger';
import { DEFAULT_USERS, type PreviewJob } from './preview/standin';
import { startPreview, type Preview } from './preview/startPreview';
import { createSlackApp, type SlackConnection } from './slack/app';

/** A preview job that, once done (or failed), also runs `after`. */
function withAfter(job: PreviewJob, after: () => Promise<void>): PreviewJob {
  if (typeof job === 'function') return () => job().finally(after);
  return { ...job, run: (choice) => job.run(choice).finally(after) };
}

/** The server: Slack app (or the local preview), scheduler, health endpoints. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.log);

  const duckdbFileExisted = config.warehouse.kind === 'duckdb' && existsSync(config.warehouse.duckdbPath);
  if (duckdbFileExisted) {
    await refreshDemoDataIfOld(config.warehouse.duckdbPath, logger);
  }
  const warehouse = await openWarehouse(config, logger);
  // The app keeps LOG's state between cycles and reads only what was loaded since. Live state
  // (Fivetran's REST API and webhooks) runs only when an API key is configured, or in the local
  // preview, which runs a stand-in for Fivetran's API; without either everything works from the
  // warehouse alone.
  const previewRunsLive = !config.live.credentials && !config.slack.credentials;
  const liveState = config.live.credentials || previewRunsLive ? new LiveState() : undefined;
  const services = await startServices(config, await startMonitor(config, warehouse, logger, undefined, { incremental: {}, ...(liveState ? { live: liveState } : {}) }), logger);

  let preview: Preview | null = null;
  let connection: SlackConnection;
  if (config.slack.credentials) {
    connection = { ...config.slack.credentials, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) };
  } else {
    preview = await startPreview(config, await services.monitor.tenants(), logger, { newWarehouse: config.warehouse.kind === 'duckdb' && !duckdbFileExisted });
    connection = { botToken: preview.botToken, signingSecret: preview.signingSecret, apiUrl: preview.standIn.apiUrl };
  }
  const previewFivetran = previewRunsLive ? await startPreviewFivetran(services.monitor, logger) : null;
  if (preview && previewFivetran) {
    // In the preview, Sync now, Pause and Resume act on the stand-in, and the person at the page is the
    // ops team unless OPS_USERS or OPS_USERGROUP says who is.
    services.fivetranApi = previewFivetran.api;
    if (config.actions.opsUsers.length === 0 && config.actions.opsUsergroup === null) config.actions.opsUsers = DEFAULT_USERS.map((user) => user.id);
  }

  // The preview's page says what live state it follows and when it was last read.
  let lastListing: Parameters<typeof liveStatusNote>[1] = null;
  const liveOrigin = previewFivetran ? 'stand-in' : 'account';
  const showLiveStatus = () => preview?.standIn.setJobNotes([liveStatusNote(liveOrigin, lastListing, new Date())]);
  // The poll, the webhooks and the Slack actions share one client, so they share one API budget.
  const liveApi = services.fivetranApi ?? previewFivetran?.api ?? null;
  const liveSettings: LiveSettings | null = liveApi
    ? {
        api: preview
          ? watchListings(liveApi, (listing) => {
              lastListing = listing;
              showLiveStatus();
            })
          : liveApi,
        webhookSecret: previewFivetran ? previewFivetran.webhookSecret : config.live.webhookSecret,
        pollSeconds: config.live.pollSeconds,
        ...(previewFivetran ? { firstPollIsBaseline: true } : {}),
      }
    : null;

  // The preview's app answers only this machine, like the preview itself.
  const jobs = createPulseJobs(services, webClientPoster(createPostingClient(connection.botToken, connection.apiUrl, logger, config.slack.callTimeoutSeconds), { callTimeoutSeconds: config.slack.callTimeoutSeconds }));
  const live = liveSettings && liveState ? startLive(liveSettings, liveState, jobs, logger) : null;
  const slack = createSlackApp(services, connection, config.slack.port, preview ? '127.0.0.1' : undefined, jobs.pendingDeliveries, live?.webhooks);
  const port = await slack.start();
  previewFivetran?.registerWebhook(port);
  let scheduler: Scheduler | null = null;
  if (config.schedule.enabled) {
    scheduler = startScheduler(jobs, { ...config.schedule, logger });
  } else {
    logger.info('SCHEDULER_ENABLED=false: this replica answers Slack but posts nothing on a schedule');
  }

  if (preview) {
    preview.standIn.setAppRequestUrl(`http://127.0.0.1:${port}/slack/events`);
    const resetJob = await demoResetJob(warehouse, { stateSchema: config.stateSchema, store: services.store, standIn: preview.standIn, logger, forgetJudgments: () => services.judgments.forget() });
    // A run that could not read the warehouse or reach Slack fails, so the page says so instead of "done".
    preview.standIn.setJobs({
      runDashboard: async () => {
        const report = await jobs.runDashboard();
        if (!report) throw new Error('the warehouse could not be read: see the log');
        if (report.failures.length > 0) throw new Error(`${report.failures.length} post(s) failed: see the log`);
      },
      runAlerts: async () => {
        const report = await jobs.runAlerts();
        if (!report) throw new Error('the warehouse could not be read: see the log');
        if (report.failures.length > 0) throw new Error(`${report.failures.length} Slack call(s) failed; the next run tries again`);
      },
      ...(previewFivetran ? { failSync: await previewFivetran.failSyncJob() } : {}),
      ...(resetJob
        ? {
            resetDemo: withAfter(resetJob, async () => {
              // New demo data: the next snapshot reads LOG in full.
              services.monitor.forgetReadModel();
              // Live facts heard about the old demo data would raise its alerts again: the stand-in starts over too.
              await previewFivetran?.reseed();
              liveState?.clear();
              live?.rebaseline();
            }),
          }
        : {}),
    });
    if (live) showLiveStatus();
    logger.info({ url: preview.standIn.url }, `No Slack app configured: open the local Slack preview at ${preview.standIn.url} and type /fivetran status`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing runs in flight');
    await scheduler?.stop();
    await live?.stop();
    await slack.stop();
    await previewFivetran?.close();
    await preview?.standIn.close();
    await warehouse.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // A configuration problem found while starting (a DUCKDB_PATH that does not exist) reads like any other.
  process.stderr.write(`${explainFailure('Pulse could not start', error, { details: true })}\n`);
  process.exit(1);
});
