import type { KnownBlock } from '@slack/types';

export type { KnownBlock };

/** A Slack message: Block Kit plus the text fallback notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** An answer to a slash command: visible to the asker only, unless shared. */
export interface SlashAnswer extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
}

/** How a command answer is shown; `ephemeral` (the default) adds a "Share in channel" button. */
export interface AnswerOptions {
  ephemeral?: boolean;
  /** 1-based; out-of-range pages show the nearest page. */
  page?: number;
  /** One connection's answers carry Sync now and Pause or Resume (Fivetran's API is configured). */
  liveActions?: boolean;
}
