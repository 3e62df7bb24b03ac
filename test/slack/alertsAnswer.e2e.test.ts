import { topLevelMessages, useDemoHarness } from '../support/demoHarness';
import type { RecordedResponse } from '../../src/preview/standin';
import { runCli } from '../../src/cli/main';
import { formatClock } from '../../src/views/text/format';
import { captureIo } from '../../src/cli/io';
import { DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, USERS } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { messageText } from '../support/slackMessages';

/**
 * `/fivetran alerts` and the CLI's `alerts` show what fires now, judged afresh, with what people
 * did about each alert; never only what earlier alert runs stored. Real Bolt over loopback HTTP
 * against the Slack stand-in, on a real DuckDB demo file whose alert state starts empty.
 */

/** hubspot_acme: the demo's failing connection of tenant acme (sync_failed). */
const ACME_FAILING = 'sync_failed:spry_kestrel';
const WAIT_MS = 60_000;
/** Enough alerts in the demo that a count and an order mean something. */
const ALERTS_ON_A_PAGE_AT_LEAST = 3;

const { pulse, demo } = useDemoHarness();

interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ text?: string }>;
}

/** The mrkdwn a person reads, block by block, in order. */
function blockTexts(blocks: unknown): string[] {
  return ((blocks ?? []) as Block[]).map((block) => [block.text?.text ?? '', ...(block.elements ?? []).map((e) => e.text ?? '')].join('\n'));
}

const answerText = (answer: RecordedResponse) => blockTexts(answer.body.blocks).join('\n');

/** The three lines of one alert in the answer: subject, problem, since and lifecycle. */
function alertEntry(answer: RecordedResponse, connectionName: string): string {
  const lines = answerText(answer).split('\n');
  const at = lines.findIndex((line) => line.includes(`|${connectionName}>`));
  expect(at).toBeGreaterThanOrEqual(0);
  return lines.slice(at, at + 3).join('\n');
}

/** The instant of the date token right after `label`, in epoch seconds. */
function dateAfter(text: string, label: string): number {
  const match = new RegExp(`${label} <!date\\^(\\d+)\\^`).exec(text);
  expect(match).not.toBeNull();
  return Number(match![1]);
}

