import { createRandom, type Random } from '../../src/demo/random';
import { acknowledgeAlert } from '../../src/alerts/acknowledgeAlert';
import { applyMessageChanges } from '../../src/alerts/applyMessageChanges';
import type { Incident } from '../../src/alerts/types';
import { alertMessenger } from '../../src/jobs/alertMessenger';
import { startMonitor } from '../../src/jobs/monitor';
import { createPulseJobs, type PulseJobs } from '../../src/jobs/pulseJobs';
import { startServices, type PulseServices } from '../../src/jobs/services';
import { createPostingClient, webClientPoster } from '../../src/jobs/webClientPoster';
import { createLogger } from '../../src/log/logger';
import type { Fault, StoredMessage } from '../../src/preview/standin';
import type { SlackPoster } from '../../src/jobs/slackPoster';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { BOT_TOKEN, CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { messageText } from '../support/slackMessages';

/**
 * A soak of alert delivery: many alert cycles on changing data (connections failing, recovering,
 * failing again; incidents acknowledged), with Slack failing at random from a fixed seed (answers
 * lost or late, calls hung, 429 with Retry-After, 500) and Pulse restarted now and then (new services
 * over the same state). Then Slack recovers, the delivery loop settles, and the alert state and the
 * stand-in's channels must agree exactly. Real jobs, real DuckDB, the real Web API client against
 * the Slack stand-in over loopback HTTP; time moves only by hand.
 */

const SEED = 20261130;
const CYCLES = 24;
const CYCLE_MS = 7 * 60_000;
const CALL_DEADLINE_MS = 10_000;
const ALERT_CHANNELS = [CHANNELS.ops, CHANNELS.acme, CHANNELS.acmeEu, CHANNELS.globex];
const silent = createLogger({ level: 'silent', format: 'json' });

interface Process {
  services: PulseServices;
  jobs: PulseJobs;
  poster: SlackPoster;
}

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let pulse: Harness;

beforeAll(async () => {
  demo = await makeDemoFile();
  pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, env: { ALERT_REPEAT_HOURS: '1' } });
});
afterAll(async () => {
  await pulse?.stop();
  demo?.remove();
});

/** A Pulse process over the harness's warehouse and state: what a restart makes afresh. */
async function startProcess(): Promise<Process> {
  const clock = () => pulse.clock.now;
  const config = pulse.services.config;
  const services = await startServices(config, await startMonitor(config, pulse.services.monitor.warehouse, silent, clock), silent, clock);
  const poster = webClientPoster(createPostingClient(BOT_TOKEN, pulse.standIn.apiUrl, silent, CALL_DEADLINE_MS / 1000), {
    callTimeoutSeconds: CALL_DEADLINE_MS / 1000,
    clock: pulse.deadlines,
  });
  return { services, poster, jobs: createPulseJobs(services, poster, { sleep: async () => undefined, minIntervalMs: 0 }) };
}

/**
 * Carries work through to its end, passing each call deadline when a call is left without an
 * answer (a hung or lost one): waits for events, never for time.
 */
async function drive<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  settled.catch(() => undefined);
  const unanswered = () => pulse.standIn.calls.filter((call) => call.status === 0).length;
  let handled = unanswered();
  for (;;) {
    await eventually(() => done || unanswered() > handled, undefined, 'the work to finish or a call to go unanswered');
    if (done) return settled;
    handled = unanswered();
    await pulse.deadlines.advance(CALL_DEADLINE_MS);
  }
}

async function logSync(connectionId: string, at: Date, status: 'SUCCESSFUL' | 'FAILURE', id: string): Promise<void> {
  const data = status === 'FAILURE' ? { status, reason: 'FATAL: too many connections for role "fivetran"' } : { status };
  await pulse.services.monitor.warehouse.query(
    `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
     VALUES (?, ?::TIMESTAMP, ?, 'INFO', 'sync_end', ?, ?, ?::TIMESTAMP)`,
    [id, at.toISOString(), connectionId, JSON.stringify(data), id, at.toISOString()],
    { tag: 'test:soak' },
  );
}

function randomFault(random: Random): Fault {
  return random.pick<Fault>([
    { answer: 'lost' },
    { answer: 'hung', accepted: true },
    { answer: 'hung', accepted: false },
    { status: 429, retryAfter: random.pick([30, 120, 300]) },
    { status: 500 },
  ]);
}

const isAlertMessage = (message: StoredMessage, eventType: string) => (message.metadata as { event_type?: string } | undefined)?.event_type === eventType;
const payloadOf = (message: StoredMessage) => (message.metadata as { event_payload?: Record<string, string> }).event_payload ?? {};

