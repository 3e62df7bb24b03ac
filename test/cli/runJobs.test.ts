import { runCli } from '../../src/cli/main';
import { DEMO_NOTE } from '../../src/views/demoNote';
import { startSlackStandIn, type SlackStandIn } from '../../src/preview/standin';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { captureIo } from '../../src/cli/io';
import { BOT_TOKEN, CHANNELS, SIGNING_SECRET } from '../support/pulseHarness';

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let slack: SlackStandIn;

async function cli(args: string[], env: Record<string, string>) {
  const io = captureIo();
  const code = await runCli(args, { ...io, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent', SLACK_OPS_CHANNEL: CHANNELS.ops.name, ...env } });
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  demo = await makeDemoFile();
  slack = await startSlackStandIn({ port: 0, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: Object.values(CHANNELS).map((c) => ({ ...c })) });
});
afterAll(async () => {
  await slack?.close();
  demo?.remove();
});

describe('run-alerts and run-dashboard from the CLI', () => {
  const slackEnv = () => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });

  it('runs the alert cycle once with the same state as the app: a second run posts nothing new', async () => {
    const first = await cli(['run-alerts', '--json', '--at', DEMO_NOW.toISOString()], slackEnv());
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ job: 'alerts', failures: [] });
    expect((JSON.parse(first.out) as { posted: number }).posted).toBeGreaterThan(0);
    const second = await cli(['run-alerts', '--json', '--at', DEMO_NOW.toISOString()], slackEnv());
    expect((JSON.parse(second.out) as { posted: number }).posted).toBe(0);
  });

  it('lists one entry per rule in alerts --json, each naming the incident it belongs to', async () => {
    const run = await cli(['alerts', '--json', '--at', DEMO_NOW.toISOString()], {});
    const postgres = (JSON.parse(run.out) as { alerts: Array<{ rule: string; connectionName: string; incident: { incidentId: string | null; fingerprint: string; rules: string[] }; lifecycle: { incidentId: string } | null }> }).alerts
      .filter((alert) => alert.connectionName === 'globex_postgres');
    expect(postgres.map((alert) => alert.rule)).toEqual(expect.arrayContaining(['sync_failed', 'sync_delayed', 'frequent_errors']));
    expect(postgres).toHaveLength(3);
    const [incident] = postgres.map((alert) => alert.incident);
    expect(incident).toEqual({ incidentId: expect.stringMatching(/^inc_/), fingerprint: 'connection:cobalt_delta', rules: ['sync_failed', 'sync_delayed', 'frequent_errors'] });
    for (const alert of postgres) {
      expect(alert.incident).toEqual(incident);
      expect(alert.lifecycle?.incidentId).toBe(incident!.incidentId);
    }
  });

  it('posts the dashboard once and exits', async () => {
    const run = await cli(['run-dashboard', '--at', DEMO_NOW.toISOString()], slackEnv());
    expect(run).toMatchObject({ code: 0, out: `run-dashboard: posted 4 message(s).\n\n${DEMO_NOTE}\n` });
  });

  it('says what it needs when no Slack app is configured', async () => {
    const run = await cli(['run-alerts'], {});
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/run-alerts posts to Slack: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
  });
});
