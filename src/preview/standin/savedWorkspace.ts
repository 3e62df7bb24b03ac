import { z } from 'zod';
import { messageOf } from '../../errors/messageOf';
import { PulseError } from '../../errors/pulseError';

import { isMessageTs, latestTs } from './messageTs';
import type { SavedFile } from './files';
import type { StandInChannel, StoredMessage, TimelineEntry } from './types';

/**
 * What a workspace keeps between runs: its channels with their messages, threads and edits.
 * Opened views, response_urls and trigger_ids are short-lived in Slack too, and are not kept.
 */
export interface SavedWorkspace {
  version: 1;
  channels: SavedChannel[];
  /** Files shared in messages, with their bytes; absent when there are none. */
  files?: SavedFile[];
}

export interface SavedChannel extends StandInChannel {
  timeline: TimelineEntry[];
  /** Replies by their parent's ts, oldest first. */
  threads: Record<string, StoredMessage[]>;
}

const ts = z.string().refine(isMessageTs, 'a Slack timestamp such as 1700000000.000100');

// Checks what the workspace relies on; the rest of a message (blocks, attachments, metadata) is kept as saved.
const message = z
  .object({
    type: z.literal('message'),
    ts,
    channel: z.string(),
    user: z.string(),
    text: z.string(),
    thread_ts: ts.optional(),
    edited: z.object({ user: z.string(), ts }).loose().optional(),
    ephemeralTo: z.string().optional(),
    via: z.enum(['web_api', 'response_url', 'ack']),
  })
  .loose();

const command = z.object({ type: z.literal('command'), ts, channel: z.string(), user: z.string(), text: z.string() }).loose();

const channel = z
  .object({
    id: z.string().regex(/^[\w-]+$/),
    name: z.string().min(1),
    created: z.number(),
    autoCreated: z.boolean(),
    timeline: z.array(z.union([message, command])),
    threads: z.record(ts, z.array(message)),
  })
  .loose();

const file = z
  .object({
    id: z.string().regex(/^F[A-Z0-9]+$/),
    name: z.string(),
    title: z.string(),
    mimetype: z.string(),
    filetype: z.string(),
    size: z.number(),
    alt_txt: z.string().optional(),
    url_private: z.string(),
    data: z.base64(),
  })
  .loose();

const saved = z.object({ version: z.literal(1), channels: z.array(channel), files: z.array(file).optional() }).loose();

export class SavedWorkspaceError extends PulseError<'PULSE_PREVIEW_WORKSPACE_UNREADABLE'> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('PULSE_PREVIEW_WORKSPACE_UNREADABLE', message, options);
    this.name = 'SavedWorkspaceError';
  }
}

/** The saved workspace in a file's text, or a {@link SavedWorkspaceError} that says what is wrong with it. */
export function parseSavedWorkspace(text: string): SavedWorkspace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SavedWorkspaceError(`it is not JSON (${messageOf(error)})`, { cause: error });
  }
  const result = saved.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new SavedWorkspaceError(`it is not a saved preview workspace${where}: ${issue?.message ?? 'unexpected content'}`, { cause: result.error });
  }
  const ids = new Set<string>();
  for (const { id } of result.data.channels) {
    if (ids.has(id)) throw new SavedWorkspaceError(`channel ${id} appears twice`);
    ids.add(id);
  }
  return result.data;
}

/** The newest timestamp handed out in a saved workspace: messages, replies, command echoes and edits. */
export function latestSavedTs(workspace: SavedWorkspace): string | undefined {
  const all: string[] = [];
  const add = (entry: TimelineEntry) => {
    all.push(entry.ts);
    if (entry.type === 'message' && entry.edited) all.push(entry.edited.ts);
  };
  for (const channel of workspace.channels) {
    channel.timeline.forEach(add);
    Object.values(channel.threads).forEach((replies) => replies.forEach(add));
  }
  return latestTs(all);
}
