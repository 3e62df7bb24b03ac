/**
 * The public shape of the Slack stand-in: what the preview, the app's end-to-end tests and the
 * local runner use. Everything a caller needs is here; the modules next to it are the workings.
 */

export interface StandInChannelInput {
  id: string;
  name: string;
}

export interface StandInUserInput {
  id: string;
  name: string;
}

export interface SlackStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  signingSecret: string;
  botToken: string;
  /** An app-level token (xapp-…); without it apps.connections.open answers not_allowed_token_type. */
  appToken?: string;
  /** Where signed HTTP requests go, e.g. http://127.0.0.1:3000/slack/events. Not needed in Socket Mode. */
  appRequestUrl?: string;
  channels?: StandInChannelInput[];
  /** People in the workspace; the first one is the person using the preview. */
  users?: StandInUserInput[];
  /** User groups by id (S0123ABCD) with their members' user ids, for usergroups.users.list. */
  usergroups?: Record<string, string[]>;
  teamId?: string;
  /** How long the app has to acknowledge a request (Slack allows 3000 ms). */
  ackTimeoutMs?: number;
  /**
   * Keep the workspace (channels, messages, threads, edits) in a file, so the next run starts where
   * this one stopped. Off by default: tests get a fresh workspace every time.
   */
  persistence?: WorkspacePersistence;
  /** The clock, in milliseconds since the epoch (message timestamps, expiries); Date.now by default. */
  now?: () => number;
}

export interface WorkspacePersistence {
  /** A JSON file, e.g. ./data/preview-workspace.json; its folder is created when missing. */
  file: string;
  /** How long after a change the file is written; changes meanwhile go in the same write. 250 ms by default. */
  debounceMs?: number;
  /** Told when the file cannot be read (it is moved aside and the workspace starts empty) or written. */
  onProblem?: (problem: PersistenceProblem) => void;
}

export type PersistenceProblem =
  | { kind: 'unreadable'; file: string; reason: string; /** Where the file was moved; absent when it could not be moved. */ movedTo?: string }
  | { kind: 'write_failed'; file: string; reason: string };

/** One Web API call as the stand-in received it (the token is never kept). */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /**
   * What the stand-in answered: the HTTP status and, for Slack-level answers, ok and error. 0 when
   * no answer reached the caller (a lost or hung answer); ok then says whether the call was done.
   */
  status: number;
  ok: boolean;
  error?: string;
}

/** One POST to a response_url. */
export interface RecordedResponse {
  responseUrl: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
}

export type Fault =
  | { status: 429; retryAfter?: number }
  | { status: 500 }
  | { error: string }
  /** Slack carries the call out, then the connection closes before its answer is sent. */
  | { answer: 'lost' }
  /**
   * No answer comes until the stand-in closes. `accepted` (true by default) says whether Slack
   * carried the call out meanwhile, as a call can be done and its answer still never arrive.
   */
  | { answer: 'hung'; accepted?: boolean };

export interface FailNextOptions {
  /** How many consecutive calls fail; 1 by default. */
  times?: number;
  /** Only calls to this channel (an id or a name) fail; calls to any channel by default. */
  channel?: string;
}

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

/** A Block Kit block as the app sent it; validated, otherwise kept as is. */
export type Block = Record<string, unknown> & { type: string; block_id?: string };

/** A file as a message carries it and the Web API returns it (files.uploadV2); its bytes are served at url_private. */
export interface SharedFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  alt_txt?: string;
  url_private: string;
}

export interface StoredMessage {
  type: 'message';
  ts: string;
  channel: string;
  /** Who posted it: the bot user for app messages. */
  user: string;
  bot_id?: string;
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
  /** Set on a thread reply (the parent's ts) and on a parent once it has replies (its own ts). */
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reply_broadcast?: boolean;
  edited?: { user: string; ts: string };
  /** Set when only this user sees the message (chat.postEphemeral, ephemeral respond()). */
  ephemeralTo?: string;
  /** How it arrived, for the preview: the Web API, a response_url, or an acknowledgement body. */
  via: 'web_api' | 'response_url' | 'ack';
  metadata?: unknown;
  /** Files shared with the message (files.completeUploadExternal with a channel). */
  files?: SharedFile[];
}

