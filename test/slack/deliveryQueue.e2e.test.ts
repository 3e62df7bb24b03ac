import { captureIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { startScheduler } from '../../src/jobs/scheduler';
import { createLogger } from '../../src/log/logger';
import type { StoredMessage } from '../../src/preview/standin';
import type { Clock } from '../../src/warehouse/deadline';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, USERS, type Harness } from '../support/pulseHarness';
import { messageText } from '../support/slackMessages';

/**
 * Edits, thread notes and reminders Slack cannot take at once wait in the stored delivery queue and
 * arrive once within minutes: the real Slack app over loopback HTTP against the Slack stand-in, on a
 * real DuckDB demo file whose LOG the tests write into as Fivetran would.
 */

/** hubspot_acme: the demo's failing connection of tenant acme, posted to #acme-data. */
const FAILING = { id: 'spry_kestrel', name: 'hubspot_acme' };
const minutes = (n: number) => new Date(DEMO_NOW.getTime() + n * 60_000);

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let pulse: Harness;

beforeEach(async () => {
  demo = await makeDemoFile();
  pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, env: { ALERT_REPEAT_HOURS: '1' } });
});
afterEach(async () => {
  await pulse?.stop();
  demo?.remove();
});

async function runAt(at: Date) {
  pulse.clock.now = at;
  return (await pulse.jobs.runAlerts())!;
}

/** The delivery loop's pass at a later time, as the scheduler's follow-up makes it. */
async function loopAt(at: Date) {
  pulse.clock.now = at;
  return (await pulse.jobs.reconcilePending())!;
}

/** A sync of the failing connection that succeeded: its incident resolves at the next run. */
async function recovers(at: Date): Promise<void> {
  await pulse.services.monitor.warehouse.query(
    `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
     VALUES (?, ?::TIMESTAMP, ?, 'INFO', 'sync_end', '{"status":"SUCCESSFUL"}', ?, ?::TIMESTAMP)`,
    [`ok-${at.getTime()}`, at.toISOString(), FAILING.id, `ok-${at.getTime()}`, at.toISOString()],
    { tag: 'test:log' },
  );
}

function failingMessage(): StoredMessage {
  const [message] = pulse.standIn.messages(CHANNELS.acme.id).filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && messageText(m).includes(FAILING.name));
  expect(message).toBeDefined();
  return message!;
}

