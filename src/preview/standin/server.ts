import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PulseError } from '../../errors/pulseError';

import { messageFromAck } from './ackMessage';
import { postSignedToApp } from './appDelivery';
import { FaultQueue } from './faults';
import { handleFileRoute } from './fileRoutes';
import { sendJson, sendText } from './httpReply';
import { createTsClock } from './messageTs';
import { actionFor, APP_ID, appHomeOpenedEvent, blockActionsPayload, findElement, interactiveFormBody, InteractionError, slashCommandFields, viewActionsPayload } from './payloads';
import { PreviewRoutes } from './previewRoutes';
import { latestSavedTs } from './savedWorkspace';
import { BodyTooLargeError, parseRequestBody, presentedToken, readRawBody } from './requestBody';
import { ResponseUrls } from './responseUrls';
import { staleTimestamp } from './signing';
import { SocketModeHub, type EnvelopeType } from './socketMode';
import { TriggerRegistry } from './triggers';
import type {
  ClickButtonInput,
  DeliveryResult,
  Fault,
  FailNextOptions,
  HomeButtonInput,
  HomeInput,
  PreviewJob,
  RawRequestOptions,
  RecordedCall,
  RecordedResponse,
  SlackStandIn,
  SlackStandInOptions,
  SlashCommandInput,
  StandInChange,
  StandInUserInput,
  Tamper,
} from './types';
import { callWebApi, decodeArgs, type ApiBody, type WebApiContext } from './webApi';
import { Workspace } from './workspace';
import { changesSavedState, loadWorkspaceFile, WorkspaceFileWriter } from './workspaceFile';

export const DEFAULT_TEAM_ID = 'T0PREVIEW1';
export const DEFAULT_BOT_USER_ID = 'U0PULSEBOT';
export const DEFAULT_BOT_ID = 'B0PULSEBOT';
export const DEFAULT_USERS: StandInUserInput[] = [{ id: 'U0PREVIEW1', name: 'you' }];
const SLACK_ACK_TIMEOUT_MS = 3000;

export class StandInOptionsError extends PulseError<'PULSE_PREVIEW_OPTIONS'> {
  constructor(problems: string[]) {
    super('PULSE_PREVIEW_OPTIONS', `Slack stand-in options: ${problems.join('; ')}`);
    this.name = 'StandInOptionsError';
  }
}

