import { DuckDBInstance } from '@duckdb/node-api';
import type { RecordedResponse } from '../../src/preview/standin';
import { stopWatch, startWatch } from '../../src/slack/watchSync';
import { createPostingClient } from '../../src/jobs/webClientPoster';
import { createLogger } from '../../src/log/logger';
import { DEMO_NOTE } from '../../src/views/demoNote';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { BOT_TOKEN, CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { elementOf, messageText } from '../support/slackMessages';
import { eventually } from '../support/eventually';

/**
 * Demo data says so: every Slack answer drawn from Pulse's generated demo warehouse carries the
 * demo note as its footer (whatever was asked, and whatever went wrong), and the dashboard and
 * watch messages too. On data that is not the demo, nothing says so.
 */

const COMMANDS = ['status', 'status hubspot_acme', 'tenant acme', 'alerts', 'errors', 'syncs', 'schema', 'mar', 'check', 'help', 'tenant', 'status no_such_connection', 'tenant nobody'];

interface Block {
  type: string;
  elements?: Array<{ text?: string }>;
}

/** The footer: the last block before the closing buttons. */
function footerOf(answer: RecordedResponse): string {
  const blocks = (answer.body.blocks as Block[]).filter((block) => block.type !== 'actions');
  const last = blocks[blocks.length - 1];
  return last?.type === 'context' ? (last.elements ?? []).map((element) => element.text ?? '').join(' ') : '';
}

describe('on the demo warehouse', () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  beforeAll(async () => {
    demo = await makeDemoFile();
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW });
  });
  afterAll(async () => {
    await pulse?.stop();
    demo?.remove();
  });

  it('every /fivetran answer ends with the demo note, within Slack limits', async () => {
    for (const text of COMMANDS) {
      const { answer } = await pulse.command(text);
      expect({ text, footer: footerOf(answer) }).toEqual({ text, footer: `:information_source: ${DEMO_NOTE}` });
      assertWithinSlackLimits(answer.body, text);
    }
  });

  it('an answer shared in the channel keeps it', async () => {
    await pulse.command('syncs');
    const answers = pulse.standIn.timeline(CHANNELS.ops.id).filter((entry) => 'blocks' in entry && elementOf(entry as never, 'shareInChannel')) as Array<{ ts: string }>;
    const before = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: answers[answers.length - 1]!.ts, actionId: 'shareInChannel' });
    const shared = await eventually(() => pulse.standIn.responses.slice(before).find((response) => response.body.response_type === 'in_channel'), undefined, 'the shared answer');
    expect(footerOf(shared)).toBe(`:information_source: ${DEMO_NOTE}`);
  });

  it('the morning dashboard says so', async () => {
    const report = await pulse.jobs.runDashboard();
    expect(report?.posted.length).toBeGreaterThan(0);
    for (const call of pulse.standIn.callsTo('chat.postMessage')) expect(JSON.stringify(call.args.blocks)).toContain(DEMO_NOTE);
  });

  it("an alert's details say so", async () => {
    await pulse.jobs.runAlerts();
    // The ops channel gets many alerts grouped; a tenant's channel gets them one by one, with a Details button.
    const channel = Object.values(CHANNELS).find((c) => pulse.standIn.timeline(c.id).some((entry) => 'blocks' in entry && elementOf(entry, 'showAlertDetails')));
    expect(channel).toBeDefined();
    const alert = pulse.standIn.timeline(channel!.id).find((entry) => 'blocks' in entry && elementOf(entry as never, 'showAlertDetails')) as { ts: string };
    const before = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: channel!.id, messageTs: alert.ts, actionId: 'showAlertDetails' });
    const details = await eventually(() => pulse.standIn.responses[before], undefined, 'the alert details');
    expect(footerOf(details)).toBe(`:information_source: ${DEMO_NOTE}`);
  });

  it('a watch message says so', async () => {
    const { assessment } = await pulse.services.monitor.judge();
    const running = assessment.connections.find((c) => c.runningSince !== null);
    expect(running).toBeDefined();
    let wake: () => void = () => undefined;
    const client = createPostingClient(BOT_TOKEN, pulse.standIn.apiUrl, createLogger({ level: 'silent', format: 'json' }));
    const { ts, done } = await startWatch(pulse.services, client, {
      channel: CHANNELS.ops.id,
      connection: running!,
      sleep: () => new Promise<void>((resolve) => (wake = resolve)),
    });
    expect(messageText(pulse.standIn.message(CHANNELS.ops.id, ts))).toContain(DEMO_NOTE);
    stopWatch(CHANNELS.ops.id, ts);
    wake();
    await done;
  });
});

describe('on data that is not the demo', () => {
  it('no answer mentions a demo', async () => {
    const real = await makeDemoFile();
    const instance = await DuckDBInstance.create(real.path);
    const connection = await instance.connect();
    await connection.run('DROP TABLE PUBLIC.PULSE_DEMO');
    connection.closeSync();
    instance.closeSync();
    const pulse = await startHarness({ duckdbPath: real.path, now: DEMO_NOW });
    try {
      for (const text of COMMANDS) {
        const { answer } = await pulse.command(text);
        expect(JSON.stringify(answer.body)).not.toContain('Demo data');
      }
      expect(JSON.stringify((await pulse.command('status')).answer.body)).toContain('hubspot_acme');
    } finally {
      await pulse.stop();
      real.remove();
    }
  });
});
