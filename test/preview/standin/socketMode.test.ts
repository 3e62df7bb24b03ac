import { WebSocket } from 'ws';

import { startSlackStandIn, type SlackStandIn } from '../../../src/preview/standin';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, eventually, startMinimalBoltApp, type MinimalApp } from '../support/minimalBoltApp';

const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };

describe('Slack stand-in in Socket Mode', () => {
  let standIn: SlackStandIn;

  beforeEach(async () => {
    standIn = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: [OPS] });
  });

  afterEach(async () => {
    await standIn.close();
  });

  it('connects a Bolt app, delivers a command and a button press as envelopes, and gets their acks', async () => {
    const bolt: MinimalApp = await startMinimalBoltApp({ standIn, socketMode: true });
    try {
      expect(standIn.isSocketConnected()).toBe(true);
      expect(standIn.callsTo('apps.connections.open')).toHaveLength(1);

      const ack = await standIn.slashCommand({ command: '/fivetran', text: 'alert Socket alert', channelId: OPS.id });
      expect(ack).toEqual({ status: 200, body: '{}', via: 'socket' });
      const alert = await eventually(() => standIn.messages(OPS.id)[0], 'the alert');
      await eventually(() => standIn.timeline(OPS.id).some((entry) => entry.type === 'message' && entry.text === 'Alert posted.'), 'the respond() answer');

      const press = await standIn.clickButton({ channelId: OPS.id, messageTs: alert.ts, actionId: 'ack_alert' });
      expect(press.via).toBe('socket');
      await eventually(() => standIn.message(OPS.id, alert.ts)?.text.startsWith('Acknowledged'), 'the update');
      expect(bolt.received.map((body) => body.type ?? body.command)).toEqual(['/fivetran', 'block_actions']);
      expect(bolt.errors).toEqual([]);
    } finally {
      await bolt.stop();
    }
    await eventually(() => !standIn.isSocketConnected(), 'the app to disconnect');
  });

  it('answers apps.connections.open only for the app token', async () => {
    const post = (token: string) =>
      fetch(`${standIn.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(
        (response) => response.json() as Promise<Record<string, unknown>>,
      );
    expect(await post(BOT_TOKEN)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await post('xapp-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
    const opened = await post(APP_TOKEN);
    expect(opened).toMatchObject({ ok: true, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/socket-mode\?ticket=/) });
  });

  it('says hello, refuses a reused ticket, and reports an app that never acks', async () => {
    const { url } = (await fetch(`${standIn.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APP_TOKEN}` },
    }).then((response) => response.json())) as { url: string };

    const socket = new WebSocket(url);
    const messages: Array<Record<string, unknown>> = [];
    socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>));
    await eventually(() => messages[0], 'hello');
    expect(messages[0]).toMatchObject({ type: 'hello', connection_info: { app_id: expect.any(String) } });

    const reused = new WebSocket(url);
    const refused = await new Promise<string>((resolve) => {
      reused.on('unexpected-response', (_request, response) => resolve(String(response.statusCode)));
      reused.on('error', (error) => resolve(error.message));
    });
    expect(refused).toMatch(/401/);

    const slow = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: [OPS], ackTimeoutMs: 50 });
    try {
      const { url: slowUrl } = (await fetch(`${slow.apiUrl}apps.connections.open`, {
        method: 'POST',
        headers: { authorization: `Bearer ${APP_TOKEN}` },
      }).then((response) => response.json())) as { url: string };
      const silent = new WebSocket(slowUrl);
      const envelopes: Array<Record<string, unknown>> = [];
      silent.on('message', (data) => envelopes.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>));
      await eventually(() => slow.isSocketConnected(), 'the silent connection');
      const result = await slow.slashCommand({ command: '/fivetran', text: 'help', channelId: OPS.id });
      expect(result).toEqual({ status: 504, body: 'operation_timeout', via: 'socket' });
      // The envelope left before the timeout, yet on a busy machine it may be read after it.
      expect(await eventually(() => envelopes[1], 'the envelope')).toMatchObject({
        type: 'slash_commands',
        envelope_id: expect.any(String),
        accepts_response_payload: true,
        payload: { command: '/fivetran', text: 'help', channel_id: OPS.id },
      });
      silent.close();
    } finally {
      await slow.close();
    }
    socket.close();
  });
});
