import { topLevelMessages } from '../support/demoHarness';
import { createLogger } from '../../src/log/logger';
import { FollowUps } from '../../src/jobs/followUps';
import { startScheduler } from '../../src/jobs/scheduler';
import { RECONCILE_AFTER_MS } from '../../src/alerts/planAlertRun';
import { createPostingClient } from '../../src/jobs/webClientPoster';
import type { Clock } from '../../src/warehouse/deadline';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { BOT_TOKEN, CHANNELS, startHarness, USERS, type Harness } from '../support/pulseHarness';
import { elementOf, messageText } from '../support/slackMessages';

/** Tenant acme's alert channel as the tenants table routes it: a name, so reconciling must find its id. */
const ACME_ROUTED = '#acme-data';

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let pulse: Harness;

const topLevel = (channel: { id: string }) => topLevelMessages(pulse, channel);

/** The acme incident's posting in acme's channel, as the store holds it. */
async function acmePosting() {
  const incidents = await pulse.services.store.loadForRun(new Date(DEMO_NOW.getTime() - 3_600_000));
  const postings = incidents.flatMap((incident) => incident.messages.filter((m) => m.channel === ACME_ROUTED).map((message) => ({ incident, message })));
  expect(postings).toHaveLength(1);
  return postings[0]!;
}

/**
 * Moves Pulse's clock past the time a claim must wait before it is reconciled (another process may
 * still be waiting for Slack's answer to it), as the next run would find it.
 */
function nextRunLater() {
  pulse.clock.now = new Date(pulse.clock.now.getTime() + RECONCILE_AFTER_MS);
}

/** Acknowledging the message from its button edits that very message. */
async function acknowledgeEdits(ts: string) {
  const message = pulse.standIn.message(CHANNELS.acme.id, ts);
  expect(elementOf(message, 'acknowledgeAlert')).toBeDefined();
  await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
  await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, ts)).includes(`Acknowledged by <@${USERS.acme.id}>`), undefined, 'the acknowledged message');
}

beforeEach(async () => {
  demo = await makeDemoFile();
  pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW });
});
afterEach(async () => {
  await pulse?.stop();
  demo?.remove();
});