function checkOptions(options: SlackStandInOptions): void {
  const problems: string[] = [];
  if (typeof options.signingSecret !== 'string' || options.signingSecret === '') problems.push('signingSecret is required');
  if (typeof options.botToken !== 'string' || options.botToken === '') problems.push('botToken is required');
  if (options.host !== undefined && options.host !== '127.0.0.1') problems.push('host must be 127.0.0.1');
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    problems.push('port must be a whole number from 0 to 65535');
  }
  if (options.appRequestUrl !== undefined) {
    try {
      const url = new URL(options.appRequestUrl);
      if (url.protocol !== 'http:') problems.push('appRequestUrl must be an http:// URL');
    } catch {
      problems.push('appRequestUrl must be a URL such as http://127.0.0.1:3000/slack/events');
    }
  }
  const ids = new Set<string>();
  for (const channel of options.channels ?? []) {
    if (!channel.id || !channel.name) problems.push('every channel needs an id and a name');
    if (ids.has(channel.id)) problems.push(`channel id ${channel.id} appears twice`);
    ids.add(channel.id);
  }
  if (options.users !== undefined && options.users.length === 0) problems.push('users, when given, needs at least one user');
  if (problems.length > 0) throw new StandInOptionsError(problems);
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts a Slack stand-in on 127.0.0.1: Web API, signed requests into the app, response_url, Socket Mode, preview page. */
export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  checkOptions(options);
  const host = '127.0.0.1';
  const now = options.now ?? Date.now;
  const loaded = options.persistence ? await loadWorkspaceFile(options.persistence, now) : undefined;
  const server = createServer();
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host}:${port}`;
  const ackTimeoutMs = options.ackTimeoutMs ?? SLACK_ACK_TIMEOUT_MS;

  const users = options.users ?? DEFAULT_USERS;
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  const identity = { teamId, teamName: 'Pulse Preview', botUserId: DEFAULT_BOT_USER_ID, botId: DEFAULT_BOT_ID, botName: 'pulse' };
  // New timestamps come after every saved one, even if this machine's clock went back meanwhile.
  const tsClock = createTsClock(now, loaded?.saved ? latestSavedTs(loaded.saved) : undefined);
  const workspace = new Workspace(identity, options.channels ?? [], users, tsClock, now, loaded?.saved, url);
  for (const [id, members] of Object.entries(options.usergroups ?? {})) workspace.setUsergroup(id, members);
  const writer = options.persistence && loaded?.writable ? new WorkspaceFileWriter(options.persistence, () => workspace.save()) : null;
  if (writer) {
    workspace.onChange((change) => {
      if (changesSavedState(change)) writer.changed();
    });
  }
  const events = new EventEmitter();
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const faults = new FaultQueue();
  const triggers = new TriggerRegistry(now);
  const responseUrls = new ResponseUrls(now);
  const hub = new SocketModeHub(`ws://${host}:${port}`, APP_ID, (connected) =>
    workspace.announce({ kind: connected ? 'app_connected' : 'app_disconnected', mode: 'socket' }),
  );
  let jobs: Record<string, PreviewJob> = {};
  let jobNotes: readonly string[] = [];
  let appRequestUrl = options.appRequestUrl;
  let closed = false;

  const apiContext: WebApiContext = {
    workspace,
    botToken: options.botToken,
    appToken: options.appToken,
    baseUrl: url,
    triggers,
    socketUrl: () => hub.issueUrl(),
  };

  async function handleWebApi(request: IncomingMessage, response: ServerResponse, method: string, query: URLSearchParams): Promise<void> {
    const raw = await readRawBody(request);
    const parsed = parseRequestBody(raw, request.headers['content-type']);
    const fields: Record<string, unknown> = { ...Object.fromEntries(query), ...(parsed.ok ? parsed.fields : {}) };
    const args = decodeArgs(fields);
    const record = (status: number, body: ApiBody) => {
      const call: RecordedCall = { method, args, at: now(), status, ok: body.ok };
      if (body.error !== undefined) call.error = body.error;
      calls.push(call);
    };
    if (!parsed.ok) {
      const body = { ok: false, error: parsed.error };
      record(200, body);
      sendJson(response, 200, body);
      return;
    }
    const fault = faults.take(method, typeof fields.channel === 'string' ? workspace.findChannel(fields.channel)?.id : undefined);
    if (fault && 'answer' in fault) {
      const carriedOut = fault.answer === 'lost' || fault.accepted !== false;
      const body = carriedOut ? callWebApi(method, fields, presentedToken(request.headers.authorization, fields), apiContext) : { ok: false };
      record(0, body);
      // A lost answer: the connection closes with nothing sent. A hung one stays open until close().
      if (fault.answer === 'lost') request.socket.destroy();
      return;
    }
    if (fault) {
      const answer = faultAnswer(fault);
      record(answer.status, answer.body);
      sendJson(response, answer.status, answer.body, answer.headers);
      return;
    }
    const body = callWebApi(method, fields, presentedToken(request.headers.authorization, fields), apiContext);
    record(200, body);
    sendJson(response, 200, body);
  }

  async function handleResponseUrl(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const raw = await readRawBody(request);
    const parsed = parseRequestBody(raw, request.headers['content-type'] ?? 'application/json');
    let body: Record<string, unknown> = parsed.ok ? parsed.fields : {};
    // Some clients post the JSON as a form field named payload.
    if (parsed.ok && typeof body.payload === 'string') {
      try {
        body = JSON.parse(body.payload) as Record<string, unknown>;
      } catch {
        body = {};
      }
    }
    const outcome = parsed.ok ? responseUrls.apply(id, body, workspace) : { status: 400, ok: false, error: parsed.error };
    const recorded: RecordedResponse = { responseUrl: `${url}/response/${id}`, body, at: now(), status: outcome.status, ok: outcome.ok };
    if (outcome.error !== undefined) recorded.error = outcome.error;
    responses.push(recorded);
    sendJson(response, outcome.status, outcome.ok ? { ok: true } : { ok: false, error: outcome.error });
  }

  async function deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    formBody: string,
    acceptsResponsePayload: boolean,
    tamper: Tamper | undefined,
  ): Promise<DeliveryResult> {
    if (closed) throw new Error('the Slack stand-in is closed');
    if (tamper !== undefined) return sendRaw(formBody, tamperedSigning(tamper));
    if (hub.isConnected()) return hub.deliver(type, payload, acceptsResponsePayload, ackTimeoutMs);
    if (appRequestUrl !== undefined) {
      return postSignedToApp(appRequestUrl, formBody, { signingSecret: options.signingSecret, timeoutMs: ackTimeoutMs });
    }
    throw new Error('no app to deliver to: give appRequestUrl, or connect the app in Socket Mode');
  }

  function tamperedSigning(tamper: Tamper): RawRequestOptions {
    return tamper === 'forged-signature'
      ? { signature: `v0=${'0'.repeat(64)}` }
      : { timestamp: staleTimestamp(now()) };
  }

  function sendRaw(rawBody: string, raw: RawRequestOptions = {}): Promise<DeliveryResult> {
    if (appRequestUrl === undefined) return Promise.reject(new Error('sendRaw needs appRequestUrl: signed requests go over HTTP'));
    return postSignedToApp(appRequestUrl, rawBody, {
      signingSecret: options.signingSecret,
      timeoutMs: ackTimeoutMs,
      ...(raw.timestamp !== undefined ? { timestamp: raw.timestamp } : {}),
      ...(raw.signature !== undefined ? { signature: raw.signature } : {}),
      ...(raw.contentType !== undefined ? { contentType: raw.contentType } : {}),
    });
  }

  function userFor(userId: string | undefined): StandInUserInput {
    const id = userId ?? users[0]?.id ?? DEFAULT_USERS[0]!.id;
    const user = workspace.findUser(id);
    if (!user) throw new InteractionError(`unknown user ${id}: add it to the stand-in's users`);
    return user;
  }

  async function slashCommand(input: SlashCommandInput): Promise<DeliveryResult> {
    if (typeof input.command !== 'string' || !/^\/[\w-]+$/.test(input.command)) {
      throw new InteractionError(`a slash command looks like /fivetran, got "${String(input.command)}"`);
    }
    const channel = workspace.findChannel(input.channelId);
    if (!channel) throw new InteractionError(`unknown channel ${input.channelId}`);
    const user = userFor(input.userId);
    const responseId = responseUrls.issue({ channel: channel.id, user: user.id });
    const fields = slashCommandFields(input.command, input.text ?? '', {
      teamId,
      teamDomain: 'pulse-preview',
      channel,
      user,
      responseUrl: `${url}/response/${responseId}`,
      triggerId: triggers.issue(),
      now: now(),
    });
    const result = await deliver('slash_commands', fields, new URLSearchParams(fields).toString(), true, input.tamper);
    const first = messageFromAck(result.status, result.body);
    if (first) {
      workspace.post({
        channel: channel.id,
        content: first.content,
        user: workspace.identity.botUserId,
        botId: workspace.identity.botId,
        via: 'ack',
        ...(first.inChannel ? {} : { ephemeralTo: user.id }),
      });
    }
    return result;
  }

  async function clickButton(input: ClickButtonInput): Promise<DeliveryResult> {
    const channel = workspace.findChannel(input.channelId);
    if (!channel) throw new InteractionError(`unknown channel ${input.channelId}`);
    const message = workspace.find(channel.id, input.messageTs);
    if (!message) throw new InteractionError(`no message ${input.messageTs} in ${channel.id}`);
    const found = findElement(message.blocks, input.actionId, input.blockId);
    if (!found) throw new InteractionError(`message ${input.messageTs} has no element with action_id "${input.actionId}"`);
    const action = actionFor(found, input.selectedOption, now());
    if (input.value !== undefined && action.type === 'button') action.value = input.value;
    const user = userFor(input.userId);
    const threadTs = message.thread_ts !== undefined && message.thread_ts !== message.ts ? message.thread_ts : undefined;
    const responseId = responseUrls.issue({ channel: channel.id, user: user.id, originalTs: message.ts, ...(threadTs ? { threadTs } : {}) });
    const payload = blockActionsPayload(message, action, {
      teamId,
      teamDomain: 'pulse-preview',
      channel,
      user,
      responseUrl: `${url}/response/${responseId}`,
      triggerId: triggers.issue(),
      now: now(),
    });
    return deliver('interactive', payload, interactiveFormBody(payload), false, input.tamper);
  }

  let eventCount = 0;

  /** Events go as JSON (not a form), signed the same way, or as an events_api envelope in Socket Mode. */
  async function deliverEvent(body: Record<string, unknown>): Promise<DeliveryResult> {
    if (closed) throw new Error('the Slack stand-in is closed');
    if (hub.isConnected()) return hub.deliver('events_api', body, false, ackTimeoutMs);
    if (appRequestUrl !== undefined) {
      return postSignedToApp(appRequestUrl, JSON.stringify(body), { signingSecret: options.signingSecret, timeoutMs: ackTimeoutMs, contentType: 'application/json' });
    }
    throw new Error('no app to deliver to: give appRequestUrl, or connect the app in Socket Mode');
  }

  function publishedHomeView(userId: string): Record<string, unknown> | undefined {
    const home = workspace.home(userId);
    return home ? { ...home.view, id: home.id, type: 'home', team_id: teamId, app_id: APP_ID, bot_id: workspace.identity.botId } : undefined;
  }

  async function openHome(input: HomeInput = {}): Promise<DeliveryResult> {
    const user = userFor(input.userId);
    eventCount += 1;
    const body = appHomeOpenedEvent({
      teamId,
      userId: user.id,
      dmChannel: `D0${user.id.replace(/^U0?/, '')}`.slice(0, 11),
      view: publishedHomeView(user.id),
      now: now(),
      eventId: `Ev0HOME${String(eventCount).padStart(6, '0')}`,
    });
    return deliverEvent(body);
  }

  async function clickHomeButton(input: HomeButtonInput): Promise<DeliveryResult> {
    const user = userFor(input.userId);
    const view = publishedHomeView(user.id);
    if (!view) throw new InteractionError(`no Home tab has been published for ${user.id}`);
    const found = findElement(view.blocks as Parameters<typeof findElement>[0], input.actionId, input.blockId);
    if (!found) throw new InteractionError(`the Home tab of ${user.id} has no element with action_id "${input.actionId}"`);
    const action = actionFor(found, input.selectedOption, now());
    if (input.value !== undefined && action.type === 'button') action.value = input.value;
    const payload = viewActionsPayload(view, action, { teamId, teamDomain: 'pulse-preview', user, triggerId: triggers.issue(), now: now() });
    return deliver('interactive', payload, interactiveFormBody(payload), false, undefined);
  }

  const preview = new PreviewRoutes({
    workspace,
    defaultUserId: () => userFor(undefined).id,
    slashCommand,
    clickButton,
    openHome,
    clickHomeButton,
    jobs: () => jobs,
    jobNotes: () => jobNotes,
    isAppConnected: () => hub.isConnected() || appRequestUrl !== undefined,
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestUrl = new URL(request.url ?? '/', url);
    const path = requestUrl.pathname;
    const apiMatch = /^\/api\/([\w.]+)$/.exec(path);
    if (apiMatch?.[1] && (request.method === 'POST' || request.method === 'GET')) {
      await handleWebApi(request, response, apiMatch[1], requestUrl.searchParams);
      return;
    }
    const responseMatch = /^\/response\/([\w-]+)$/.exec(path);
    if (responseMatch?.[1] && request.method === 'POST') {
      await handleResponseUrl(request, response, responseMatch[1]);
      return;
    }
    if (await handleFileRoute(request, response, path, workspace.files)) return;
    if (await preview.handle(request, response, requestUrl)) return;
    sendText(response, 404, 'not found');
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) sendJson(response, 413, { ok: false, error: 'request_too_large' });
      else sendJson(response, 500, { ok: false, error: 'internal_error', detail: error instanceof Error ? error.message : String(error) });
    });
  });
  server.on('upgrade', (request, socket, head: Buffer) => {
    if (!hub.handleUpgrade(request, socket, head)) socket.destroy();
  });
  // Slack's own change stream, re-emitted for callers and the preview page.
  workspace.onChange((change) => events.emit('change', change));

  const standIn: SlackStandIn = {
    url,
    apiUrl: `${url}/api/`,
    port,
    teamId,
    botUserId: workspace.identity.botUserId,
    botId: workspace.identity.botId,
    defaultUserId: userFor(undefined).id,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    responses,
    clearFaults: () => faults.clear(),
    failNext: (method: string, fault: Fault, failOptions: FailNextOptions = {}) => faults.add(method, fault, failOptions.times ?? 1, failOptions.channel === undefined ? undefined : (workspace.findChannel(failOptions.channel)?.id ?? failOptions.channel)),
    slashCommand,
    clickButton,
    sendRaw,
    isSocketConnected: () => hub.isConnected(),
    channels: () => workspace.channels(),
    findChannel: (idOrName) => workspace.findChannel(idOrName),
    setUsergroup: (id, members) => workspace.setUsergroup(id, members),
    timeline: (channel) => structuredClone(workspace.timeline(channel)),
    messages: (channel) => structuredClone(workspace.history(channel)),
    message: (channel, ts) => {
      const found = workspace.find(channel, ts);
      return found ? structuredClone(found) : undefined;
    },
    replies: (channel, threadTs) => structuredClone(workspace.replies(channel, threadTs, true)),
    views: () => structuredClone(workspace.views()),
    home: (userId) => {
      const home = workspace.home(userId);
      return home ? structuredClone(home) : undefined;
    },
    openHome,
    clickHomeButton,
    files: () => workspace.files.list(),
    fileBytes: (id) => workspace.files.file(id)?.bytes,
    on: (_event, listener: (change: StandInChange) => void) => {
      events.on('change', listener);
    },
    off: (_event, listener: (change: StandInChange) => void) => {
      events.off('change', listener);
    },
    setAppRequestUrl: (next) => {
      if (next !== undefined) checkOptions({ ...options, appRequestUrl: next });
      appRequestUrl = next;
    },
    setJobs: (next) => {
      jobs = { ...next };
      workspace.announce({ kind: 'jobs_changed' });
    },
    setJobNotes: (next) => {
      if (next.length === jobNotes.length && next.every((line, index) => line === jobNotes[index])) return;
      jobNotes = [...next];
      workspace.announce({ kind: 'jobs_changed' });
    },
    resetWorkspace: async () => {
      workspace.reset();
      await writer?.flush();
    },
    flush: async () => {
      await writer?.flush();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await writer?.flush();
      preview.close();
      await hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      events.removeAllListeners();
    },
  };
  return standIn;
}

function faultAnswer(fault: Exclude<Fault, { answer: unknown }>): { status: number; body: ApiBody; headers?: Record<string, string> } {
  if ('status' in fault && fault.status === 429) {
    return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(fault.retryAfter ?? 1) } };
  }
  if ('status' in fault) return { status: 500, body: { ok: false, error: 'internal_error' } };
  return { status: 200, body: { ok: false, error: fault.error } };
}
