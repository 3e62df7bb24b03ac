import { EventEmitter } from 'node:events';

import { FileStore } from './files';
import type { MessageContent } from './messageContent';
import type { SavedWorkspace } from './savedWorkspace';
import type {
  CommandEcho,
  OpenedView,
  PublishedHome,
  StandInChange,
  StandInChannel,
  StandInChannelInput,
  SharedFile,
  StandInUserInput,
  StoredMessage,
  TimelineEntry,
} from './types';

/**
 * Unknown channels: a lowercase channel name (with or without #) is created on its first post,
 * because the app posts to channels named in its configuration; anything else unknown (ids such
 * as C0123ABCD or CNOTEXIST, names with capitals or odd characters) is channel_not_found.
 */
const CREATABLE_NAME = /^[a-z0-9][a-z0-9._-]{0,79}$/;

interface ChannelState {
  channel: StandInChannel;
  timeline: TimelineEntry[];
  /** Replies by their parent's ts, oldest first. */
  threads: Map<string, StoredMessage[]>;
}

export type PostResult = { ok: true; message: StoredMessage } | { ok: false; error: string };

export interface PostInput {
  channel: string;
  content: MessageContent;
  user: string;
  botId?: string;
  threadTs?: string;
  replyBroadcast?: boolean;
  ephemeralTo?: string;
  via: StoredMessage['via'];
  metadata?: unknown;
  files?: SharedFile[];
}

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  botName: string;
}

/** The workspace's state: channels, their messages and threads, users and opened views. */
export class Workspace {
  private readonly byId = new Map<string, ChannelState>();
  private readonly userList: StandInUserInput[];
  private readonly openedViews: OpenedView[] = [];
  /** Each user's Home tab, as last published. */
  private readonly homes = new Map<string, PublishedHome>();
  private readonly events = new EventEmitter();
  private autoChannelCount = 0;
  private viewCount = 0;
  /** Uploaded files; shared ones are saved with the workspace. */
  readonly files: FileStore;

  /**
   * `saved` is a workspace an earlier run kept: its channels keep their ids (the app stored them
   * with its messages), and a configured channel it lacks is added after them.
   */
  constructor(
    readonly identity: WorkspaceIdentity,
    private readonly configured: StandInChannelInput[],
    users: StandInUserInput[],
    private readonly nextTs: () => string,
    private readonly now: () => number = Date.now,
    saved?: SavedWorkspace,
    /** The stand-in's address, for the files' url_private. */
    baseUrl = '',
  ) {
    this.files = new FileStore(() => baseUrl, saved?.files);
    for (const channel of saved?.channels ?? []) {
      this.byId.set(channel.id, {
        channel: { id: channel.id, name: channel.name, created: channel.created, autoCreated: channel.autoCreated },
        timeline: channel.timeline,
        threads: new Map(Object.entries(channel.threads)),
      });
    }
    this.addConfiguredChannels();
    this.userList = users.map((user) => ({ ...user }));
    // Slack lets a listener throw without harming the sender; so does the stand-in.
    this.events.on('error', () => undefined);
  }

