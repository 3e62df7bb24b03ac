import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type WebAPIHTTPError } from '@slack/web-api';

import { startSlackStandIn, type SlackStandIn } from '../../../src/preview/standin';
import { BOT_TOKEN, SIGNING_SECRET, eventually, startMinimalBoltApp, type MinimalApp } from '../support/minimalBoltApp';

const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };
const ME = { id: 'U0ALICE001', name: 'alice' };

describe('Slack stand-in with a real Bolt app over HTTP', () => {
  let standIn: SlackStandIn;
  let bolt: MinimalApp;

  beforeEach(async () => {
    standIn = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: [OPS], users: [ME] });
    bolt = await startMinimalBoltApp({ standIn, retryConfig: { retries: 2, factor: 1, minTimeout: 5, maxTimeout: 5 } });
  });

  afterEach(async () => {
    await bolt.stop();
    await standIn.close();
  });

  it('delivers a signed slash command and shows the respond() answer only to the person who typed it', async () => {
    const ack = await standIn.slashCommand({ command: '/fivetran', text: 'status acme', channelId: OPS.id, userId: ME.id });
    expect(ack).toEqual({ status: 200, body: '', via: 'http' });

    const answer = await eventually(() => standIn.timeline(OPS.id).find((entry) => entry.type === 'message'), 'the answer');
    expect(answer).toMatchObject({ text: 'You asked for *status* with acme.', ephemeralTo: ME.id, via: 'response_url' });
    expect(standIn.responses).toHaveLength(1);
    expect(standIn.responses[0]).toMatchObject({ status: 200, ok: true, body: { text: 'You asked for *status* with acme.' } });
    // Ephemeral answers are not part of the channel's history.
    expect(standIn.messages(OPS.id)).toEqual([]);
    expect(bolt.errors).toEqual([]);
  });

  it('posts in_channel answers for everyone and replaces the last answer with replace_original', async () => {
    await standIn.slashCommand({ command: '/fivetran', text: 'announce maintenance tonight', channelId: OPS.id });
    const announcement = await eventually(() => standIn.messages(OPS.id)[0], 'the announcement');
    expect(announcement.text).toBe('Announcement: maintenance tonight');
    expect(announcement.ephemeralTo).toBeUndefined();

    await standIn.slashCommand({ command: '/fivetran', text: 'progress', channelId: OPS.id });
    await eventually(() => standIn.responses.length === 3, 'both progress answers');
    const ephemeral = standIn.timeline(OPS.id).filter((entry) => entry.type === 'message' && entry.ephemeralTo === ME.id);
    expect(ephemeral).toHaveLength(1);
    expect(ephemeral[0]).toMatchObject({ text: ':white_check_mark: Done.' });
  });

  it('presses a button and the app updates the message in place, then replies in its thread', async () => {
    await standIn.slashCommand({ command: '/fivetran', text: 'alert Salesforce broken', channelId: OPS.id });
    const alert = await eventually(() => standIn.messages(OPS.id)[0], 'the alert');
    expect(alert.blocks?.[0]).toMatchObject({ type: 'header', text: { text: 'Salesforce broken' } });

    const ack = await standIn.clickButton({ channelId: OPS.id, messageTs: alert.ts, actionId: 'ack_alert', userId: ME.id });
    expect(ack.status).toBe(200);

    const updated = await eventually(() => {
      const current = standIn.message(OPS.id, alert.ts);
      return current?.text.startsWith('Acknowledged') && current.reply_count === 1 ? current : undefined;
    }, 'the in-place update and the thread reply');
    expect(updated.ts).toBe(alert.ts);
    expect(updated.text).toBe(`Acknowledged by <@${ME.id}>`);
    expect(updated.edited).toBeDefined();
    expect(standIn.messages(OPS.id)).toHaveLength(1);
    expect(standIn.replies(OPS.id, alert.ts).map((reply) => reply.text)).toEqual([`<@${ME.id}> is on it.`]);

    // The payload the app received was Slack's block_actions shape, with the message as it was.
    const payload = bolt.received.find((body) => body.type === 'block_actions');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: ME.id, username: ME.name },
      team: { id: standIn.teamId },
      channel: { id: OPS.id, name: OPS.name },
      container: { type: 'message', message_ts: alert.ts, channel_id: OPS.id, is_ephemeral: false },
      message: { ts: alert.ts, text: 'Salesforce broken', blocks: alert.blocks },
      response_url: expect.stringMatching(new RegExp(`^${standIn.url}/response/`)),
      trigger_id: expect.any(String),
      actions: [
        { type: 'button', action_id: 'ack_alert', block_id: 'alert_actions', value: 'alert-1', action_ts: expect.stringMatching(/^\d+\.\d{6}$/) },
      ],
    });
    const command = bolt.received.find((body) => body.command === '/fivetran');
    expect(command).toMatchObject({
      command: '/fivetran',
      text: 'alert Salesforce broken',
      channel_id: OPS.id,
      channel_name: OPS.name,
      user_id: ME.id,
      team_id: standIn.teamId,
      response_url: expect.stringMatching(/\/response\//),
    });
    const update = standIn.callsTo('chat.update')[0];
    expect(update?.args).toMatchObject({ channel: OPS.id, ts: alert.ts });
    expect(bolt.errors).toEqual([]);
  });

  it('chooses from an overflow menu and the app replaces the original through response_url', async () => {
    await standIn.slashCommand({ command: '/fivetran', text: 'alert Stripe delayed', channelId: OPS.id });
    const alert = await eventually(() => standIn.messages(OPS.id)[0], 'the alert');
    await standIn.clickButton({ channelId: OPS.id, messageTs: alert.ts, actionId: 'snooze_menu', selectedOption: '1d' });
    await eventually(() => standIn.message(OPS.id, alert.ts)?.text === 'Snoozed for 1d.', 'the replaced message');
    expect(standIn.message(OPS.id, alert.ts)?.blocks).toBeUndefined();
    expect(standIn.message(OPS.id, alert.ts)?.edited).toBeUndefined();
  });

  it("opens a modal with the command's trigger_id, once", async () => {
    await standIn.slashCommand({ command: '/fivetran', text: 'modal', channelId: OPS.id });
    await eventually(() => bolt.errors.length === 1, 'the second views.open to fail');
    expect(standIn.views()).toEqual([expect.objectContaining({ type: 'modal', view: expect.objectContaining({ title: { type: 'plain_text', text: 'Snooze alert' } }) })]);
    expect(bolt.errors[0]).toMatchObject({ data: { error: 'exchanged_trigger_id' } });
  });

  it('refuses to press what the message does not have', async () => {
    await standIn.slashCommand({ command: '/fivetran', text: 'alert x', channelId: OPS.id });
    const alert = await eventually(() => standIn.messages(OPS.id)[0], 'the alert');
    await expect(standIn.clickButton({ channelId: OPS.id, messageTs: alert.ts, actionId: 'nope' })).rejects.toThrow(
      /no element with action_id "nope"/,
    );
    await expect(standIn.clickButton({ channelId: OPS.id, messageTs: alert.ts, actionId: 'assign_owner', selectedOption: 'nobody' })).rejects.toThrow(
      /no option with value "nobody"/,
    );
    await expect(standIn.clickButton({ channelId: OPS.id, messageTs: '1.000000', actionId: 'ack_alert' })).rejects.toThrow(/no message/);
  });

  it('gets 401 from the app for a forged signature and for a stale timestamp', async () => {
    const forged = await standIn.slashCommand({ command: '/fivetran', text: 'status', channelId: OPS.id, tamper: 'forged-signature' });
    expect(forged.status).toBe(401);
    const stale = await standIn.slashCommand({ command: '/fivetran', text: 'status', channelId: OPS.id, tamper: 'stale-timestamp' });
    expect(stale.status).toBe(401);
    const raw = await standIn.sendRaw('command=%2Ffivetran&text=x', { signature: 'v0=deadbeef' });
    expect(raw.status).toBe(401);
    // A correctly signed raw request passes the same check.
    const signed = await standIn.sendRaw(
      new URLSearchParams({ command: '/fivetran', text: 'help', channel_id: OPS.id, user_id: ME.id, team_id: standIn.teamId }).toString(),
    );
    expect(signed.status).toBe(200);
    expect(standIn.responses).toHaveLength(0);
  });

  it("lets the app's WebClient ride out a 429 with Retry-After and a 500", async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    standIn.failNext('chat.postMessage', { status: 500 });
    await standIn.slashCommand({ command: '/fivetran', text: 'alert Retry me', channelId: OPS.id });
    await eventually(() => standIn.messages(OPS.id)[0], 'the alert after the retries');
    expect(standIn.callsTo('chat.postMessage').map((call) => call.status)).toEqual([429, 500, 200]);
    expect(bolt.errors).toEqual([]);
  });

  it('shows a WebClient that does not retry the 429 and 500 as Slack would', async () => {
    const client = new WebClient(BOT_TOKEN, {
      slackApiUrl: standIn.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: OPS.id, text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    standIn.failNext('chat.postMessage', { status: 500 });
    const error = (await client.chat.postMessage({ channel: OPS.id, text: 'x' }).catch((caught: unknown) => caught)) as WebAPIHTTPError;
    expect(error.code).toBe('slack_webapi_http_error');
    expect(error.statusCode).toBe(500);
    standIn.failNext('chat.postMessage', { error: 'ratelimited' }, { times: 2 });
    await expect(client.chat.postMessage({ channel: OPS.id, text: 'x' })).rejects.toMatchObject({ data: { error: 'ratelimited' } });
    await expect(client.chat.postMessage({ channel: OPS.id, text: 'x' })).rejects.toMatchObject({ data: { error: 'ratelimited' } });
    await expect(client.chat.postMessage({ channel: OPS.id, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it("shows the acknowledgement's own message when the app acks with text", async () => {
    await bolt.stop();
    bolt = await startAckingApp(standIn);
    const result = await standIn.slashCommand({ command: '/quick', text: '', channelId: OPS.id });
    expect(result.status).toBe(200);
    expect(standIn.timeline(OPS.id)).toEqual([expect.objectContaining({ text: 'Right away.', via: 'ack', ephemeralTo: ME.id })]);
  });
});

async function startAckingApp(standIn: SlackStandIn): Promise<MinimalApp> {
  const { App, LogLevel } = await import('@slack/bolt');
  const app = new App({
    signingSecret: SIGNING_SECRET,
    token: BOT_TOKEN,
    clientOptions: { slackApiUrl: standIn.apiUrl },
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
  });
  app.command('/quick', async ({ ack }) => {
    await ack('Right away.');
  });
  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  standIn.setAppRequestUrl(`http://127.0.0.1:${port}/slack/events`);
  return {
    app,
    errors: [],
    received: [],
    stop: async () => {
      await app.stop();
    },
  };
}
