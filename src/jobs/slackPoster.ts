import type { KnownBlock } from '../views/blocks/types';

/** Slack message metadata: read back from a channel's history to find a message again. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

/**
 * The Slack calls the scheduled jobs make. The Slack layer adapts its Web API client to it;
 * `channel` in the answer is the channel id Slack posted to (it may differ from a name passed in).
 * A call whose outcome cannot be known rejects with OutcomeUnknown (alerts/messages).
 */
export interface SlackPoster {
  postMessage(message: { channel: string; text: string; blocks: KnownBlock[]; thread_ts?: string; metadata?: MessageMetadata }): Promise<{ ts: string; channel: string }>;
  update(message: { channel: string; ts: string; text: string; blocks: KnownBlock[] }): Promise<void>;
  /** The newest message of this app's in the channel since `oldest` whose metadata matches. */
  findOwnMessage(query: { channel: string; oldest: Date; matches: (metadata: MessageMetadata) => boolean }): Promise<{ ts: string; channel: string } | null>;
  /** Whether the thread holds a reply of this app's whose metadata matches. */
  findOwnReply(query: { channel: string; threadTs: string; matches: (metadata: MessageMetadata) => boolean }): Promise<boolean>;
}
