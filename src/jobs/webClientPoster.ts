import { ErrorCode, WebClient, type WebAPIRateLimitedError } from '@slack/web-api';
import type { SlackPoster } from './slackPoster';
import type { Logger } from '../log/logger';

/** A rate limit this short is waited out; a longer one fails the post, which the next run retries. */
const MAX_RETRY_AFTER_SECONDS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Web API client for scheduled posting, apart from the one that answers button presses: a
 * 429 pauses a whole WebClient, and a storm of alert posts must never hold up an acknowledgement.
 * It retries little, because a failed post is retried by the next run, not for half an hour.
 */
export function createPostingClient(token: string, slackApiUrl: string | undefined, logger: Logger): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    logger: slackLogger(logger),
  });
}

async function withRateLimit<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const limited = error as Partial<WebAPIRateLimitedError>;
    if (limited.code === ErrorCode.RateLimitedError && typeof limited.retryAfter === 'number' && limited.retryAfter <= MAX_RETRY_AFTER_SECONDS) {
      await sleep(limited.retryAfter * 1000);
      return call();
    }
    throw error;
  }
}

export function webClientPoster(client: WebClient): SlackPoster {
  return {
    async postMessage({ channel, text, blocks, thread_ts }) {
      const result = await withRateLimit(() =>
        client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false, ...(thread_ts ? { thread_ts } : {}) }),
      );
      return { ts: String(result.ts), channel: String(result.channel ?? channel) };
    },
    async update({ channel, ts, text, blocks }) {
      await withRateLimit(() => client.chat.update({ channel, ts, text, blocks }));
    },
  };
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
