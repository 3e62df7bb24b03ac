import { permalinkPath, toApiChannel, toApiMessage } from './apiMessage';
import { BLOCK_LIMITS, validateBlocks } from './blockValidation';
import { FILE_METHODS } from './fileMethods';
import { readFlag, readMessageContent } from './messageContent';
import type { TriggerRegistry } from './triggers';
import type { StoredMessage } from './types';
import type { Workspace } from './workspace';

/** What a Web API method answers; Slack uses HTTP 200 for ok:false answers too. */
export type ApiBody = Record<string, unknown> & { ok: boolean; error?: string };

export interface WebApiContext {
  workspace: Workspace;
  botToken: string;
  appToken: string | undefined;
  /** The stand-in's own address, used for permalinks and the workspace url. */
  baseUrl: string;
  triggers: TriggerRegistry;
  /** A fresh Socket Mode address for apps.connections.open. */
  socketUrl(): string;
}

type TokenKind = 'bot' | 'app';
type Handler = (args: Record<string, unknown>, context: WebApiContext) => ApiBody;

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'] as const;

/** Form calls carry arrays and objects as JSON text; decoded so recorded calls read naturally. */
export function decodeArgs(fields: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = { ...fields };
  delete args.token;
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        args[field] = JSON.parse(value) as unknown;
      } catch {
        // Left as text: the method itself answers invalid_blocks_format or the like.
      }
    }
  }
  return args;
}

function fail(error: string, messages?: string[]): ApiBody {
  return messages?.length ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function limitOf(value: unknown, fallback: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) return fallback;
  return Math.min(Math.floor(parsed), max);
}

/** Cursors are offsets, opaque to callers as Slack's are. */
function offsetOf(cursor: unknown): number {
  if (typeof cursor !== 'string' || cursor === '') return 0;
  const decoded = Number(Buffer.from(cursor, 'base64').toString('utf8').replace(/^offset:/, ''));
  return Number.isInteger(decoded) && decoded >= 0 ? decoded : 0;
}

function cursorFor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function page<T>(items: T[], args: Record<string, unknown>, fallback: number, max: number) {
  const offset = offsetOf(args.cursor);
  const limit = limitOf(args.limit, fallback, max);
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { slice, more, metadata: { next_cursor: more ? cursorFor(offset + limit) : '' } };
}

/** Slack's message metadata (JSON text in a form call): an event type and an object of values. */
function readMetadata(value: unknown): Record<string, unknown> | 'invalid' | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return 'invalid';
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid';
  const { event_type: eventType, event_payload: payload } = parsed as Record<string, unknown>;
  const valid = typeof eventType === 'string' && eventType !== '' && typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  return valid ? (parsed as Record<string, unknown>) : 'invalid';
}

function missing(field: string): ApiBody {
  return fail('invalid_arguments', [`[ERROR] missing required field: ${field}`]);
}

/** A view argument, sent as an object or as JSON text; Slack's answer when it is neither. */
function viewArgument(raw: unknown): { view: Record<string, unknown> } | { refused: ApiBody } {
  let view = raw;
  if (typeof view === 'string') {
    try {
      view = JSON.parse(view) as unknown;
    } catch {
      return { refused: fail('invalid_arguments', ['[ERROR] view is not valid JSON [json-pointer:/view]']) };
    }
  }
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return { refused: missing('view') };
  return { view: view as Record<string, unknown> };
}

function botMessage(message: StoredMessage, context: WebApiContext): Record<string, unknown> {
  return toApiMessage(message, context.workspace.identity.teamId);
}