/** Waits for a condition only a request can tell, asking again until it holds (as `eventually` does). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  let holds = false;
  await eventually(() => {
    void check().then((value) => {
      holds ||= value;
    });
    return holds;
  }, undefined, what);
}

const replies = (ts: string) => pulse.standIn.replies(CHANNELS.acme.id, ts);
const healthz = async () => ((await (await fetch(`http://127.0.0.1:${pulse.port}/healthz`)).json()) as { pendingDeliveries: { count: number; oldestAgeSeconds: number | null } }).pendingDeliveries;

describe('edits and thread notes Slack cannot take at once', () => {
  it('wait in the queue while their channel is rate limited, untried, and arrive once after Retry-After, not at the next hourly run', async () => {
    await runAt(DEMO_NOW);
    const message = failingMessage();
    await recovers(minutes(-0.5));
    pulse.standIn.failNext('chat.update', { status: 429, retryAfter: 120 }, { channel: CHANNELS.acme.id });
    const notesBefore = pulse.standIn.callsTo('chat.postMessage').length;

    const run = await runAt(DEMO_NOW);
    expect(run.resolved).toBe(1);
    expect(run.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'edit', channel: '#acme-data', retryAfterSeconds: 120 }),
        expect.objectContaining({ kind: 'note', channel: '#acme-data', error: expect.stringMatching(/deferred/) }),
      ]),
    );
    // The limited channel's note was not even tried in that run; the ops channel got its edit and note.
    expect(pulse.standIn.callsTo('chat.postMessage').slice(notesBefore).filter((call) => call.args.channel === CHANNELS.acme.id)).toEqual([]);
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, message.ts))).not.toContain('Resolved');
    expect(run.nextDeliveryInMs).toBe(120_000);
    expect(await healthz()).toEqual({ count: 2, oldestAgeSeconds: 0 });

    const early = await loopAt(minutes(1));
    expect(early).toMatchObject({ edited: 0, failures: [] });
    const settled = await loopAt(minutes(2));
    expect(settled).toMatchObject({ edited: 1, failures: [], nextDeliveryInMs: null });
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, message.ts))).toContain('Resolved');
    expect(replies(message.ts).map(messageText)).toEqual([expect.stringContaining(FAILING.name)]);
    expect(await healthz()).toEqual({ count: 0, oldestAgeSeconds: null });

    await loopAt(minutes(20));
    await runAt(minutes(60));
    expect(replies(message.ts)).toHaveLength(1);
  });

  it('finds a thread note whose answer was lost in its thread by its metadata, and never writes it twice', async () => {
    await runAt(DEMO_NOW);
    const message = failingMessage();
    await recovers(minutes(-0.5));
    pulse.standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: CHANNELS.acme.id });
    const run = await runAt(DEMO_NOW);
    expect(run.failures).toEqual([expect.objectContaining({ kind: 'note', channel: '#acme-data', unknown: true })]);
    expect(replies(message.ts)).toHaveLength(1);
    expect(await healthz()).toEqual({ count: 1, oldestAgeSeconds: 0 });

    // Younger than a minute, another process may still await its answer: it is left alone.
    await loopAt(minutes(0.5));
    expect(pulse.standIn.callsTo('conversations.replies')).toEqual([]);
    await loopAt(minutes(1));
    expect(pulse.standIn.callsTo('conversations.replies').at(-1)?.args).toMatchObject({ channel: CHANNELS.acme.id, ts: message.ts, include_all_metadata: 'true' });
    expect(replies(message.ts)).toHaveLength(1);
    expect(await healthz()).toEqual({ count: 0, oldestAgeSeconds: null });
  });

  it('writes a note again whose call hung and never reached Slack, once, after looking for it', async () => {
    await runAt(DEMO_NOW);
    const message = failingMessage();
    await recovers(minutes(-0.5));
    pulse.standIn.failNext('chat.postMessage', { answer: 'hung', accepted: false }, { channel: CHANNELS.acme.id });
    const running = runAt(DEMO_NOW);
    await eventually(() => pulse.standIn.callsTo('chat.postMessage').some((call) => call.status === 0), undefined, 'the hung note');
    await pulse.deadlines.advance(10_000);
    const run = await running;
    expect(run.failures).toEqual([expect.objectContaining({ kind: 'note', unknown: true, error: expect.stringMatching(/within 10 s/) })]);
    expect(replies(message.ts)).toHaveLength(0);

    await loopAt(minutes(1));
    expect(replies(message.ts).map(messageText)).toEqual([expect.stringContaining(FAILING.name)]);
    await loopAt(minutes(10));
    expect(replies(message.ts)).toHaveLength(1);
  });

  it('does not count a reminder whose answer is unknown as sent, writes no second one meanwhile, and counts it once found', async () => {
    await runAt(DEMO_NOW);
    const message = failingMessage();
    pulse.standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: CHANNELS.acme.id });
    const run = await runAt(minutes(61));
    expect(run.failures).toEqual([expect.objectContaining({ kind: 'remind', unknown: true })]);
    const posting = async () => (await pulse.services.store.findByMessage(CHANNELS.acme.id, message.ts)).flatMap((incident) => incident.messages.filter((m) => m.ts === message.ts));
    expect((await posting()).map((m) => m.remindedAt)).toEqual([null]);

    await loopAt(minutes(61.5));
    expect((await posting()).map((m) => m.remindedAt)).toEqual([null]);
    // The next hourly run would remind again: the reminder waiting in the queue stands for it, and is found.
    await runAt(minutes(121));
    expect(replies(message.ts)).toHaveLength(1);
    expect((await posting()).map((m) => m.remindedAt)).toEqual([minutes(121).toISOString()]);
    await loopAt(minutes(125));
    expect(replies(message.ts)).toHaveLength(1);
  });
});

describe('the delivery loop', () => {
  /** Cron expressions that do not come round during a test: only what the scheduler does by itself runs. */
  const quiet = { dashboardCron: '0 0 1 1 *', alertsCron: '0 0 1 1 *', timezone: 'UTC' };

  it('picks the queue up at start-up and sends what waits as soon as it is due, by itself', async () => {
    await runAt(DEMO_NOW);
    const message = failingMessage();
    await recovers(minutes(-0.5));
    pulse.standIn.failNext('chat.update', { status: 429, retryAfter: 120 }, { channel: CHANNELS.acme.id });
    await runAt(DEMO_NOW);
    const waits: number[] = [];
    const clock: Clock = { now: () => pulse.deadlines.now(), schedule: (ms, fire) => (waits.push(ms), pulse.deadlines.schedule(ms, fire)) };

    // A process starting now (as after a restart) finds the edit and the note waiting.
    const scheduler = startScheduler(pulse.jobs, { ...quiet, logger: createLogger({ level: 'silent', format: 'json' }), clock });
    try {
      await eventually(() => waits.includes(120_000), undefined, 'the loop to plan the next try at the Retry-After');
      pulse.clock.now = minutes(2);
      await pulse.deadlines.advance(120_000);
      await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, message.ts)).includes('Resolved'), undefined, 'the edit');
      await eventually(() => replies(message.ts).length === 1, undefined, 'the note');
    } finally {
      await scheduler.stop();
    }
    expect(await healthz()).toEqual({ count: 0, oldestAgeSeconds: null });
  });
});

