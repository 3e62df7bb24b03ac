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