describe('alert delivery when Slack fails mid-post', () => {
  it('posts once when Slack accepted a post but its answer was lost, records its ts at the next run, and it can be acknowledged', async () => {
    pulse.standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: CHANNELS.acme.id });
    const first = await pulse.jobs.runAlerts();
    expect(first?.failures).toEqual([expect.objectContaining({ kind: 'post', channel: ACME_ROUTED, unknown: true })]);
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message.ts).toBeNull();

    nextRunLater();
    const second = await pulse.jobs.runAlerts();
    expect(second).toMatchObject({ posted: 0, reconciled: 1, failures: [] });
    const [only] = topLevel(CHANNELS.acme);
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message).toMatchObject({ ts: only!.ts, channelId: CHANNELS.acme.id });
    expect(pulse.standIn.callsTo('conversations.history').at(-1)?.args).toMatchObject({ channel: CHANNELS.acme.id, include_all_metadata: 'true' });
    await acknowledgeEdits(only!.ts);
  });

  it('ends a run held by a hung post at its deadline, and reconciles the post rather than repeating it', async () => {
    pulse.standIn.failNext('chat.postMessage', { answer: 'hung' }, { channel: CHANNELS.acme.id });
    const run = pulse.jobs.runAlerts();
    await eventually(() => topLevel(CHANNELS.acme).length === 1, undefined, 'the hung post to arrive in the channel');
    await pulse.deadlines.advance(10_000);
    const first = await run;
    expect(first?.failures).toContainEqual(expect.objectContaining({ kind: 'post', channel: ACME_ROUTED, unknown: true, error: expect.stringMatching(/within 10 s/) }));

    nextRunLater();
    await pulse.jobs.runAlerts();
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message.ts).toBe(topLevel(CHANNELS.acme)[0]!.ts);
    for (const channel of Object.values(CHANNELS)) {
      const texts = topLevel(channel).map(messageText);
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it('posts exactly once at the next run what a killed process had claimed but not sent', async () => {
    pulse.standIn.failNext('chat.postMessage', { error: 'internal_error' }, { channel: CHANNELS.acme.id });
    await pulse.jobs.runAlerts();
    expect(topLevel(CHANNELS.acme)).toHaveLength(0);
    // The process was killed after claiming: a claim stands in the store, nothing reached Slack.
    const [incident] = (await pulse.services.store.loadForRun(new Date(DEMO_NOW.getTime() - 3_600_000))).filter((i) => i.tenantId === 'acme' && i.status === 'open');
    await pulse.services.store.claimPostings([{ incidentId: incident!.incidentId, fingerprint: incident!.fingerprint, channel: ACME_ROUTED, groupId: null, claimToken: 'clm_killed' }], [], DEMO_NOW);
    nextRunLater();

    const next = await pulse.jobs.runAlerts();
    expect(next?.failures).toEqual([]);
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message.ts).toBe(topLevel(CHANNELS.acme)[0]!.ts);
    await pulse.jobs.runAlerts();
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
  });

  it('posts what a killed process had claimed when Slack refuses to show the channel, rather than lose it', async () => {
    pulse.standIn.failNext('chat.postMessage', { error: 'internal_error' }, { channel: CHANNELS.acme.id });
    await pulse.jobs.runAlerts();
    const [incident] = (await pulse.services.store.loadForRun(new Date(DEMO_NOW.getTime() - 3_600_000))).filter((i) => i.tenantId === 'acme' && i.status === 'open');
    await pulse.services.store.claimPostings([{ incidentId: incident!.incidentId, fingerprint: incident!.fingerprint, channel: ACME_ROUTED, groupId: null, claimToken: 'clm_killed' }], [], DEMO_NOW);
    nextRunLater();
    pulse.standIn.failNext('conversations.history', { error: 'not_in_channel' }, { channel: CHANNELS.acme.id });

    const next = await pulse.jobs.runAlerts();
    expect(next?.failures).toEqual([]);
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message.ts).toBe(topLevel(CHANNELS.acme)[0]!.ts);
  });

  it('records, and does not post again, what a killed process had claimed and Slack had posted', async () => {
    pulse.standIn.failNext('chat.postMessage', { error: 'internal_error' }, { channel: CHANNELS.acme.id });
    await pulse.jobs.runAlerts();
    const [incident] = (await pulse.services.store.loadForRun(new Date(DEMO_NOW.getTime() - 3_600_000))).filter((i) => i.tenantId === 'acme' && i.status === 'open');
    await pulse.services.store.claimPostings([{ incidentId: incident!.incidentId, fingerprint: incident!.fingerprint, channel: ACME_ROUTED, groupId: null, claimToken: 'clm_killed' }], [], DEMO_NOW);
    nextRunLater();
    // The killed process's post reached Slack before it died.
    const client = createPostingClient(BOT_TOKEN, pulse.standIn.apiUrl, createLogger({ level: 'silent', format: 'json' }));
    const arrived = await client.chat.postMessage({
      channel: CHANNELS.acme.id, text: 'hubspot_acme failing', metadata: { event_type: 'pulse_alert', event_payload: { claim: 'clm_killed' } },
    });

    const next = await pulse.jobs.runAlerts();
    expect(next).toMatchObject({ reconciled: 1, failures: [] });
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message).toMatchObject({ ts: arrived.ts, claimToken: 'clm_killed' });
  });
});

