import type { MessageMetadata, SlackPoster } from '../../../src/jobs/slackPoster';
import type { KnownBlock } from '../../../src/views/blocks/types';

export interface RecordedPost {
  channel: string;
  channelId: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: KnownBlock[];
  metadata?: MessageMetadata;
}

export interface RecordedUpdate {
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[];
}

/** Slack's answer to a call it refused, shaped as the Web API client reports it. */
export function slackError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
}

/**
 * A recording stand-in for the two Slack calls the alert lifecycle makes. Channel names are
 * answered with an id, as Slack does; chosen channels can be made to fail.
 */
export class RecordingSlack implements SlackPoster {
  readonly posts: RecordedPost[] = [];
  readonly updates: RecordedUpdate[] = [];
  readonly failing = new Map<string, string>();
  private counter = 0;

  static idFor(channel: string): string {
    return /^[CG][A-Z0-9]+$/.test(channel) ? channel : `C${channel.replace(/[^a-z0-9]/gi, '').toUpperCase()}`;
  }

  async postMessage(message: { channel: string; text: string; blocks: KnownBlock[]; thread_ts?: string; metadata?: MessageMetadata }): Promise<{ ts: string; channel: string }> {
    const failure = this.failing.get(message.channel) ?? this.failing.get(RecordingSlack.idFor(message.channel));
    if (failure) throw slackError(failure);
    this.counter += 1;
    const ts = `1764144000.${String(this.counter).padStart(6, '0')}`;
    const channelId = RecordingSlack.idFor(message.channel);
    this.posts.push({ channel: message.channel, channelId, ts, text: message.text, blocks: message.blocks, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}), ...(message.metadata ? { metadata: message.metadata } : {}) });
    return { ts, channel: channelId };
  }

  async update(message: { channel: string; ts: string; text: string; blocks: KnownBlock[] }): Promise<void> {
    const failure = this.failing.get(message.channel);
    if (failure) throw slackError(failure);
    this.updates.push({ ...message });
  }

  async findOwnMessage(query: { channel: string; oldest: Date; matches: (metadata: MessageMetadata) => boolean }): Promise<{ ts: string; channel: string } | null> {
    const channelId = RecordingSlack.idFor(query.channel);
    const found = this.posts.find((post) => post.channelId === channelId && post.metadata !== undefined && query.matches(post.metadata));
    return found ? { ts: found.ts, channel: channelId } : null;
  }

  async findOwnReply(query: { channel: string; threadTs: string; matches: (metadata: MessageMetadata) => boolean }): Promise<boolean> {
    const channelId = RecordingSlack.idFor(query.channel);
    return this.posts.some((post) => post.channelId === channelId && post.thread_ts === query.threadTs && post.metadata !== undefined && query.matches(post.metadata));
  }

  topLevel(): RecordedPost[] {
    return this.posts.filter((post) => post.thread_ts === undefined);
  }

  replies(): RecordedPost[] {
    return this.posts.filter((post) => post.thread_ts !== undefined);
  }
}
