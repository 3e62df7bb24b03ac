import { topLevelMessages } from '../support/demoHarness';
import type { Incident } from '../../src/alerts/types';
import { startFivetranStandIn, type FivetranStandIn } from '../../src/preview/fivetran';
import type { RecordedResponse, StoredMessage } from '../../src/preview/standin';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, USERS, type Harness } from '../support/pulseHarness';
import { elementOf, messageText } from '../support/slackMessages';

const OPS_GROUP = 'S0OPSTEAM';

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let fivetran: FivetranStandIn;
let pulse: Harness;

const topLevel = (channel: { id: string }) => topLevelMessages(pulse, channel);
/** A single-incident alert message of a channel, with the incident it shows. */
async function alertIn(channel: { id: string }): Promise<{ message: StoredMessage; incident: Incident }> {
  const message = topLevel(channel).find((m) => elementOf(m, 'acknowledgeAlert') && elementOf(m, 'syncConnection'));
  expect(message).toBeDefined();
  const [incident] = await pulse.services.store.findByMessage(channel.id, message!.ts);
  return { message: message!, incident: incident! };
}

/** Presses a button as a person would and waits for Pulse's private answer. */
async function press(input: { channel: { id: string }; ts: string; actionId: string; userId: string; value?: string }): Promise<RecordedResponse> {
  const before = pulse.standIn.responses.length;
  await pulse.standIn.clickButton({ channelId: input.channel.id, messageTs: input.ts, actionId: input.actionId, userId: input.userId, ...(input.value !== undefined ? { value: input.value } : {}) });
  return eventually(() => pulse.standIn.responses[before], undefined, `the answer to ${input.actionId}`);
}

/** The newest message only this person sees in the acme channel: a command's answer. */
const latestPrivateTo = (userId: string) =>
  pulse.standIn.timeline(CHANNELS.acme.id).filter((m): m is StoredMessage => m.type === 'message' && m.ephemeralTo === userId).pop()!;
const answerText = (response: RecordedResponse) => JSON.stringify(response.body);
const threadNotes = (channel: { id: string }, ts: string) => pulse.standIn.replies(channel.id, ts).map((m) => m.text);
/** The audit trail's entries of actions on connections; `incidentId` null for those asked outside an alert. */
const auditOf = async (incidentId: string | null) =>
  (await pulse.services.store.listAudit(incidentId ? { incidentId } : {}))
    .filter((e) => e.action.endsWith('_requested') && (incidentId !== null || e.incidentId === null))
    .map((e) => ({ actor: e.actor, action: e.action, channel: e.channel, detail: JSON.parse(e.detail ?? '{}') as Record<string, unknown> }));

beforeAll(async () => {
  demo = await makeDemoFile();
  fivetran = await startFivetranStandIn({ apiKey: 'live-key', apiSecret: 'live-secret' });
  pulse = await startHarness({
    duckdbPath: demo.path,
    now: DEMO_NOW,
    env: { FIVETRAN_API_KEY: 'live-key', FIVETRAN_API_SECRET: 'live-secret', FIVETRAN_API_URL: fivetran.url, OPS_USERS: USERS.ops.id, OPS_USERGROUP: OPS_GROUP },
  });
  pulse.standIn.setUsergroup(OPS_GROUP, [USERS.acme.id]);
  // Fivetran's account holds the warehouse's connections, under the same ids.
  const { assessment } = await pulse.services.monitor.judge();
  fivetran.addConnections(assessment.connections.map((c) => ({ id: c.connectionId, groupId: c.destinationId, service: c.connectorType, schema: c.connectionName, paused: c.paused })));
  await pulse.jobs.runAlerts();
});
afterAll(async () => {
  await pulse?.stop();
  await fivetran?.close();
  demo?.remove();
});