describe('unconfirmed alert posts are settled within minutes, not at the next hourly run', () => {
  /** Cron expressions that do not come round during a test: only what the scheduler does by itself runs. */
  const quiet = { dashboardCron: '0 0 1 1 *', alertsCron: '0 0 1 1 *', timezone: 'UTC' };
  const silent = createLogger({ level: 'silent', format: 'json' });

  it('settles a post whose answer was lost without another alert run', async () => {
    pulse.standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: CHANNELS.acme.id });
    await pulse.jobs.runAlerts();
    nextRunLater();
    const settled = await pulse.jobs.reconcilePending();
    expect(settled).toMatchObject({ posted: 0, reconciled: 1, failures: [] });
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message.ts).toBe(topLevel(CHANNELS.acme)[0]!.ts);
  });

  it('settles at start-up what a killed process had claimed, and again a minute later while Slack cannot tell', async () => {
    pulse.standIn.failNext('chat.postMessage', { error: 'internal_error' }, { channel: CHANNELS.acme.id });
    await pulse.jobs.runAlerts();
    const [incident] = (await pulse.services.store.loadForRun(new Date(DEMO_NOW.getTime() - 3_600_000))).filter((i) => i.tenantId === 'acme' && i.status === 'open');
    await pulse.services.store.claimPostings([{ incidentId: incident!.incidentId, fingerprint: incident!.fingerprint, channel: ACME_ROUTED, groupId: null, claimToken: 'clm_killed' }], [], DEMO_NOW);
    nextRunLater();
    // The first look at the channel fails: whether the post arrived cannot be known yet.
    pulse.standIn.failNext('conversations.history', { status: 500 });
    const waits: number[] = [];
    const clock: Clock = { now: () => pulse.deadlines.now(), schedule: (ms, fire) => (waits.push(ms), pulse.deadlines.schedule(ms, fire)) };

    const scheduler = startScheduler(pulse.jobs, { ...quiet, logger: silent, clock });
    try {
      await eventually(() => waits.length === 1, undefined, 'a follow-up after the failed look');
      expect(topLevel(CHANNELS.acme)).toHaveLength(0);
      await pulse.deadlines.advance(waits[0]!);
      await eventually(() => topLevel(CHANNELS.acme).length === 1, undefined, 'the post at the follow-up');
    } finally {
      // Waits for the follow-up run to finish.
      await scheduler.stop();
    }
    expect(topLevel(CHANNELS.acme)).toHaveLength(1);
    expect((await acmePosting()).message.ts).toBe(topLevel(CHANNELS.acme)[0]!.ts);
    expect(waits).toEqual([60_000]);
  });
});

describe('a channel Slack rate limits', () => {
  it('gets its alerts once the Retry-After has passed, not at the next scheduled run, while acknowledgements keep working', async () => {
    pulse.standIn.failNext('chat.postMessage', { status: 429, retryAfter: 120 }, { channel: CHANNELS.acme.id });
    const waits: number[] = [];
    const running: Array<Promise<unknown>> = [];
    const clock: Clock = { now: () => pulse.deadlines.now(), schedule: (ms, fire) => (waits.push(ms), pulse.deadlines.schedule(ms, fire)) };
    const followUps = new FollowUps(pulse.jobs, clock, (_name, work) => void running.push(work()));
    try {
      const limited = await pulse.jobs.runAlerts();
      expect(limited?.failures).toEqual([expect.objectContaining({ kind: 'post', channel: ACME_ROUTED, retryAfterSeconds: 120 })]);
      followUps.after(limited);
      expect(waits).toEqual([120_000]);
      expect(topLevel(CHANNELS.acme)).toHaveLength(0);

      // Buttons answer on their own client: a limited channel does not hold them up.
      const globexAlert = topLevel(CHANNELS.globex).find((message) => elementOf(message, 'acknowledgeAlert'));
      await pulse.standIn.clickButton({ channelId: CHANNELS.globex.id, messageTs: globexAlert!.ts, actionId: 'acknowledgeAlert', userId: USERS.ops.id });
      await eventually(() => messageText(pulse.standIn.message(CHANNELS.globex.id, globexAlert!.ts)).includes(`Acknowledged by <@${USERS.ops.id}>`), undefined, 'the acknowledgement');

      await pulse.deadlines.advance(120_000);
      await eventually(() => running.length === 1, undefined, 'the follow-up run');
      await Promise.all(running);
      expect(topLevel(CHANNELS.acme)).toHaveLength(1);
      expect((await acmePosting()).message.ts).toBe(topLevel(CHANNELS.acme)[0]!.ts);
      expect(waits).toEqual([120_000]);
    } finally {
      followUps.stop();
    }
  });
});

describe('pending deliveries', () => {
  const healthz = async () => (await (await fetch(`http://127.0.0.1:${pulse.port}/healthz`)).json()) as { pendingDeliveries: { count: number; oldestAgeSeconds: number | null } };

  it('are told by /healthz with the oldest one\'s age until they are delivered', async () => {
    pulse.standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: CHANNELS.acme.id });
    await pulse.jobs.runAlerts();
    expect((await healthz()).pendingDeliveries).toEqual({ count: 1, oldestAgeSeconds: 0 });

    pulse.standIn.failNext('conversations.history', { status: 500 });
    pulse.clock.now = new Date(DEMO_NOW.getTime() + 120_000);
    await pulse.jobs.reconcilePending();
    expect((await healthz()).pendingDeliveries).toEqual({ count: 1, oldestAgeSeconds: 120 });

    await pulse.jobs.reconcilePending();
    expect((await healthz()).pendingDeliveries).toEqual({ count: 0, oldestAgeSeconds: null });
  });
});