/** A slash command the person typed, shown in the preview; never returned by the Web API. */
export interface CommandEcho {
  type: 'command';
  ts: string;
  channel: string;
  user: string;
  text: string;
}

export type TimelineEntry = StoredMessage | CommandEcho;

export interface StandInChannel {
  id: string;
  name: string;
  created: number;
  /** True when the channel was created by a first post to its name. */
  autoCreated: boolean;
}

export interface OpenedView {
  id: string;
  type: string;
  view: Record<string, unknown>;
  user?: string;
  openedAt: number;
}

/** A user's App Home tab as the app last published it with views.publish. */
export interface PublishedHome {
  id: string;
  user: string;
  view: Record<string, unknown>;
  publishedAt: number;
}

/** Opening the app's Home tab (app_home_opened), or pressing a button on it. */
export interface HomeInput {
  userId?: string;
}

export interface HomeButtonInput extends HomeInput {
  actionId: string;
  blockId?: string;
  value?: string;
  /** For a static select or an overflow menu: the chosen option's value. */
  selectedOption?: string | { value: string; text?: string };
}

export type StandInChange =
  | { kind: 'channel_created'; channel: StandInChannel }
  | { kind: 'home_published'; user: string }
  | { kind: 'message_posted'; channel: string; ts: string; threadTs?: string }
  | { kind: 'message_updated'; channel: string; ts: string; threadTs?: string }
  | { kind: 'message_deleted'; channel: string; ts: string; threadTs?: string }
  | { kind: 'command_sent'; channel: string; ts: string }
  | { kind: 'view_opened'; viewId: string }
  | { kind: 'app_connected'; mode: 'socket' }
  | { kind: 'app_disconnected'; mode: 'socket' }
  | { kind: 'jobs_changed' }
  | { kind: 'workspace_reset' };

/** What the app answered to a delivered request (the HTTP ack, or the Socket Mode ack). */
export interface DeliveryResult {
  status: number;
  body: string;
  via: 'http' | 'socket';
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  channelId: string;
  userId?: string;
  /** Send it with a wrong signature or a timestamp older than five minutes (HTTP only). */
  tamper?: Tamper;
}

export interface ClickButtonInput {
  channelId: string;
  messageTs: string;
  actionId: string;
  blockId?: string;
  value?: string;
  userId?: string;
  /** For a static select or an overflow menu: the chosen option's value. */
  selectedOption?: string | { value: string; text?: string };
  tamper?: Tamper;
}

export type Tamper = 'forged-signature' | 'stale-timestamp';

export interface RawRequestOptions {
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Sent as is instead of the correct signature. */
  signature?: string;
  contentType?: string;
}

export type PreviewJob =
  | (() => Promise<void>)
  | {
      label: string;
      /** `choice` is the value of the option chosen on the page, for a job with `choices`. */
      run: (choice?: string) => Promise<void>;
      /** A question the page asks before it runs the job (for one that throws something away). */
      confirm?: string;
      /** What the job runs on, chosen on the page beside its button; the first is chosen until someone picks another. */
      choices?: ReadonlyArray<PreviewJobChoice>;
    };

export interface PreviewJobChoice {
  value: string;
  label: string;
}

/**
 * The preview page's API (`/preview/*`). The page's scripts type their data with these, so the
 * server and the page cannot drift apart.
 */

/** GET /preview/state: the workspace as the page shows it. */
export interface PreviewState {
  team: { id: string; name: string };
  bot: StandInUserInput;
  /** The person using the preview. */
  me: string;
  /** Everyone the page may name, the bot included. */
  users: StandInUserInput[];
  channels: PreviewChannel[];
  jobs: PreviewJobControl[];
  /** Lines the page shows under the job controls (what live state the app follows, and how fresh). */
  jobNotes: string[];
  appConnected: boolean;
}

export interface PreviewChannel extends StandInChannel {
  messageCount: number;
  latestTs?: string;
}

/** A job control in the sidebar; `confirm` is asked before it runs. */
export interface PreviewJobControl {
  name: string;
  label: string;
  confirm?: string;
  choices?: PreviewJobChoice[];
}