const handlers: Record<string, { token: TokenKind | 'any'; handle: Handler }> = {
  'api.test': { token: 'any', handle: (args) => ({ ok: true, args }) },

  'auth.test': {
    token: 'bot',
    handle: (_args, { workspace, baseUrl }) => ({
      ok: true,
      url: `${baseUrl}/`,
      team: workspace.identity.teamName,
      user: workspace.identity.botName,
      team_id: workspace.identity.teamId,
      user_id: workspace.identity.botUserId,
      bot_id: workspace.identity.botId,
      is_enterprise_install: false,
    }),
  },

  'chat.postMessage': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      if (!channelRef) return fail('channel_not_found');
      const content = readMessageContent(args);
      if (!content.ok) return fail(content.error, content.messages);
      const channel = context.workspace.resolveForPosting(channelRef);
      if (!channel) return fail('channel_not_found');
      const metadata = readMetadata(args.metadata);
      if (metadata === 'invalid') return fail('invalid_metadata_format');
      const threadTs = text(args.thread_ts);
      const posted = context.workspace.post({
        channel: channel.id,
        content: content.content,
        user: context.workspace.identity.botUserId,
        botId: context.workspace.identity.botId,
        ...(threadTs !== undefined ? { threadTs } : {}),
        replyBroadcast: readFlag(args.reply_broadcast),
        via: 'web_api',
        ...(metadata !== undefined ? { metadata } : {}),
      });
      if (!posted.ok) return fail(posted.error);
      return { ok: true, channel: channel.id, ts: posted.message.ts, message: botMessage(posted.message, context) };
    },
  },

  'chat.postEphemeral': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      if (!channelRef) return fail('channel_not_found');
      const user = text(args.user);
      if (!user) return fail('user_not_found');
      const content = readMessageContent(args);
      if (!content.ok) return fail(content.error, content.messages);
      const channel = context.workspace.resolveForPosting(channelRef);
      if (!channel) return fail('channel_not_found');
      if (!context.workspace.findUser(user)) return fail('user_not_in_channel');
      const threadTs = text(args.thread_ts);
      const posted = context.workspace.post({
        channel: channel.id,
        content: content.content,
        user: context.workspace.identity.botUserId,
        botId: context.workspace.identity.botId,
        ephemeralTo: user,
        ...(threadTs !== undefined ? { threadTs } : {}),
        via: 'web_api',
      });
      if (!posted.ok) return fail(posted.error);
      return { ok: true, message_ts: posted.message.ts };
    },
  },

  'chat.update': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      if (!channelRef) return fail('channel_not_found');
      const ts = text(args.ts);
      if (!ts) return fail('message_not_found');
      const content = readMessageContent(args);
      if (!content.ok) return fail(content.error, content.messages);
      const channel = context.workspace.findChannel(channelRef);
      if (!channel) return fail('channel_not_found');
      const existing = context.workspace.find(channel.id, ts);
      // Ephemeral messages can only be changed through their response_url, as in Slack.
      if (!existing || existing.ephemeralTo !== undefined) return fail('message_not_found');
      if (existing.user !== context.workspace.identity.botUserId) return fail('cant_update_message');
      const patch = { ...content.content };
      const updated = context.workspace.update(channel.id, ts, patch, context.workspace.identity.botUserId);
      if (!updated.ok) return fail(updated.error);
      return { ok: true, channel: channel.id, ts, text: updated.message.text, message: botMessage(updated.message, context) };
    },
  },

  'chat.delete': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      if (!channelRef) return fail('channel_not_found');
      const channel = context.workspace.findChannel(channelRef);
      if (!channel) return fail('channel_not_found');
      const ts = text(args.ts);
      const existing = ts ? context.workspace.find(channel.id, ts) : undefined;
      if (!ts || !existing || existing.ephemeralTo !== undefined) return fail('message_not_found');
      if (existing.user !== context.workspace.identity.botUserId) return fail('cant_delete_message');
      context.workspace.remove(channel.id, ts);
      return { ok: true, channel: channel.id, ts };
    },
  },

  'chat.getPermalink': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      if (!channelRef) return fail('channel_not_found');
      const channel = context.workspace.findChannel(channelRef);
      if (!channel) return fail('channel_not_found');
      const ts = text(args.message_ts);
      if (!ts) return missing('message_ts');
      if (!context.workspace.find(channel.id, ts)) return fail('message_not_found');
      return { ok: true, channel: channel.id, permalink: `${context.baseUrl}${permalinkPath(channel.id, ts)}` };
    },
  },

  'conversations.info': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      const channel = channelRef ? context.workspace.findChannel(channelRef) : undefined;
      if (!channel) return fail('channel_not_found');
      return { ok: true, channel: toApiChannel(channel) };
    },
  },

  'conversations.list': {
    token: 'bot',
    handle: (args, context) => {
      const { slice, metadata } = page(context.workspace.channels(), args, 100, 1000);
      return { ok: true, channels: slice.map(toApiChannel), response_metadata: metadata };
    },
  },

  'conversations.history': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      const channel = channelRef ? context.workspace.findChannel(channelRef) : undefined;
      if (!channel) return fail('channel_not_found');
      const inclusive = readFlag(args.inclusive);
      const latest = text(args.latest);
      const oldest = text(args.oldest);
      const inWindow = (message: StoredMessage) => {
        const ts = Number(message.ts);
        if (latest !== undefined && (inclusive ? ts > Number(latest) : ts >= Number(latest))) return false;
        if (oldest !== undefined && (inclusive ? ts < Number(oldest) : ts <= Number(oldest))) return false;
        return true;
      };
      const newestFirst = context.workspace.history(channel.id).filter(inWindow).reverse();
      const { slice, more, metadata } = page(newestFirst, args, 100, 999);
      // Slack returns message metadata only to a caller that asks for it.
      const withMetadata = readFlag(args.include_all_metadata);
      return {
        ok: true,
        messages: slice.map((message) => {
          const api = botMessage(message, context);
          if (!withMetadata) delete api.metadata;
          return api;
        }),
        has_more: more,
        pin_count: 0,
        response_metadata: metadata,
      };
    },
  },

  'conversations.replies': {
    token: 'bot',
    handle: (args, context) => {
      const channelRef = text(args.channel);
      const channel = channelRef ? context.workspace.findChannel(channelRef) : undefined;
      if (!channel) return fail('channel_not_found');
      const ts = text(args.ts);
      if (!ts) return missing('ts');
      const target = context.workspace.find(channel.id, ts);
      if (!target || target.ephemeralTo !== undefined) return fail('thread_not_found');
      const parentTs = target.thread_ts ?? target.ts;
      const parent = context.workspace.find(channel.id, parentTs) ?? target;
      const thread = [parent, ...context.workspace.replies(channel.id, parent.ts)];
      const { slice, more, metadata } = page(thread, args, 1000, 1000);
      return { ok: true, messages: slice.map((message) => botMessage(message, context)), has_more: more, response_metadata: metadata };
    },
  },

  'users.info': {
    token: 'bot',
    handle: (args, context) => {
      const id = text(args.user);
      if (!id) return fail('user_not_found');
      const { identity } = context.workspace;
      const isBot = id === identity.botUserId;
      const person = isBot ? { id, name: identity.botName } : context.workspace.findUser(id);
      if (!person) return fail('user_not_found');
      return {
        ok: true,
        user: {
          id: person.id,
          team_id: identity.teamId,
          name: person.name,
          real_name: person.name,
          deleted: false,
          is_bot: isBot,
          is_admin: false,
          tz: 'UTC',
          tz_label: 'Coordinated Universal Time',
          tz_offset: 0,
          profile: { real_name: person.name, display_name: person.name, ...(isBot ? { bot_id: identity.botId } : {}) },
        },
      };
    },
  },

  'usergroups.users.list': {
    token: 'bot',
    handle: (args, context) => {
      const id = text(args.usergroup);
      if (!id) return missing('usergroup');
      const members = context.workspace.usergroupMembers(id);
      if (!members) return fail('no_such_subteam');
      return { ok: true, users: members };
    },
  },

  'views.open': {
    token: 'bot',
    handle: (args, context) => {
      const triggerId = args.trigger_id ?? args.interactivity_pointer;
      if (triggerId === undefined) return missing('trigger_id');
      const argument = viewArgument(args.view);
      if ('refused' in argument) return argument.refused;
      const { view } = argument;
      const problems = checkModal(view);
      if (problems.length > 0) return fail('invalid_arguments', problems);
      const use = context.triggers.use(triggerId);
      if (use !== 'ok') return fail(use);
      const opened = context.workspace.openView(view, undefined);
      return {
        ok: true,
        view: {
          ...view,
          id: opened.id,
          team_id: context.workspace.identity.teamId,
          state: { values: {} },
          hash: `${Math.floor(opened.openedAt / 1000)}.${opened.id}`,
          root_view_id: opened.id,
          app_id: 'A0PULSEAPP',
          bot_id: context.workspace.identity.botId,
        },
      };
    },
  },

  'views.publish': {
    token: 'bot',
    handle: (args, context) => {
      const user = text(args.user_id);
      if (!user) return missing('user_id');
      if (!context.workspace.findUser(user)) return fail('user_not_found');
      const argument = viewArgument(args.view);
      if ('refused' in argument) return argument.refused;
      const { view } = argument;
      const problems = checkHome(view);
      if (problems.length > 0) return fail('invalid_arguments', problems);
      const published = context.workspace.publishHome(user, view);
      return {
        ok: true,
        view: {
          ...view,
          id: published.id,
          team_id: context.workspace.identity.teamId,
          state: { values: {} },
          hash: `${Math.floor(published.publishedAt / 1000)}.${published.id}`,
          root_view_id: published.id,
          app_id: 'A0PULSEAPP',
          bot_id: context.workspace.identity.botId,
        },
      };
    },
  },

  'apps.connections.open': {
    token: 'app',
    handle: (_args, context) => ({ ok: true, url: context.socketUrl() }),
  },

  ...FILE_METHODS,
};

