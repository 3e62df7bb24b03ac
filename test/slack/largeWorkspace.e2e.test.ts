import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { elementOf } from '../support/slackMessages';

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let pulse: Harness;

/**
 * Each answer reads the whole account: a few seconds alone, minutes on two busy cores. The limits
 * only say how long a broken run takes to fail, so they are wide.
 */
const ANSWER_LIMIT_MS = 300_000;

beforeAll(async () => {
  demo = await makeDemoFile({ connections: 2000, days: 7 });
  pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, answerLimitMs: ANSWER_LIMIT_MS });
}, 600_000);
afterAll(async () => {
  await pulse?.stop();
  demo?.remove();
});

describe('a 2,000-connection account', () => {
  it('keeps every message Pulse sends within Slack limits, and Slack accepts them all', async () => {
    await pulse.jobs.runAlerts();
    await pulse.jobs.runDashboard();
    for (const text of ['status', 'errors', 'syncs', 'schema', 'mar', 'alerts', 'tenant acme', 'check']) await pulse.command(text);
    await pulse.command('status', CHANNELS.acme);

    // A next page, as a person would turn it: the answer is replaced in place by page 2.
    const paged = pulse.standIn.timeline(CHANNELS.ops.id).find((entry) => 'blocks' in entry && elementOf(entry as never, 'nextPage')) as { ts: string } | undefined;
    expect(paged).toBeDefined();
    const before = pulse.standIn.responses.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: paged!.ts, actionId: 'nextPage' });
    const page2 = await eventually(() => pulse.standIn.responses[before], ANSWER_LIMIT_MS, 'page 2');
    expect(page2.body.replace_original).toBe(true);
    expect(JSON.stringify(page2.body)).toMatch(/Page 2 of \d+/);

    const calls = [...pulse.standIn.callsTo('chat.postMessage'), ...pulse.standIn.callsTo('chat.update')];
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.filter((c) => !c.ok).map((c) => c.error)).toEqual([]);
    for (const call of calls) assertWithinSlackLimits(call.args);
    expect(pulse.standIn.responses.filter((r) => !r.ok).map((r) => r.error)).toEqual([]);
    for (const response of pulse.standIn.responses) assertWithinSlackLimits(response.body);
  }, 1_200_000);
});