/** A top-level message with its thread replies (ephemeral ones too), or a command echo. */
export type PreviewEntry = CommandEcho | (StoredMessage & { replies?: StoredMessage[] });

/** GET /preview/channels/<id> */
export interface PreviewChannelEntries {
  channel: StandInChannel;
  entries: PreviewEntry[];
}

/** POST /preview/command and /preview/actions: what the app answered to the delivered request. */
export interface PreviewDelivery extends DeliveryResult {
  ok: boolean;
}

/** POST /preview/command */
export interface PreviewCommandRequest {
  channelId: string;
  text: string;
}

/** GET /preview/home: the Home tab last published for the person using the preview. */
export interface PreviewHome {
  ok: true;
  home: PublishedHome | null;
}

/** POST /preview/home/actions */
export interface PreviewHomeActionRequest {
  actionId: string;
  blockId?: string;
  selectedOption?: string;
}

/** POST /preview/actions */
export interface PreviewActionRequest {
  channelId: string;
  messageTs: string;
  actionId: string;
  blockId?: string;
  selectedOption?: string;
}

/** Any /preview/* request the stand-in refused or could not carry out. */
export interface PreviewFailure {
  ok: false;
  error: string;
}

export interface SlackStandIn {
  /** http://127.0.0.1:PORT (no trailing slash); the Web API is under `${url}/api/`. */
  readonly url: string;
  readonly apiUrl: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** The person using the preview (the first user). */
  readonly defaultUserId: string;

  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  readonly responses: RecordedResponse[];
  failNext(method: string, fault: Fault, options?: FailNextOptions): void;
  /** Forgets the faults queued by failNext that no call has met yet: Slack recovers. */
  clearFaults(): void;

  slashCommand(input: SlashCommandInput): Promise<DeliveryResult>;
  clickButton(input: ClickButtonInput): Promise<DeliveryResult>;
  /** Posts a form body to the app with the given signing details (HTTP only). */
  sendRaw(rawBody: string, options?: RawRequestOptions): Promise<DeliveryResult>;
  /** Where signed HTTP requests go from now on (the app may start after the stand-in). */
  setAppRequestUrl(url: string | undefined): void;
  /** True while the app holds a Socket Mode connection. */
  isSocketConnected(): boolean;

  channels(): StandInChannel[];
  findChannel(idOrName: string): StandInChannel | undefined;
  /** The channel's timeline, oldest first: top-level messages (ephemeral ones too) and command echoes. */
  timeline(channel: string): TimelineEntry[];
  /** Top-level messages visible to everyone, oldest first. */
  messages(channel: string): StoredMessage[];
  message(channel: string, ts: string): StoredMessage | undefined;
  replies(channel: string, threadTs: string): StoredMessage[];
  views(): OpenedView[];
  /** The Home tab last published for the user, if any. */
  home(userId: string): PublishedHome | undefined;
  /** The user opens the app's Home tab: an app_home_opened event is delivered to the app. */
  openHome(input?: HomeInput): Promise<DeliveryResult>;
  /** The user presses a button (or picks an option) on their Home tab: a block_actions from a view. */
  clickHomeButton(input: HomeButtonInput): Promise<DeliveryResult>;
  /** Every file completed with files.completeUploadExternal, shared or not, oldest first. */
  files(): SharedFile[];
  /** A file's bytes, as uploaded. */
  fileBytes(id: string): Uint8Array | undefined;
  /** Defines a user group (or replaces its members), as an admin would in Slack. */
  setUsergroup(id: string, members: readonly string[]): void;

  on(event: 'change', listener: (change: StandInChange) => void): void;
  off(event: 'change', listener: (change: StandInChange) => void): void;

  /** Hooks the preview's job controls call (POST /preview/jobs/<name>). */
  setJobs(jobs: Record<string, PreviewJob>): void;
  /** The lines shown under the job controls; the page is told when they change. */
  setJobNotes(notes: readonly string[]): void;

  /** Empties the workspace (the channels it started with stay, with no messages) and saves that at once. */
  resetWorkspace(): Promise<void>;
  /** Saves pending changes now (with `persistence`); close() does it too. */
  flush(): Promise<void>;

  close(): Promise<void>;
}