async function cli(args: string[], at: Date = DEMO_NOW): Promise<{ code: number; stdout: string }> {
  const io = captureIo();
  const code = await runCli([...args, '--at', at.toISOString()], { ...io, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' } });
  return { code, stdout: io.out() };
}

interface JsonAlert {
  fingerprint: string;
  rule: string;
  since: string | null;
  lifecycle: null | { status: string; acknowledgedBy: string | null; acknowledgedAt: string | null; firstPostedAt: string | null; postings: Array<{ channel: string; channelId: string | null; postedAt: string | null }> };
}

async function cliJson(at: Date = DEMO_NOW): Promise<{ stale: boolean; lifecycleProblem: string | null; alerts: JsonAlert[] }> {
  return JSON.parse((await cli(['alerts', '--json'], at)).stdout) as { stale: boolean; lifecycleProblem: string | null; alerts: JsonAlert[] };
}

const topLevel = (channel: { id: string }) => topLevelMessages(pulse, channel);

describe('/fivetran alerts and `alerts`: what fires now, with its lifecycle', () => {
  it('lists every firing alert on a fresh state, before any alert run has stored one', async () => {
    const { assessment } = await pulse.services.monitor.judge();
    expect(assessment.alerts.length).toBeGreaterThan(ALERTS_ON_A_PAGE_AT_LEAST);
    expect(await pulse.services.store.listActive()).toEqual([]);

    const { answer } = await pulse.command('alerts');
    assertWithinSlackLimits(answer.body);
    expect(answer.body.text).toBe(`${assessment.alerts.length} alerts firing`);
    expect(answerText(answer)).not.toContain('No alert is firing');
    expect(answerText(answer)).toMatch(new RegExp(`\\*${assessment.alerts.length} alerts\\* firing now: .*${assessment.alerts.length} not posted yet`));

    const acme = await pulse.command('alerts', CHANNELS.acme);
    expect(alertEntry(acme.answer, 'hubspot_acme')).toMatch(/Sync failed[\s\S]*Since <!date\^\d+\^[^>]+> · Not posted yet: the next alert run posts it/);
    expect(answerText(acme.answer)).not.toContain('globex');

    const json = await cliJson();
    expect(json.alerts.map((a) => a.fingerprint).sort()).toEqual(assessment.alerts.map((a) => a.fingerprint).sort());
    expect(json.alerts.every((a) => a.lifecycle === null)).toBe(true);
    expect(json.lifecycleProblem).toBeNull();
    const text = await cli(['alerts']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Sync failed\s+hubspot_acme: [^\n]*\n[^\n]*\n\s+not posted to Slack yet: the next alert run posts it/);
  }, WAIT_MS);

  it('after an alert run and an acknowledgement, shows who acknowledged it, when, and where it was posted', async () => {
    const report = await pulse.jobs.runAlerts();
    expect(report?.failures).toEqual([]);
    const [message] = topLevel(CHANNELS.acme);
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: message!.ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
    await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts)).includes(`Acknowledged by <@${USERS.acme.id}>`), WAIT_MS, 'the acknowledged message');

    const { answer } = await pulse.command('alerts', CHANNELS.acme);
    const entry = alertEntry(answer, 'hubspot_acme');
    expect(entry).toMatch(new RegExp(`:eyes: Acknowledged by <@${USERS.acme.id}>, <!date\\^\\d+\\^[^>]+> · Posted <!date\\^\\d+\\^[^>]+> in `));
    expect(entry).toContain(`<#${CHANNELS.acme.id}>`);
    expect(entry).toContain(`<#${CHANNELS.ops.id}>`);
    expect(answerText(answer)).toMatch(/1 acknowledged/);

    const json = await cliJson();
    const acked = json.alerts.find((a) => a.fingerprint === ACME_FAILING)!;
    expect(acked.lifecycle).toMatchObject({ status: 'acknowledged', acknowledgedBy: USERS.acme.id });
    expect(acked.lifecycle!.postings.map((p) => p.channelId).sort()).toEqual([CHANNELS.acme.id, CHANNELS.ops.id].sort());
    expect(json.alerts.filter((a) => a.fingerprint !== ACME_FAILING).every((a) => a.lifecycle?.status === 'open' && a.lifecycle.postings.length > 0)).toBe(true);
    const text = await cli(['alerts']);
    expect(text.stdout).toMatch(new RegExp(`Sync failed\\s+hubspot_acme: [^\\n]*\\n[^\\n]*\\n\\s+acknowledged by Slack user ${USERS.acme.id} at \\d\\d:\\d\\d UTC · posted \\d\\d:\\d\\d UTC in (#acme-data, #fivetran-ops|#fivetran-ops, #acme-data)`));
  }, WAIT_MS);

  it('gives the same "since" in the alert message, /fivetran alerts and the CLI: when the condition began, not when it was posted', async () => {
    const [message] = topLevel(CHANNELS.acme);
    const posted = blockTexts(pulse.standIn.message(CHANNELS.acme.id, message!.ts)?.blocks).join('\n');
    const sinceInMessage = dateAfter(posted, 'Since');
    expect(dateAfter(posted, 'Posted')).toBe(Math.floor(DEMO_NOW.getTime() / 1000));
    expect(sinceInMessage).toBeLessThan(Math.floor(DEMO_NOW.getTime() / 1000));

    const { answer } = await pulse.command('alerts', CHANNELS.acme);
    expect(dateAfter(alertEntry(answer, 'hubspot_acme'), 'Since')).toBe(sinceInMessage);

    const failing = (await cliJson()).alerts.find((a) => a.fingerprint === ACME_FAILING)!;
    const since = failing.since!;
    expect(Math.floor(Date.parse(since) / 1000)).toBe(sinceInMessage);
    expect(Math.floor(Date.parse(failing.lifecycle!.firstPostedAt!) / 1000)).toBe(dateAfter(posted, 'Posted'));
    const text = await cli(['alerts']);
    const line = text.stdout.split('\n').find((l) => l.includes('hubspot_acme:'))!;
    expect(line).toContain(`since ${formatClock(since, DEMO_NOW)} (`);
  }, WAIT_MS);

  it('says first, loudly, when the monitoring data is stale, and still lists what fires', async () => {
    const later = new Date(DEMO_NOW.getTime() + 3 * 86_400_000);
    pulse.clock.now = later;
    try {
      const { answer } = await pulse.command('alerts');
      const [title, first, second] = blockTexts(answer.body.blocks);
      expect(title).toBe('Alerts');
      expect(first).toMatch(/Monitoring data is stale/);
      expect(second).toMatch(/alerts\* firing now/);
      expect(answer.body.text).toMatch(/^Monitoring data is stale\. \d+ alerts firing$/);
      expect(answerText(answer)).toContain('*Monitoring data stale*');

      const json = await cliJson(later);
      expect(json.stale).toBe(true);
      expect(json.alerts[0]).toMatchObject({ rule: 'metadata_stale', lifecycle: null });
      const text = (await cli(['alerts'], later)).stdout;
      expect(text.indexOf('STALE MONITORING DATA')).toBeGreaterThan(-1);
      expect(text.indexOf('STALE MONITORING DATA')).toBeLessThan(text.indexOf('CRITICAL ('));
    } finally {
      pulse.clock.now = DEMO_NOW;
    }
  }, WAIT_MS);
});
