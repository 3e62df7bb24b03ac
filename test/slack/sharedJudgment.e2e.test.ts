import type { RecordedResponse } from '../../src/preview/standin';
import { SUBCOMMAND_HANDLERS } from '../../src/slack/subcommands';
import { DEMO_NOTE } from '../../src/views/demoNote';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';

/**
 * One snapshot for many requests, through the real Bolt app and the Slack stand-in on a real
 * DuckDB demo: fifty `/fivetran status` at once read the warehouse once; a reading is handed out
 * again for JUDGMENT_REUSE_SECONDS (on the harness's clock, which only the test moves), the answer
 * saying how old it is; after that, requests and scheduled runs read anew.
 */

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let pulse: Harness;

beforeAll(async () => {
  demo = await makeDemoFile();
  pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, env: { JUDGMENT_REUSE_SECONDS: '30' } });
});
afterAll(async () => {
  await pulse?.stop();
  demo?.remove();
});

interface Block {
  type: string;
  elements?: Array<{ text?: string }>;
}

/** The footer's notes: the context block before the closing buttons. */
function footerOf(answer: RecordedResponse): string[] {
  const blocks = (answer.body.blocks as Block[]).filter((block) => block.type !== 'actions');
  const last = blocks[blocks.length - 1];
  return last?.type === 'context' ? (last.elements ?? []).map((element) => element.text ?? '') : [];
}

/** The answer without its footer: what the data says. */
const bodyOf = (answer: RecordedResponse) => JSON.stringify((answer.body.blocks as Array<{ block_id?: string }>).filter((block) => block.block_id !== 'pulse_footer'));

const moveClock = (seconds: number) => {
  pulse.clock.now = new Date(pulse.clock.now.getTime() + seconds * 1000);
};

/**
 * The statements sent while `work` runs, but the tenants table's: it has a cache of its own on the
 * wall clock (minutes), which a slow machine may see expire in the middle of a test.
 */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const before = pulse.statements.length;
  await work();
  return pulse.statements
    .slice(before)
    .map((statement) => statement.tag ?? statement.sql)
    .filter((tag) => tag !== 'pulse:tenants');
}

async function burst(count: number, text: string): Promise<RecordedResponse[]> {
  const before = pulse.standIn.responses.length;
  const deliveries = await Promise.all(Array.from({ length: count }, () => pulse.standIn.slashCommand({ command: '/fivetran', text, channelId: CHANNELS.ops.id, userId: 'U0OPS' })));
  expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
  return eventually(() => (pulse.standIn.responses.length >= before + count ? pulse.standIn.responses.slice(before) : null), undefined, `${count} answers to /fivetran ${text}`);
}

describe('one snapshot for many requests', () => {
  let oneReading: string[];

  it('one /fivetran status reads the warehouse once (what the burst is measured against)', async () => {
    await pulse.command('status'); // tenants and the schema read once, then cached
    moveClock(60);
    oneReading = await statementsDuring(() => pulse.command('status'));
    expect(oneReading.length).toBeGreaterThan(0);
  });

  it('answers 50 concurrent /fivetran status from one snapshot, all alike', async () => {
    moveClock(60);
    let answers: RecordedResponse[] = [];
    const sent = await statementsDuring(async () => {
      answers = await burst(50, 'status');
    });
    expect(sent).toEqual(oneReading);
    expect(answers).toHaveLength(50);
    expect(new Set(answers.map(bodyOf)).size).toBe(1);
    expect(bodyOf(answers[0]!)).toContain('hubspot_acme');
  });

  it('builds an answer once per reading for the same question from the same kind of channel', async () => {
    moveClock(60);
    const ask = (page: number, tenantScope = false) =>
      SUBCOMMAND_HANDLERS.status.answer({
        services: pulse.services,
        args: [],
        channel: CHANNELS.ops,
        scope: tenantScope ? { kind: 'tenant', tenant: { tenantId: 'acme', tenantName: 'Acme', alertChannel: CHANNELS.acme.name } } : { kind: 'all' },
        options: { page, ephemeral: true },
      });
    const first = await ask(1);
    expect(await ask(1)).toBe(first);
    expect(await ask(2)).not.toBe(first);
    expect(await ask(1, true)).not.toBe(first);
    moveClock(60);
    const afterNextReading = await ask(1);
    // A new reading, judged a minute later: built anew ("sync failed 13 min ago", not 12).
    expect(afterNextReading).not.toBe(first);
    expect(JSON.stringify(afterNextReading)).toContain('hubspot_acme');
  });

  it('reuses a reading for 30 s, saying how old it is, then reads anew', async () => {
    moveClock(60);
    const fresh = await pulse.command('status');
    expect(footerOf(fresh.answer)).toEqual([`:information_source: ${DEMO_NOTE}`]);

    moveClock(20);
    let kept: RecordedResponse | undefined;
    expect(await statementsDuring(async () => (kept = (await pulse.command('syncs')).answer))).toEqual([]);
    expect(footerOf(kept!)).toEqual([
      ':hourglass_flowing_sand: Read from the warehouse 20 s ago: requests that come close together share one reading.',
      `:information_source: ${DEMO_NOTE}`,
    ]);

    moveClock(10);
    let renewed: RecordedResponse | undefined;
    expect(await statementsDuring(async () => (renewed = (await pulse.command('status')).answer))).toEqual(oneReading);
    expect(footerOf(renewed!)).toEqual([`:information_source: ${DEMO_NOTE}`]);
  });

  it('scheduled runs share the reading of the moment, and never one older than the reuse time', async () => {
    moveClock(60);
    await pulse.command('status');
    moveClock(5);
    const alerts = await statementsDuring(() => pulse.jobs.runAlerts());
    expect(alerts.filter((tag) => oneReading.includes(tag))).toEqual([]);

    moveClock(30);
    const dashboard = await statementsDuring(() => pulse.jobs.runDashboard());
    expect(dashboard.filter((tag) => oneReading.includes(tag))).toEqual(oneReading);
  });
});