  private addConfiguredChannels(): void {
    for (const { id, name } of this.configured) {
      const bare = name.replace(/^#/, '');
      if (this.findChannel(bare)) continue;
      let free = id;
      for (let n = 2; this.byId.has(free); n += 1) free = `${id}${n}`;
      this.addChannel(free, bare, false);
    }
  }

  /** Everything worth keeping between runs, as plain data (no copies: serialize it before the next change). */
  save(): SavedWorkspace {
    const files = this.files.save();
    return {
      version: 1,
      ...(files.length > 0 ? { files } : {}),
      channels: [...this.byId.values()].map((state) => ({
        ...state.channel,
        timeline: state.timeline,
        threads: Object.fromEntries(state.threads),
      })),
    };
  }

  /** Starts over: only the configured channels, empty; no views. Timestamps keep increasing. */
  reset(): void {
    this.byId.clear();
    this.openedViews.length = 0;
    this.homes.clear();
    this.files.clear();
    this.autoChannelCount = 0;
    this.addConfiguredChannels();
    this.emit({ kind: 'workspace_reset' });
  }

  onChange(listener: (change: StandInChange) => void): void {
    this.events.on('change', listener);
  }

  offChange(listener: (change: StandInChange) => void): void {
    this.events.off('change', listener);
  }

  private emit(change: StandInChange): void {
    for (const listener of this.events.listeners('change')) {
      try {
        (listener as (change: StandInChange) => void)(change);
      } catch {
        // A failing observer (the preview's event stream) must not fail the Web API call.
      }
    }
  }

  private addChannel(id: string, name: string, autoCreated: boolean): StandInChannel {
    const channel: StandInChannel = { id, name, created: Math.floor(this.now() / 1000), autoCreated };
    this.byId.set(id, { channel, timeline: [], threads: new Map() });
    return channel;
  }

  channels(): StandInChannel[] {
    return [...this.byId.values()].map((state) => ({ ...state.channel }));
  }

  users(): StandInUserInput[] {
    return this.userList.map((user) => ({ ...user }));
  }

  findUser(id: string): StandInUserInput | undefined {
    return this.userList.find((user) => user.id === id);
  }

  /** User groups (S0123ABCD) and their members, as usergroups.users.list reads them. */
  private readonly groups = new Map<string, string[]>();

  setUsergroup(id: string, members: readonly string[]): void {
    this.groups.set(id, [...members]);
  }

  usergroupMembers(id: string): string[] | undefined {
    const members = this.groups.get(id);
    return members ? [...members] : undefined;
  }

  /** By id, then by name (with or without #, case-insensitive). */
  findChannel(reference: string): StandInChannel | undefined {
    return this.state(reference)?.channel;
  }

  private state(reference: string): ChannelState | undefined {
    const direct = this.byId.get(reference);
    if (direct) return direct;
    const name = reference.replace(/^#/, '').toLowerCase();
    for (const state of this.byId.values()) {
      if (state.channel.name.toLowerCase() === name) return state;
    }
    return undefined;
  }

  /** Finds the channel, creating it when the reference is a new lowercase name. */
  resolveForPosting(reference: string): StandInChannel | undefined {
    const existing = this.findChannel(reference);
    if (existing) return existing;
    const name = reference.replace(/^#/, '');
    if (!CREATABLE_NAME.test(name)) return undefined;
    let id: string;
    do {
      this.autoChannelCount += 1;
      id = `C0AUTO${String(this.autoChannelCount).padStart(4, '0')}`;
    } while (this.byId.has(id));
    const channel = this.addChannel(id, name, true);
    this.emit({ kind: 'channel_created', channel: { ...channel } });
    return channel;
  }

  post(input: PostInput): PostResult {
    const state = this.state(input.channel);
    if (!state) return { ok: false, error: 'channel_not_found' };
    let parent: StoredMessage | undefined;
    if (input.threadTs !== undefined) {
      const target = this.findIn(state, input.threadTs);
      if (!target) return { ok: false, error: 'thread_not_found' };
      // A reply to a reply joins the parent's thread, as in Slack.
      parent = target.thread_ts !== undefined && target.thread_ts !== target.ts ? this.findIn(state, target.thread_ts) : target;
      if (!parent) return { ok: false, error: 'thread_not_found' };
    }
    const message: StoredMessage = {
      type: 'message',
      ts: this.nextTs(),
      channel: state.channel.id,
      user: input.user,
      text: input.content.text,
      via: input.via,
    };
    if (input.botId !== undefined) message.bot_id = input.botId;
    if (input.content.blocks?.length) message.blocks = input.content.blocks;
    if (input.content.attachments?.length) message.attachments = input.content.attachments;
    if (input.ephemeralTo !== undefined) message.ephemeralTo = input.ephemeralTo;
    if (input.metadata !== undefined) message.metadata = input.metadata;
    if (input.files?.length) message.files = input.files;

    if (parent) {
      message.thread_ts = parent.ts;
      if (input.replyBroadcast) message.reply_broadcast = true;
      if (input.ephemeralTo === undefined) {
        const replies = state.threads.get(parent.ts) ?? [];
        replies.push(message);
        state.threads.set(parent.ts, replies);
        parent.thread_ts = parent.ts;
        parent.reply_count = replies.length;
        parent.latest_reply = message.ts;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), message.user])];
        if (message.reply_broadcast) state.timeline.push(message);
        this.emit({ kind: 'message_posted', channel: state.channel.id, ts: message.ts, threadTs: parent.ts });
        this.emit({ kind: 'message_updated', channel: state.channel.id, ts: parent.ts });
        return { ok: true, message };
      }
      // An ephemeral thread reply is only seen by its reader; keep it in the thread list too.
      const replies = state.threads.get(parent.ts) ?? [];
      replies.push(message);
      state.threads.set(parent.ts, replies);
      this.emit({ kind: 'message_posted', channel: state.channel.id, ts: message.ts, threadTs: parent.ts });
      return { ok: true, message };
    }
    state.timeline.push(message);
    this.emit({ kind: 'message_posted', channel: state.channel.id, ts: message.ts });
    return { ok: true, message };
  }

  /** Replaces text, and blocks/attachments when given (an empty array removes them), as chat.update does. */
  update(channel: string, ts: string, content: Partial<MessageContent>, editor: string, markEdited = true): PostResult {
    const state = this.state(channel);
    if (!state) return { ok: false, error: 'channel_not_found' };
    const message = this.findIn(state, ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) {
      if (content.blocks.length > 0) message.blocks = content.blocks;
      else delete message.blocks;
    }
    if (content.attachments !== undefined) {
      if (content.attachments.length > 0) message.attachments = content.attachments;
      else delete message.attachments;
    }
    if (markEdited) message.edited = { user: editor, ts: this.nextTs() };
    this.emit({ kind: 'message_updated', channel: state.channel.id, ts, ...this.threadOf(message) });
    return { ok: true, message };
  }

  remove(channel: string, ts: string): PostResult {
    const state = this.state(channel);
    if (!state) return { ok: false, error: 'channel_not_found' };
    const message = this.findIn(state, ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    state.timeline = state.timeline.filter((entry) => entry !== message);
    const parentTs = message.thread_ts !== undefined && message.thread_ts !== message.ts ? message.thread_ts : undefined;
    if (parentTs !== undefined) {
      const replies = (state.threads.get(parentTs) ?? []).filter((reply) => reply !== message);
      state.threads.set(parentTs, replies);
      const parent = this.findIn(state, parentTs);
      if (parent) {
        const visible = replies.filter((reply) => reply.ephemeralTo === undefined);
        parent.reply_count = visible.length;
        parent.latest_reply = visible.at(-1)?.ts;
        if (visible.length === 0) {
          delete parent.reply_count;
          delete parent.latest_reply;
          delete parent.reply_users;
        }
        this.emit({ kind: 'message_updated', channel: state.channel.id, ts: parentTs });
      }
    } else {
      // Replies of a deleted parent go with it.
      for (const reply of state.threads.get(message.ts) ?? []) {
        state.timeline = state.timeline.filter((entry) => entry !== reply);
      }
      state.threads.delete(message.ts);
    }
    this.emit({ kind: 'message_deleted', channel: state.channel.id, ts, ...(parentTs !== undefined ? { threadTs: parentTs } : {}) });
    return { ok: true, message };
  }

  echoCommand(channel: string, user: string, text: string): CommandEcho | undefined {
    const state = this.state(channel);
    if (!state) return undefined;
    const echo: CommandEcho = { type: 'command', ts: this.nextTs(), channel: state.channel.id, user, text };
    state.timeline.push(echo);
    this.emit({ kind: 'command_sent', channel: state.channel.id, ts: echo.ts });
    return echo;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    const state = this.state(channel);
    return state ? this.findIn(state, ts) : undefined;
  }

  private findIn(state: ChannelState, ts: string): StoredMessage | undefined {
    for (const entry of state.timeline) {
      if (entry.type === 'message' && entry.ts === ts) return entry;
    }
    for (const replies of state.threads.values()) {
      const reply = replies.find((candidate) => candidate.ts === ts);
      if (reply) return reply;
    }
    return undefined;
  }

  private threadOf(message: StoredMessage): { threadTs?: string } {
    return message.thread_ts !== undefined && message.thread_ts !== message.ts ? { threadTs: message.thread_ts } : {};
  }

  timeline(channel: string): TimelineEntry[] {
    return [...(this.state(channel)?.timeline ?? [])];
  }

  /** What conversations.history shows: top-level messages everyone sees, oldest first. */
  history(channel: string): StoredMessage[] {
    return this.timeline(channel).filter(
      (entry): entry is StoredMessage => entry.type === 'message' && entry.ephemeralTo === undefined,
    );
  }

  /** Replies of a thread, oldest first; ephemeral replies only with `includeEphemeral`. */
  replies(channel: string, threadTs: string, includeEphemeral = false): StoredMessage[] {
    const replies = this.state(channel)?.threads.get(threadTs) ?? [];
    return replies.filter((reply) => includeEphemeral || reply.ephemeralTo === undefined);
  }

  openView(view: Record<string, unknown>, user: string | undefined): OpenedView {
    this.viewCount += 1;
    const opened: OpenedView = {
      id: `V0VIEW${String(this.viewCount).padStart(4, '0')}`,
      type: typeof view.type === 'string' ? view.type : 'modal',
      view,
      openedAt: this.now(),
    };
    if (user !== undefined) opened.user = user;
    this.openedViews.push(opened);
    this.emit({ kind: 'view_opened', viewId: opened.id });
    return opened;
  }

  /** views.publish: the user's Home tab is replaced as a whole, and keeps its id. */
  publishHome(user: string, view: Record<string, unknown>): PublishedHome {
    let id = this.homes.get(user)?.id;
    if (id === undefined) {
      this.viewCount += 1;
      id = `V0HOME${String(this.viewCount).padStart(4, '0')}`;
    }
    const published: PublishedHome = { id, user, view, publishedAt: this.now() };
    this.homes.set(user, published);
    this.emit({ kind: 'home_published', user });
    return published;
  }

  home(user: string): PublishedHome | undefined {
    return this.homes.get(user);
  }

  views(): OpenedView[] {
    return [...this.openedViews];
  }

  announce(change: StandInChange): void {
    this.emit(change);
  }
}
