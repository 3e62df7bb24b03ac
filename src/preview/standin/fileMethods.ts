import { BLOCK_LIMITS, validateBlocks } from './blockValidation';
import { withGeneratedIds } from './blockIds';
import { MAX_TEXT_LENGTH } from './messageContent';
import type { SharedFile } from './types';
import type { Workspace } from './workspace';

/**
 * files.getUploadURLExternal and files.completeUploadExternal, the two Web API methods behind
 * files.uploadV2 (the upload in between is an HTTP POST to the returned URL: fileRoutes).
 */

/** What webApi's context and answers are, as far as these methods need (webApi imports them, not the other way). */
type ApiBody = Record<string, unknown> & { ok: boolean; error?: string };
type Handler = (args: Record<string, unknown>, context: { workspace: Workspace; baseUrl: string }) => ApiBody;

const fail = (error: string, messages?: string[]): ApiBody => (messages?.length ? { ok: false, error, response_metadata: { messages } } : { ok: false, error });

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** `files` as Slack takes it: a JSON array (text in a form call) of `{id, title?}`. */
function readFileList(value: unknown): Array<{ id: string; title?: string }> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const list: Array<{ id: string; title?: string }> = [];
  for (const entry of parsed) {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { id?: unknown }).id !== 'string') return undefined;
    const { id, title } = entry as { id: string; title?: unknown };
    list.push(typeof title === 'string' ? { id, title } : { id });
  }
  return list;
}

function shareOf(file: SharedFile, channel: string, ts: string) {
  return { ...file, shares: { public: { [channel]: [{ ts }] } }, channels: [channel] };
}

export const FILE_METHODS: Record<string, { token: 'bot'; handle: Handler }> = {
  'files.getUploadURLExternal': {
    token: 'bot',
    handle: (args, context) => {
      // The SDK sends alt_text; Slack's reference names it alt_txt.
      const ticket = context.workspace.files.open(args.filename, args.length, args.alt_txt ?? args.alt_text);
      if (!ticket.ok) return fail(ticket.error, ticket.messages);
      return { ok: true, upload_url: `${context.baseUrl}/upload/v1/${ticket.token}`, file_id: ticket.fileId };
    },
  },

  'files.completeUploadExternal': {
    token: 'bot',
    handle: (args, context) => {
      const { workspace } = context;
      const list = readFileList(args.files);
      if (!list) return fail('invalid_arguments', ['[ERROR] missing required field: files (a JSON array of {"id", "title"})']);
      for (const { id } of list) {
        const check = workspace.files.check(id);
        if (!check.ok) return fail(check.error);
      }
      const channelRef = text(args.channel_id) ?? text(args.channels);
      if (args.channels !== undefined && String(args.channels).includes(',') && text(args.thread_ts) !== undefined) {
        return fail('invalid_arguments', ['[ERROR] thread_ts needs exactly one channel']);
      }
      // A channel is named by its id here, never created by a first post as chat.postMessage's names are.
      const channel = channelRef === undefined ? undefined : workspace.findChannel(channelRef);
      if (channelRef !== undefined && !channel) return fail('channel_not_found');
      const threadTs = text(args.thread_ts);
      if (threadTs !== undefined && !channel) return fail('invalid_arguments', ['[ERROR] thread_ts needs channel_id']);
      if (channel && threadTs !== undefined && !workspace.find(channel.id, threadTs)) return fail('thread_not_found');

      // Slack ignores blocks when an initial_comment is given.
      const comment = text(args.initial_comment);
      if (comment !== undefined && comment.length > MAX_TEXT_LENGTH) return fail('msg_too_long');
      let blocks: ReturnType<typeof withGeneratedIds> | undefined;
      if (comment === undefined && args.blocks !== undefined && args.blocks !== '') {
        let decoded: unknown = args.blocks;
        try {
          if (typeof decoded === 'string') decoded = JSON.parse(decoded) as unknown;
        } catch {
          return fail('invalid_blocks_format', ['[ERROR] blocks is not valid JSON']);
        }
        const check = validateBlocks(decoded, BLOCK_LIMITS.messageBlocks);
        if (!check.ok) return fail(check.error, check.messages);
        blocks = withGeneratedIds(check.blocks);
      }

      const files: SharedFile[] = [];
      for (const { id, title } of list) {
        const done = workspace.files.complete(id, title);
        if (!done.ok) return fail(done.error);
        files.push(done.file);
      }
      if (!channel) return { ok: true, files };
      const posted = workspace.post({
        channel: channel.id,
        content: { text: comment ?? '', ...(blocks ? { blocks } : {}) },
        user: workspace.identity.botUserId,
        botId: workspace.identity.botId,
        ...(threadTs !== undefined ? { threadTs } : {}),
        via: 'web_api',
        files,
      });
      if (!posted.ok) return fail(posted.error);
      return { ok: true, files: files.map((file) => shareOf(file, channel.id, posted.message.ts)) };
    },
  },
};
