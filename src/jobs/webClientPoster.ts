import { ErrorCode, WebClient, type WebAPIRateLimitedError } from '@slack/web-api';
import { OutcomeUnknown } from '../alerts/messages';
import { systemClock, type Clock } from '../warehouse/deadline';
import type { MessageMetadata, SlackPoster } from './slackPoster';
import type { Logger } from '../log/logger';

/** A rate limit this short is waited out; a longer one fails the post, which the next run retries. */
const MAX_RETRY_AFTER_SECONDS = 10;

/** Pulse's own deadline on a Slack call when none is configured (SLACK_CALL_TIMEOUT_SECONDS). */
export const DEFAULT_CALL_TIMEOUT_SECONDS = 10;

/** How far a search of a channel's history reaches; more than enough for the messages of one run. */
const HISTORY_PAGE_LIMIT = 200;
const HISTORY_MAX_PAGES = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Web API client for scheduled posting, apart from the one that answers button presses: a
 * 429 pauses a whole WebClient, and a storm of alert posts must never hold up an acknowledgement.
 * It never resends a call by itself: a chat.postMessage whose answer was lost may have posted,
 * and sending it again would post twice. What to do about an unknown outcome is decided above.
 */
export function createPostingClient(token: string, slackApiUrl: string | undefined, logger: Logger, callTimeoutSeconds = DEFAULT_CALL_TIMEOUT_SECONDS): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // A backstop on the socket; the deadline that decides is webClientPoster's.
    timeout: callTimeoutSeconds * 1000,
    logger: slackLogger(logger),
  });
}

export interface PosterOptions {
  /** Pulse's own deadline on every call, after which its outcome counts as unknown. */
  callTimeoutSeconds?: number;
  /** Where the deadline reads time; tests move it by hand. */
  clock?: Clock;
}

/**
 * Whether Slack certainly did not carry a failed call out: it answered ok:false, or refused it
 * with a rate limit. Anything else (no answer, a lost connection, a 5xx) may have been done.
 */
function certainlyNotDone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === ErrorCode.PlatformError || code === ErrorCode.RateLimitedError;
}

export function webClientPoster(client: WebClient, options: PosterOptions = {}): SlackPoster {
  const timeoutMs = (options.callTimeoutSeconds ?? DEFAULT_CALL_TIMEOUT_SECONDS) * 1000;
  const clock = options.clock ?? systemClock;
  let ownIds: Promise<{ userId: string; botId: string }> | undefined;

  /** One call under Pulse's deadline; an answer that is late, lost or garbled makes its outcome unknown. */
  async function call<T>(method: string, work: () => Promise<T>): Promise<T> {
    let cancel = () => {};
    const deadline = new Promise<never>((_resolve, reject) => {
      const off = clock.schedule(timeoutMs, () => reject(new OutcomeUnknown(`Slack did not answer ${method} within ${timeoutMs / 1000} s`)));
      cancel = () => void off();
    });
    try {
      return await Promise.race([work(), deadline]);
    } catch (error) {
      if (error instanceof OutcomeUnknown || certainlyNotDone(error)) throw error;
      throw new OutcomeUnknown(`Slack's answer to ${method} was lost: ${(error as Error).message}`, { cause: error });
    } finally {
      cancel();
    }
  }

  /** A call refused by a short rate limit is waited out and sent again: refused, it was never done. */
  async function withRateLimit<T>(method: string, work: () => Promise<T>): Promise<T> {
    try {
      return await call(method, work);
    } catch (error) {
      const limited = error as Partial<WebAPIRateLimitedError>;
      if (limited.code === ErrorCode.RateLimitedError && typeof limited.retryAfter === 'number' && limited.retryAfter <= MAX_RETRY_AFTER_SECONDS) {
        await sleep(limited.retryAfter * 1000);
        return call(method, work);
      }
      throw error;
    }
  }

  function identity(): Promise<{ userId: string; botId: string }> {
    ownIds ??= call('auth.test', () => client.auth.test()).then(
      (answer) => ({ userId: String(answer.user_id ?? ''), botId: String(answer.bot_id ?? '') }),
      (error: unknown) => {
        ownIds = undefined;
        throw error;
      },
    );
    return ownIds;
  }

  return {
    async postMessage({ channel, text, blocks, thread_ts, metadata }) {
      const result = await withRateLimit('chat.postMessage', () =>
        client.chat.postMessage({
          channel, text, blocks, unfurl_links: false, unfurl_media: false, ...(thread_ts ? { thread_ts } : {}), ...(metadata ? { metadata } : {}),
        }),
      );
      return { ts: String(result.ts), channel: String(result.channel ?? channel) };
    },
    async update({ channel, ts, text, blocks }) {
      const send = () => withRateLimit('chat.update', () => client.chat.update({ channel, ts, text, blocks }));
      try {
        await send();
      } catch (error) {
        // chat.update sets the message to the same content however often it is sent: safe to repeat once.
        // Not after a missed deadline, though: a hung channel must not hold the run twice as long.
        if (!(error instanceof OutcomeUnknown) || error.cause === undefined) throw error;
        await send();
      }
    },
    async findOwnMessage({ channel, oldest, matches }) {
      const own = await identity();
      const channelId = await channelIdOf(channel);
      let cursor: string | undefined;
      for (let pageNumber = 0; pageNumber < HISTORY_MAX_PAGES; pageNumber += 1) {
        const answer = await withRateLimit('conversations.history', () =>
          client.conversations.history({
            channel: channelId,
            oldest: (oldest.getTime() / 1000).toFixed(6),
            include_all_metadata: true,
            limit: HISTORY_PAGE_LIMIT,
            ...(cursor ? { cursor } : {}),
          }),
        );
        for (const message of answer.messages ?? []) {
          const mine = (own.botId !== '' && message.bot_id === own.botId) || message.user === own.userId;
          const metadata = message.metadata as MessageMetadata | undefined;
          if (mine && metadata && message.ts && matches(metadata)) return { ts: message.ts, channel: channelId };
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    },
    async findOwnReply({ channel, threadTs, matches }) {
      const own = await identity();
      const channelId = await channelIdOf(channel);
      let cursor: string | undefined;
      for (let pageNumber = 0; pageNumber < HISTORY_MAX_PAGES; pageNumber += 1) {
        const answer = await withRateLimit('conversations.replies', () =>
          client.conversations.replies({
            channel: channelId, ts: threadTs, include_all_metadata: true, limit: HISTORY_PAGE_LIMIT, ...(cursor ? { cursor } : {}),
          }),
        );
        for (const message of answer.messages ?? []) {
          const mine = (own.botId !== '' && message.bot_id === own.botId) || message.user === own.userId;
          const metadata = (message as { metadata?: MessageMetadata }).metadata;
          if (mine && metadata && matches(metadata)) return true;
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) return false;
      }
      return false;
    },
  };

  /** conversations.history takes a channel id; alert channels may be configured by name. */
  async function channelIdOf(channel: string): Promise<string> {
    if (/^[CGD][A-Z0-9]{2,}$/.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    let cursor: string | undefined;
    do {
      const answer = await call('conversations.list', () =>
        client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) }),
      );
      const found = answer.channels?.find((candidate) => candidate.name === name);
      if (found?.id) return found.id;
      cursor = answer.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return channel;
  }
}

/** Slack's client logs through ours, so tokens are redacted and lines are JSON in production. */
export function slackLogger(logger: Logger) {
  const child = logger.child({ component: 'slack' });
  let level = 'warn';
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (next: string) => {
      level = next;
    },
    getLevel: () => level as never,
    setName: () => undefined,
  };
}
