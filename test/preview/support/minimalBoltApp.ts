import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { App, LogLevel, type BlockAction, type ButtonAction, type OverflowAction, type StaticSelectAction } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';

import type { SlackStandIn } from '../../../src/preview/standin';
import { EVENTUALLY_LIMIT_MS, eventually as waitUntil } from '../../support/eventually';

export const SIGNING_SECRET = 'standin-test-signing-secret';
export const BOT_TOKEN = 'xoxb-standin-test-token';
export const APP_TOKEN = 'xapp-standin-test-token';

/** The alert message the minimal app posts; its elements are what the tests press. */
export function alertBlocks(title: string) {
  return [
    { type: 'header', text: { type: 'plain_text', text: title } },
    {
      type: 'section',
      block_id: 'summary',
      text: { type: 'mrkdwn', text: ':red_circle: *salesforce* (acme) has been *broken* for 2 h' },
      accessory: {
        type: 'overflow',
        action_id: 'snooze_menu',
        options: [
          { text: { type: 'plain_text', text: 'Snooze 1 h' }, value: '1h' },
          { text: { type: 'plain_text', text: 'Snooze 1 day' }, value: '1d' },
        ],
      },
    },
    {
      type: 'actions',
      block_id: 'alert_actions',
      elements: [
        { type: 'button', action_id: 'ack_alert', style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' }, value: 'alert-1' },
        {
          type: 'static_select',
          action_id: 'assign_owner',
          placeholder: { type: 'plain_text', text: 'Assign to…' },
          options: [
            { text: { type: 'plain_text', text: 'Data team' }, value: 'data' },
            { text: { type: 'plain_text', text: 'Platform team' }, value: 'platform' },
          ],
        },
      ],
    },
  ];
}

export interface MinimalAppOptions {
  standIn: SlackStandIn;
  /** Socket Mode instead of HTTP; the stand-in must have been given APP_TOKEN. */
  socketMode?: boolean;
  retryConfig?: RetryOptions;
  rejectRateLimitedCalls?: boolean;
}

export interface MinimalApp {
  app: App;
  /** Where the app takes signed requests (HTTP mode only). */
  requestUrl?: string;
  /** What listeners saw go wrong, for assertions. */
  errors: Error[];
  /** Every request body the app received, as Bolt parsed it. */
  received: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * A Bolt app as small as a real one can be: `/fivetran` acks at once and answers through
 * respond() or chat.postMessage; the alert's button updates the message with chat.update; its
 * overflow menu and select answer through respond().
 */
export async function startMinimalBoltApp(options: MinimalAppOptions): Promise<MinimalApp> {
  const { standIn } = options;
  const errors: Error[] = [];
  const received: Array<Record<string, unknown>> = [];
  const clientOptions = {
    slackApiUrl: standIn.apiUrl,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    ...(options.rejectRateLimitedCalls ? { rejectRateLimitedCalls: true } : {}),
  };
  const app = options.socketMode
    ? new App({ token: BOT_TOKEN, appToken: APP_TOKEN, socketMode: true, clientOptions, deferInitialization: true, logLevel: LogLevel.ERROR })
    : new App({ signingSecret: SIGNING_SECRET, token: BOT_TOKEN, clientOptions, deferInitialization: true, logLevel: LogLevel.ERROR });

  app.use(async ({ body, next }) => {
    received.push(body as Record<string, unknown>);
    await next();
  });

  app.command('/fivetran', async ({ command, ack, respond, client }) => {
    await ack();
    const [verb = 'help', ...rest] = command.text.trim().split(/\s+/);
    try {
      if (verb === 'alert') {
        const title = rest.join(' ') || 'Connection broken';
        await client.chat.postMessage({ channel: command.channel_id, text: title, blocks: alertBlocks(title) });
        await respond({ text: 'Alert posted.' });
      } else if (verb === 'modal') {
        const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Snooze alert' }, blocks: [{ type: 'divider' as const }] };
        await client.views.open({ trigger_id: command.trigger_id, view });
        // A trigger_id opens one modal only.
        await client.views.open({ trigger_id: command.trigger_id, view }).catch((error: unknown) => errors.push(error as Error));
      } else if (verb === 'announce') {
        await respond({ response_type: 'in_channel', text: `Announcement: ${rest.join(' ')}` });
      } else if (verb === 'progress') {
        await respond({ text: ':hourglass_flowing_sand: Working…' });
        await respond({ replace_original: true, text: ':white_check_mark: Done.' });
      } else {
        await respond({ text: `You asked for *${verb}*${rest.length ? ` with ${rest.join(' ')}` : ''}.` });
      }
    } catch (error) {
      errors.push(error as Error);
    }
  });

  app.action<BlockAction<ButtonAction>>('ack_alert', async ({ ack, body, client }) => {
    await ack();
    try {
      if (!body.message || !body.channel) throw new Error('ack_alert without a message');
      await client.chat.update({
        channel: body.channel.id,
        ts: body.message.ts,
        text: `Acknowledged by <@${body.user.id}>`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: Acknowledged by <@${body.user.id}>` } }],
      });
      await client.chat.postMessage({ channel: body.channel.id, thread_ts: body.message.ts, text: `<@${body.user.id}> is on it.` });
    } catch (error) {
      errors.push(error as Error);
    }
  });

  app.action<BlockAction<OverflowAction>>('snooze_menu', async ({ ack, action, respond }) => {
    await ack();
    try {
      await respond({ replace_original: true, text: `Snoozed for ${action.selected_option.value}.` });
    } catch (error) {
      errors.push(error as Error);
    }
  });

  app.action<BlockAction<StaticSelectAction>>('assign_owner', async ({ ack, action, respond }) => {
    await ack();
    try {
      await respond({ text: `Assigned to ${action.selected_option.value}.` });
    } catch (error) {
      errors.push(error as Error);
    }
  });

  app.error(async (error) => {
    errors.push(error);
  });

  await app.init();
  if (options.socketMode) {
    await app.start();
    return {
      app,
      errors,
      received,
      stop: async () => {
        await app.stop();
      },
    };
  }
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  const requestUrl = `http://127.0.0.1:${port}/slack/events`;
  standIn.setAppRequestUrl(requestUrl);
  return {
    app,
    requestUrl,
    errors,
    received,
    stop: async () => {
      standIn.setAppRequestUrl(undefined);
      await app.stop();
    },
  };
}

/** Polls until the condition holds; listeners answer after their ack, so tests wait for the effect. */
export function eventually<T>(probe: () => T | undefined | false, what: string, timeoutMs = EVENTUALLY_LIMIT_MS): Promise<T> {
  return waitUntil(() => {
    const value = probe();
    return value !== undefined && value !== false ? { value } : undefined;
  }, timeoutMs, what).then(({ value }) => value);
}
