import type { KnownBlock } from '../views/blocks/types';

/**
 * The two Slack calls the alert lifecycle needs. The Slack layer adapts its Web API client to it;
 * `channel` in the answer is the channel id Slack posted to (it may differ from a name passed in).
 */
export interface SlackPoster {
  postMessage(message: { channel: string; text: string; blocks: KnownBlock[]; thread_ts?: string }): Promise<{ ts: string; channel: string }>;
  update(message: { channel: string; ts: string; text: string; blocks: KnownBlock[] }): Promise<void>;
}

/** A posted message to re-render in place. */
export interface MessageEdit {
  /** The channel id to edit in (chat.update needs the id). */
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[];
}

/** A note to post into a message's thread. */
export interface ThreadNote {
  channel: string;
  threadTs: string;
  text: string;
  blocks: KnownBlock[];
}

/** One sentence about a failed Slack call, for logs and the audit trail; never a token or a stack. */
export function describeSlackError(error: unknown): string {
  if (error && typeof error === 'object') {
    const record = error as { code?: unknown; data?: { error?: unknown }; message?: unknown };
    const slackError = record.data && typeof record.data.error === 'string' ? record.data.error : null;
    const code = typeof record.code === 'string' ? record.code : null;
    const message = typeof record.message === 'string' ? record.message : null;
    const text = [code, slackError, message].filter(Boolean).join(': ');
    if (text) return text.replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[redacted]').slice(0, 300);
  }
  return String(error).slice(0, 300);
}