function checkModal(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push('[ERROR] must be modal [json-pointer:/view/type]');
  const plain = (field: string, max: number, required: boolean) => {
    const value = view[field] as { type?: unknown; text?: unknown } | undefined;
    if (value === undefined) {
      if (required) problems.push(`[ERROR] missing required field: ${field} [json-pointer:/view/${field}]`);
      return;
    }
    if (value.type !== 'plain_text' || typeof value.text !== 'string' || value.text.length === 0) {
      problems.push(`[ERROR] must be a plain_text object [json-pointer:/view/${field}]`);
    } else if (value.text.length > max) {
      problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${field}/text]`);
    }
  };
  plain('title', 24, true);
  plain('submit', 24, false);
  plain('close', 24, false);
  const blocks = validateBlocks(view.blocks ?? [], BLOCK_LIMITS.surfaceBlocks);
  if (!blocks.ok) problems.push(...blocks.messages.map((message) => message.replace('json-pointer:/blocks', 'json-pointer:/view/blocks')));
  return problems;
}

/** Slack's limits for a Home tab: type home, at most 100 blocks, private_metadata up to 3,000 characters. */
export const HOME_LIMITS = { blocks: BLOCK_LIMITS.surfaceBlocks, privateMetadata: 3000, callbackId: 255 } as const;

function checkHome(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (view.type !== 'home') problems.push('[ERROR] must be home [json-pointer:/view/type]');
  for (const [field, max] of [['private_metadata', HOME_LIMITS.privateMetadata], ['callback_id', HOME_LIMITS.callbackId], ['external_id', HOME_LIMITS.callbackId]] as const) {
    const value = view[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') problems.push(`[ERROR] must be a string [json-pointer:/view/${field}]`);
    else if (value.length > max) problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${field}]`);
  }
  if (view.blocks === undefined) problems.push('[ERROR] missing required field: blocks [json-pointer:/view/blocks]');
  const blocks = validateBlocks(view.blocks ?? [], HOME_LIMITS.blocks);
  if (!blocks.ok) problems.push(...blocks.messages.map((message) => message.replace('json-pointer:/blocks', 'json-pointer:/view/blocks')));
  return problems;
}

export const SUPPORTED_METHODS = Object.keys(handlers);

/**
 * Answers one Web API call as Slack does: token checks first (not_authed, invalid_auth,
 * not_allowed_token_type), then the method's own answer.
 */
export function callWebApi(method: string, args: Record<string, unknown>, token: string | undefined, context: WebApiContext): ApiBody {
  const handler = handlers[method];
  if (!token) return fail('not_authed');
  const kind: TokenKind | undefined =
    token === context.botToken ? 'bot' : context.appToken !== undefined && token === context.appToken ? 'app' : undefined;
  if (!kind) return fail('invalid_auth');
  if (!handler) return fail('unknown_method');
  if (handler.token !== 'any' && handler.token !== kind) return fail('not_allowed_token_type');
  return handler.handle(args, context);
}