describe('acknowledgement buttons while the message cannot be edited', () => {
  it('store and answer the acknowledgement at once, and the delivery loop edits the message within minutes', async () => {
    await runAt(DEMO_NOW);
    const message = failingMessage();
    pulse.standIn.failNext('chat.update', { error: 'internal_error' }, { channel: CHANNELS.acme.id });
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: message.ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
    await eventually(() => pulse.standIn.callsTo('chat.update').some((call) => call.args.channel === CHANNELS.acme.id && call.error === 'internal_error'), undefined, 'the refused edit');
    await until(async () => (await healthz()).count === 1, 'the edit in the queue');
    const [incident] = await pulse.services.store.findByMessage(CHANNELS.acme.id, message.ts);
    expect(incident).toMatchObject({ status: 'acknowledged', ackedBy: USERS.acme.id });
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, message.ts))).not.toContain('Acknowledged by');

    await loopAt(minutes(1));
    expect(messageText(pulse.standIn.message(CHANNELS.acme.id, message.ts))).toContain(`Acknowledged by <@${USERS.acme.id}>`);
    expect(await healthz()).toEqual({ count: 0, oldestAgeSeconds: null });
  });
});

describe('a post Slack refuses', () => {
  it('is counted as pending from the alert state, keeping its age while Slack keeps refusing it, until a run posts it', async () => {
    pulse.standIn.failNext('chat.postMessage', { error: 'not_in_channel' }, { channel: CHANNELS.acme.id });
    await runAt(DEMO_NOW);
    expect(await healthz()).toEqual({ count: 1, oldestAgeSeconds: 0 });
    pulse.standIn.failNext('chat.postMessage', { error: 'not_in_channel' }, { channel: CHANNELS.acme.id });
    await runAt(minutes(60));
    expect(await healthz()).toEqual({ count: 1, oldestAgeSeconds: 3600 });
    await runAt(minutes(120));
    expect(failingMessage()).toBeDefined();
    expect(await healthz()).toEqual({ count: 0, oldestAgeSeconds: null });
  });
});

describe('pending deliveries in check', () => {
  it('are said in words by /fivetran check and the CLI, and counted in check --json, as /healthz counts them', async () => {
    await runAt(DEMO_NOW);
    await recovers(minutes(-0.5));
    pulse.standIn.failNext('chat.postMessage', { answer: 'lost' }, { channel: CHANNELS.acme.id });
    await runAt(DEMO_NOW);
    pulse.clock.now = minutes(3);
    expect(await healthz()).toEqual({ count: 1, oldestAgeSeconds: 180 });

    const { answer } = await pulse.command('check');
    const slackText = JSON.stringify(answer.body);
    expect(slackText).toContain('*Alert deliveries*');
    expect(slackText).toContain('1 alert message, edit or note waiting for Slack, the oldest for 3 min');

    const io = captureIo();
    expect(await runCli(['check', '--at', minutes(3).toISOString()], { ...io, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' } })).toBe(0);
    expect(io.out()).toMatch(/Alert deliveries\s+1 alert message, edit or note waiting for Slack, the oldest for 3 min/);
    const json = captureIo();
    expect(await runCli(['check', '--json', '--at', minutes(3).toISOString()], { ...json, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' } })).toBe(0);
    expect((JSON.parse(json.out()) as { pendingDeliveries: unknown }).pendingDeliveries).toEqual({ count: 1, oldestAgeSeconds: 180 });

    await loopAt(minutes(3));
    const after = captureIo();
    await runCli(['check', '--at', minutes(3).toISOString()], { ...after, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' } });
    expect(after.out()).toMatch(/Alert deliveries\s+none: Slack has every alert message, edit and note/);
  });
});
