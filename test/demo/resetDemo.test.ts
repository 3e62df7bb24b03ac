import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';

import { loadConfig } from '../../src/config/loadConfig';
import { createLogger } from '../../src/log/logger';
import { startSlackStandIn, type SlackStandIn } from '../../src/preview/standin';
import { startMonitor } from '../../src/jobs/monitor';
import { openWarehouse } from '../../src/jobs/openWarehouse';
import { demoResetJob, RESET_DEMO_CONFIRMATION } from '../../src/demo/resetDemo';
import { previewWorkspaceFile } from '../../src/preview/startPreview';
import { startServices, type PulseServices } from '../../src/jobs/services';
import { createPulseJobs, type PulseJobs } from '../../src/jobs/pulseJobs';
import { createPostingClient, webClientPoster } from '../../src/jobs/webClientPoster';
import type { Warehouse } from '../../src/warehouse/types';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';

const BOT_TOKEN = 'xoxb-reset-demo';
const logger = createLogger({ level: 'silent', format: 'json' });

/**
 * "Reset demo" in the preview starts the try-it path over: new demo data for now, no alert state,
 * empty channels, all at once, so Slack and Pulse's state never disagree about what was posted.
 */
describe('Reset demo', () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let warehouse: Warehouse;
  let services: PulseServices;
  let standIn: SlackStandIn;
  let jobs: PulseJobs;
  let workspaceFile: string;
  const clock = { now: DEMO_NOW };

  beforeAll(async () => {
    demo = await makeDemoFile();
    const config = loadConfig({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' });
    warehouse = await openWarehouse(config, logger);
    services = await startServices(config, await startMonitor(config, warehouse, logger, () => clock.now), logger, () => clock.now);
    const channels = [config.slack.opsChannel, ...(await services.monitor.tenants()).flatMap((tenant) => (tenant.alertChannel ? [tenant.alertChannel] : []))];
    workspaceFile = previewWorkspaceFile(config) as string;
    standIn = await startSlackStandIn({
      signingSecret: 'reset-demo-secret',
      botToken: BOT_TOKEN,
      channels: [...new Set(channels)].map((name, index) => ({ id: `C0PREVIEW${String(index).padStart(2, '0')}`, name })),
      persistence: { file: workspaceFile, debounceMs: 60_000 },
    });
    jobs = createPulseJobs(services, webClientPoster(createPostingClient(BOT_TOKEN, standIn.apiUrl, logger)), { sleep: async () => undefined, minIntervalMs: 0 });
  });

  afterAll(async () => {
    await standIn?.close();
    await warehouse?.close();
    demo?.remove();
  });

  const postedMessages = () => standIn.channels().flatMap((channel) => standIn.messages(channel.id));

  async function demoGeneratedAt(): Promise<string> {
    const [row] = await warehouse.query('SELECT generated_at FROM PUBLIC.PULSE_DEMO', [], { tag: 'test:marker' });
    return String(row?.generated_at);
  }

  it('keeps the preview workspace beside the demo warehouse', () => {
    expect(workspaceFile).toBe(path.join(path.dirname(demo.path), 'preview-workspace.json'));
  });

  it('regenerates the demo data, forgets every alert and empties the preview; the next run posts the alerts again', async () => {
    const first = await jobs.runAlerts();
    expect(first?.failures).toEqual([]);
    const postedFirst = postedMessages().length;
    expect(postedFirst).toBeGreaterThan(1);
    const [incident] = await services.store.listRecent(1);
    await services.store.acknowledge([incident!.incidentId], 'U0PREVIEW1', clock.now);
    // A second run posts nothing: the alerts are open and were posted.
    await jobs.runAlerts();
    expect(postedMessages()).toHaveLength(postedFirst);
    await standIn.flush();
    expect(readFileSync(workspaceFile, 'utf8')).toContain(standIn.messages(postedMessages()[0]!.channel)[0]!.ts);
    expect(await demoGeneratedAt()).toBe(DEMO_NOW.toISOString());

    let forgotten = 0;
    const job = await demoResetJob(warehouse, { stateSchema: services.config.stateSchema, store: services.store, standIn, logger, clock: () => clock.now, forgetJudgments: () => (forgotten += 1) });
    expect(job).toEqual({ label: 'Reset demo', confirm: RESET_DEMO_CONFIRMATION, run: expect.any(Function) });
    clock.now = new Date(DEMO_NOW.getTime() + 3 * 3_600_000);
    await (job as { run: () => Promise<void> }).run();

    expect(await demoGeneratedAt()).toBe(clock.now.toISOString());
    // The judgment kept for reuse was made from the replaced data.
    expect(forgotten).toBe(1);
    expect(await services.store.listRecent(50)).toEqual([]);
    expect(await services.store.listAudit()).toEqual([]);
    expect(postedMessages()).toEqual([]);
    // Saved at once, not a moment later: a restart right after shows the empty preview.
    expect((JSON.parse(readFileSync(workspaceFile, 'utf8')) as { channels: Array<{ timeline: unknown[] }> }).channels.every((channel) => channel.timeline.length === 0)).toBe(true);

    const again = await jobs.runAlerts();
    expect(again?.failures).toEqual([]);
    expect(postedMessages()).toHaveLength(postedFirst);
    expect((await services.store.listRecent(50)).every((alert) => alert.status === 'open')).toBe(true);
  });

  it('is not offered for a warehouse that is not the generated demo, and never touches one', async () => {
    const other = await makeDemoFile();
    try {
      const instance = await DuckDBInstance.create(other.path);
      const connection = await instance.connect();
      await connection.run('DROP TABLE PUBLIC.PULSE_DEMO');
      connection.closeSync();
      instance.closeSync();
      const config = loadConfig({ DUCKDB_PATH: other.path, LOG_LEVEL: 'silent' });
      const real = await openWarehouse(config, logger);
      try {
        expect(await demoResetJob(real, { stateSchema: config.stateSchema, store: services.store, standIn, logger })).toBeNull();
      } finally {
        await real.close();
      }
      expect(existsSync(other.path)).toBe(true);
    } finally {
      other.remove();
    }
  });
});