describe('alert delivery under random faults, restarts and changing data', () => {
  it('ends with the alert state and the channels in exact agreement once Slack recovers', async () => {
    // The demo's seeded generator: the same faults and changes on every run.
    const random = createRandom(SEED);
    const connections = (
      await pulse.services.monitor.warehouse.query(`SELECT connection_id FROM FIVETRAN_LOG.CONNECTION WHERE connector_type_id <> 'fivetran_log' ORDER BY connection_id`, [], { tag: 'test:soak' })
    ).map((row) => String(row.connection_id));
    let process = await startProcess();
    let restarts = 0;

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const now = new Date(DEMO_NOW.getTime() + cycle * CYCLE_MS);
      pulse.clock.now = now;
      if (cycle > 0 && random.chance(0.15)) {
        process = await startProcess();
        restarts += 1;
      }
      for (let change = random.int(1, 3); change > 0; change -= 1) {
        await logSync(random.pick(connections), new Date(now.getTime() - 30_000), random.chance(0.5) ? 'FAILURE' : 'SUCCESSFUL', `soak-${cycle}-${change}`);
      }
      for (let fault = random.int(0, 3); fault > 0; fault -= 1) {
        const method = random.pick(['chat.postMessage', 'chat.postMessage', 'chat.update', 'conversations.history', 'conversations.replies']);
        pulse.standIn.failNext(method, randomFault(random), { channel: random.pick(ALERT_CHANNELS).id });
      }
      await drive(process.jobs.runAlerts());

      if (random.chance(0.35)) {
        const open = (await process.services.store.listActive()).filter((incident) => incident.status === 'open' && incident.messages.some((m) => m.ts !== null));
        if (open.length > 0) {
          const incident = random.pick(open);
          // What an Acknowledge press does: the acknowledgement is stored, then the messages edited.
          const result = await acknowledgeAlert(process.services.store, { target: { incidentId: incident.incidentId }, userId: 'U0OPS', now });
          await drive(applyMessageChanges(alertMessenger(process.poster), result, silent, { store: process.services.store, now }));
        }
      }
      if (random.chance(0.5)) {
        pulse.clock.now = new Date(now.getTime() + CYCLE_MS / 2);
        await drive(process.jobs.reconcilePending());
      }
    }

    // Slack recovers: the delivery loop and the hourly runs settle what is left.
    pulse.standIn.clearFaults();
    process = await startProcess();
    let at = DEMO_NOW.getTime() + CYCLES * CYCLE_MS;
    for (let round = 0; round < 12; round += 1) {
      at += 16 * 60_000;
      pulse.clock.now = new Date(at);
      await drive(process.jobs.runAlerts());
      await drive(process.jobs.reconcilePending());
      if ((await process.services.store.listPendingDeliveries()).length === 0) break;
    }
    expect(await process.services.store.listPendingDeliveries()).toEqual([]);
    expect(restarts).toBeGreaterThan(0);
    expect(pulse.standIn.calls.filter((call) => call.status === 0).length).toBeGreaterThan(0);
    expect(pulse.standIn.calls.filter((call) => call.status === 429).length).toBeGreaterThan(0);

    await expectStateAndChannelsAgree(process.services);
  }, 240_000);
});

async function expectStateAndChannelsAgree(services: PulseServices): Promise<void> {
  const incidents = await services.store.loadForRun(new Date(0));
  const audit = await services.store.listAudit({ limit: 10_000 });
  const byId = new Map<string, Incident>(incidents.map((incident) => [incident.incidentId, incident]));
  let resolvedChecked = 0;

  for (const channel of ALERT_CHANNELS) {
    const posted = pulse.standIn.messages(channel.id).filter((message) => isAlertMessage(message, 'pulse_alert'));
    const postings = incidents.flatMap((incident) => incident.messages.filter((m) => m.channelId === channel.id || pulse.standIn.findChannel(m.channel)?.id === channel.id).map((message) => ({ incident, message })));

    // Every stored posting is confirmed, and its message is in the channel under its claim.
    for (const { message } of postings) {
      expect(message.ts).not.toBeNull();
      const inSlack = pulse.standIn.message(channel.id, message.ts!);
      expect(inSlack && payloadOf(inSlack).claim).toBe(message.claimToken);
    }
    // Every alert message in the channel is one stored claim: nothing posted twice, nothing unrecorded.
    const claims = posted.map((message) => payloadOf(message).claim);
    expect(new Set(claims).size).toBe(claims.length);
    expect(new Set(claims)).toEqual(new Set(postings.map(({ message }) => message.claimToken)));
    // An incident is in each channel at most once.
    const perIncident = postings.map(({ incident }) => incident.incidentId);
    expect(new Set(perIncident).size).toBe(perIncident.length);

    for (const { incident, message } of postings) {
      const text = messageText(pulse.standIn.message(channel.id, message.ts!));
      const thread = pulse.standIn.replies(channel.id, message.ts!);
      // No note or reminder twice: each delivery's token is in its thread once.
      const tokens = thread.filter((reply) => isAlertMessage(reply, 'pulse_alert_note')).map((reply) => payloadOf(reply).delivery);
      expect(new Set(tokens).size).toBe(tokens.length);
      if (message.groupId !== null) continue;
      const name = incident.connectionName ?? 'monitoring data';
      if (incident.status === 'acknowledged') expect(text).toContain(`Acknowledged by <@${incident.ackedBy}>`);
      if (incident.status === 'open') expect(text).not.toMatch(/Acknowledged by|Resolved/);
      // Each resolution told once in its thread, each time it fired again too.
      const resolutions = audit.filter((entry) => entry.incidentId === incident.incidentId && entry.action === 'resolved' && entry.at >= (message.postedAt ?? '')).length;
      const told = thread.filter((reply) => messageText(reply).includes('Resolved:') && messageText(reply).includes(name)).length;
      if (incident.status === 'resolved') {
        expect(text).toContain('Resolved');
        expect(resolutions).toBeGreaterThan(0);
        resolvedChecked += 1;
      }
      expect(told).toBe(resolutions);
      expect(byId.get(incident.incidentId)).toBeDefined();
    }
  }
  expect(resolvedChecked).toBeGreaterThan(0);
  // Every open incident is in the ops channel, which gets every alert; some were acknowledged on the way.
  const inOps = (incident: Incident) => incident.messages.some((m) => m.channelId === CHANNELS.ops.id && m.ts !== null);
  expect(incidents.filter((incident) => incident.status === 'open' && !inOps(incident))).toEqual([]);
  expect(incidents.filter((incident) => incident.status === 'open').length).toBeGreaterThan(0);
  expect(incidents.filter((incident) => incident.status === 'acknowledged').length).toBeGreaterThan(0);
}
