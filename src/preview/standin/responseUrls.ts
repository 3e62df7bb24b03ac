import { randomBytes } from 'node:crypto';

import { readFlag, readMessageContent } from './messageContent';
import type { Workspace } from './workspace';

/** Slack lets an app use a response_url up to five times within thirty minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

export interface ResponseTarget {
  channel: string;
  /** The person who typed the command or pressed the button: ephemeral answers are theirs. */
  user: string;
  /** The message an interaction came from: what replace_original and delete_original act on. */
  originalTs?: string;
  /** The thread the interaction happened in, so answers land there too. */
  threadTs?: string;
}

interface Issued {
  target: ResponseTarget;
  issuedAt: number;
  uses: number;
  /** A command has no original message; its answers replace the last one it posted. */
  lastPostedTs?: string;
}

export type ResponseOutcome = { status: number; ok: boolean; error?: string; ts?: string };

export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(target: ResponseTarget): string {
    const id = randomBytes(12).toString('hex');
    this.issued.set(id, { target, issuedAt: this.now(), uses: 0 });
    return id;
  }

  /**
   * Applies one response_url POST: response_type ephemeral (the default) or in_channel,
   * replace_original (edits the original message in place) and delete_original.
   */
  apply(id: string, body: Record<string, unknown>, workspace: Workspace): ResponseOutcome {
    const entry = this.issued.get(id);
    if (!entry) return { status: 404, ok: false, error: 'no_service' };
    if (this.now() - entry.issuedAt > RESPONSE_URL_LIFETIME_MS) return { status: 404, ok: false, error: 'expired_url' };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { status: 404, ok: false, error: 'used_url' };
    const { target } = entry;
    const originalTs = target.originalTs ?? entry.lastPostedTs;

    if (readFlag(body.delete_original)) {
      entry.uses += 1;
      if (originalTs === undefined) return { status: 404, ok: false, error: 'message_not_found' };
      const removed = workspace.remove(target.channel, originalTs);
      if (!removed.ok) return { status: 404, ok: false, error: removed.error };
      return { status: 200, ok: true };
    }

    const content = readMessageContent(body);
    if (!content.ok) return { status: 400, ok: false, error: content.error };
    entry.uses += 1;

    if (readFlag(body.replace_original) && originalTs !== undefined) {
      // A response_url replacement is a whole new message: blocks it does not send are gone.
      const replacement = { blocks: [], attachments: [], ...content.content };
      const updated = workspace.update(target.channel, originalTs, replacement, workspace.identity.botUserId, false);
      if (updated.ok) return { status: 200, ok: true, ts: updated.message.ts };
      // The original is gone: fall through and post a new message, as Slack does.
    }

    const inChannel = body.response_type === 'in_channel';
    const posted = workspace.post({
      channel: target.channel,
      content: content.content,
      user: workspace.identity.botUserId,
      botId: workspace.identity.botId,
      via: 'response_url',
      ...(inChannel ? {} : { ephemeralTo: target.user }),
      ...(target.threadTs !== undefined ? { threadTs: target.threadTs } : {}),
    });
    if (!posted.ok) return { status: 404, ok: false, error: posted.error };
    entry.lastPostedTs = posted.message.ts;
    return { status: 200, ok: true, ts: posted.message.ts };
  }
}