describe('Sync now, Pause and Resume from Slack', () => {
  it('offers Sync now and Pause on an alert, each asking to confirm in words', async () => {
    const { message, incident } = await alertIn(CHANNELS.acme);
    const sync = elementOf(message, 'syncConnection') as { value?: string; confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string } } };
    expect(sync.value).toBe(`incident:${incident.incidentId}`);
    expect(sync.confirm?.title.text).toBe('Start a sync now?');
    expect(sync.confirm?.text.text).toContain(incident.connectionName);
    expect(sync.confirm?.confirm.text).toBe('Start sync');
    expect(elementOf(message, 'pauseConnection')).toMatchObject({ confirm: { title: { text: 'Pause this connection?' }, style: 'danger' } });
    expect(elementOf(message, 'resumeConnection')).toBeUndefined();
  });

  it("starts a sync for an ops user, answers privately, notes it in the alert's thread and in the audit trail", async () => {
    const { message, incident } = await alertIn(CHANNELS.acme);
    const answer = await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.ops.id });
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answerText(answer)).toContain('Fivetran started a sync of');
    expect(fivetran.requestCount({ route: 'sync' })).toBe(1);
    expect(fivetran.runningSync(incident.connectionId!)).not.toBeNull();
    await eventually(() => threadNotes(CHANNELS.acme, message.ts).includes(`:arrows_counterclockwise: Sync started by <@${USERS.ops.id}>`), undefined, 'the note in the thread');
    expect(await auditOf(incident.incidentId)).toContainEqual({ actor: USERS.ops.id, action: 'sync_requested', channel: CHANNELS.acme.id, detail: { connection: incident.connectionId, outcome: 'started' } });
  });

  it('refuses someone outside the ops team, audits it, and asks nothing of Fivetran', async () => {
    const { message, incident } = await alertIn(CHANNELS.acme);
    const requests = fivetran.requests.length;
    const notes = threadNotes(CHANNELS.acme, message.ts).length;
    const answer = await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.stranger.id });
    expect(answerText(answer)).toContain('Only the ops team may sync, pause or resume connections from Slack');
    expect(fivetran.requests.length).toBe(requests);
    expect(threadNotes(CHANNELS.acme, message.ts)).toHaveLength(notes);
    expect(await auditOf(incident.incidentId)).toContainEqual(
      expect.objectContaining({ actor: USERS.stranger.id, action: 'sync_requested', detail: expect.objectContaining({ connection: incident.connectionId, outcome: 'not_allowed' }) }),
    );
  });

  it('lets a member of the ops user group act, reading its members once for many presses', async () => {
    const { message } = await alertIn(CHANNELS.acme);
    for (let i = 0; i < 3; i += 1) {
      expect(answerText(await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.acme.id }))).toContain('Fivetran started a sync of');
    }
    await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.stranger.id });
    // One read for every press in this file (the stranger's refusal above read it too): the rest used what was read.
    expect(pulse.standIn.callsTo('usergroups.users.list')).toHaveLength(1);
  });

  it('refuses a button value Pulse did not make, and asks nothing of Fivetran', async () => {
    const { message } = await alertIn(CHANNELS.acme);
    const requests = fivetran.requests.length;
    for (const value of ['incident:inc_not-an-id', 'connection:../../v1/webhooks', 'sync everything', '']) {
      expect(answerText(await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.ops.id, value }))).toContain('That button was not one Pulse made');
    }
    expect(answerText(await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.ops.id, value: `incident:inc_${'0'.repeat(20)}` }))).toContain('Pulse knows no such alert');
    expect(fivetran.requests.length).toBe(requests);
  });

  it("keeps a tenant's channel to its own connections, by button and by command", async () => {
    const { message } = await alertIn(CHANNELS.acme);
    const { incident: globex } = await alertIn(CHANNELS.globex);
    const requests = fivetran.requests.length;
    expect(answerText(await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'pauseConnection', userId: USERS.ops.id, value: `incident:${globex.incidentId}` }))).toContain('This channel cannot act on that alert.');
    expect(answerText(await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'pauseConnection', userId: USERS.ops.id, value: `connection:${globex.connectionId}` }))).toContain('This channel cannot act on that connection.');
    const { answer } = await pulse.command(`pause ${globex.connectionId}`, CHANNELS.acme, USERS.ops.id);
    expect(JSON.stringify(answer.body)).toContain(`No connection \\"${globex.connectionId}\\" here.`);
    expect(JSON.stringify(answer.body)).not.toContain('pauseConnection');
    expect(fivetran.requests.length).toBe(requests);
  });

  it("settles Fivetran's 500 after a pause by reading the connection back, never pausing twice, and then offers Resume", async () => {
    const { message, incident } = await alertIn(CHANNELS.acme);
    fivetran.inject({ kind: 'pauseThen500' });
    const from = fivetran.requests.length;
    const answer = await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'pauseConnection', userId: USERS.ops.id });
    expect(answerText(answer)).toContain('Fivetran paused');
    expect(fivetran.requests.slice(from).map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual(['PATCH patch 500', 'GET get 200']);
    expect(fivetran.connection(incident.connectionId!)).toMatchObject({ paused: true });
    await eventually(() => threadNotes(CHANNELS.acme, message.ts).includes(`:double_vertical_bar: Paused by <@${USERS.ops.id}>`), undefined, 'the note in the thread');
    await eventually(() => elementOf(pulse.standIn.message(CHANNELS.acme.id, message.ts), 'resumeConnection'), undefined, 'Resume on the alert');
    expect(elementOf(pulse.standIn.message(CHANNELS.acme.id, message.ts), 'pauseConnection')).toBeUndefined();
    expect(await auditOf(incident.incidentId)).toContainEqual({ actor: USERS.ops.id, action: 'pause_requested', channel: CHANNELS.acme.id, detail: { connection: incident.connectionId, outcome: 'paused' } });
  });

  it("tells Fivetran's refusal in its words, in the answer, the thread and the audit trail", async () => {
    const { message, incident } = await alertIn(CHANNELS.acme);
    // The connection is paused now: Fivetran (the stand-in) refuses to sync it.
    const answer = await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.ops.id });
    expect(answerText(answer)).toContain('Fivetran refused to start a sync of');
    await eventually(() => threadNotes(CHANNELS.acme, message.ts).some((note) => note.startsWith(`Sync requested by <@${USERS.ops.id}>: Fivetran refused`)), undefined, 'the refusal in the thread');
    expect(await auditOf(incident.incidentId)).toContainEqual(
      expect.objectContaining({ action: 'sync_requested', detail: expect.objectContaining({ outcome: 'refused', message: expect.stringContaining('Fivetran refused') }) }),
    );
  });

  it('says so when Fivetran did not answer, and never asks again by itself', async () => {
    const { message, incident } = await alertIn(CHANNELS.acme);
    fivetran.inject({ kind: 'status', status: 500, route: 'sync' });
    const from = fivetran.requests.length;
    const answer = await press({ channel: CHANNELS.acme, ts: message.ts, actionId: 'syncConnection', userId: USERS.ops.id });
    expect(answerText(answer)).toContain('Fivetran did not answer in time; check the connection before trying again.');
    expect(fivetran.requests.slice(from).map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual(['POST sync 500']);
    await eventually(
      () => threadNotes(CHANNELS.acme, message.ts).includes(`Sync requested by <@${USERS.ops.id}>: Fivetran did not confirm in time; check the connection before trying again`),
      undefined,
      'the unknown outcome in the thread',
    );
    expect(await auditOf(incident.incidentId)).toContainEqual(expect.objectContaining({ action: 'sync_requested', detail: { connection: incident.connectionId, outcome: 'unknown' } }));
  });

  it('answers /fivetran sync <connection> with the button to confirm, for the ops team only', async () => {
    const { incident } = await alertIn(CHANNELS.acme);
    const refused = await pulse.command(`sync ${incident.connectionId}`, CHANNELS.acme, USERS.stranger.id);
    expect(JSON.stringify(refused.answer.body)).toContain('Only the ops team may sync');

    const { answer } = await pulse.command(`sync ${incident.connectionName}`, CHANNELS.acme, USERS.ops.id);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    const prompt = latestPrivateTo(USERS.ops.id);
    expect(elementOf(prompt, 'syncConnection')).toMatchObject({ value: `connection:${incident.connectionId}`, confirm: { confirm: { text: 'Start sync' } } });
    // Paused above: resume it from the command, through its button.
    await pulse.command(`resume ${incident.connectionId}`, CHANNELS.acme, USERS.ops.id);
    const resumePrompt = latestPrivateTo(USERS.ops.id);
    expect(messageText(resumePrompt)).toContain('resumeConnection');
    const pressed = await press({ channel: CHANNELS.acme, ts: resumePrompt.ts, actionId: 'resumeConnection', userId: USERS.ops.id });
    expect(answerText(pressed)).toContain('Fivetran resumed');
    expect(fivetran.connection(incident.connectionId!)).toMatchObject({ paused: false });
    expect(await auditOf(null)).toContainEqual({ actor: USERS.ops.id, action: 'resume_requested', channel: CHANNELS.acme.id, detail: { connection: incident.connectionId, outcome: 'resumed' } });
  });

  it("shows the buttons on a connection's details too", async () => {
    const { incident } = await alertIn(CHANNELS.acme);
    const { answer } = await pulse.command(`status ${incident.connectionId}`, CHANNELS.acme, USERS.ops.id);
    const text = JSON.stringify(answer.body);
    expect(text).toContain(`"action_id":"syncConnection"`);
    expect(text).toContain(`connection:${incident.connectionId}`);
  });
});
