import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { messageOf } from '../../errors/messageOf';
import { PulseError } from '../../errors/pulseError';

import { tsFromPermalinkId } from './apiMessage';
import { sendJson, sendText } from './httpReply';
import { InteractionError } from './payloads';
import { readRawBody } from './requestBody';
import type {
  ClickButtonInput,
  DeliveryResult,
  HomeButtonInput,
  HomeInput,
  PreviewChannelEntries,
  PreviewDelivery,
  PreviewEntry,
  PreviewFailure,
  PreviewJob,
  PreviewState,
  SlashCommandInput,
  StandInChange,
} from './types';
import type { Workspace } from './workspace';

/** Labels for the job controls the app is expected to register. */
const JOB_LABELS: Record<string, string> = {
  runDashboard: 'Run morning dashboard now',
  runAlerts: 'Run alerts now',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The page's files live in src/preview/web and are served from there, so `tsx` and the compiled
 * build (dist/preview/standin) both find them without a copy step.
 */
export function resolveWebFolder(moduleDir: string = __dirname): string | undefined {
  // src/preview/standin -> src/preview/web; dist/preview/standin -> <root>/src/preview/web.
  const candidates = [path.resolve(moduleDir, '../web'), path.resolve(moduleDir, '../../../src/preview/web')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

export interface PreviewDeps {
  workspace: Workspace;
  defaultUserId(): string;
  slashCommand(input: SlashCommandInput): Promise<DeliveryResult>;
  clickButton(input: ClickButtonInput): Promise<DeliveryResult>;
  openHome(input: HomeInput): Promise<DeliveryResult>;
  clickHomeButton(input: HomeButtonInput): Promise<DeliveryResult>;
  jobs(): Record<string, PreviewJob>;
  jobNotes(): readonly string[];
  isAppConnected(): boolean;
}

type Body = Record<string, unknown>;

/** A request to the preview page's API that is refused, with the HTTP status it is answered with. */
class RequestError extends PulseError<'PULSE_PREVIEW_REQUEST'> {
  constructor(
    readonly status: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('PULSE_PREVIEW_REQUEST', message, options);
    this.name = 'RequestError';
  }
}

/** The preview page and the small JSON API it talks to (state, live changes, commands, clicks, jobs). */
export class PreviewRoutes {
  private readonly streams = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly webFolder = resolveWebFolder();

  constructor(private readonly deps: PreviewDeps) {
    deps.workspace.onChange((change) => this.broadcast(change));
    // Proxies drop quiet streams; a comment line every 20 s keeps the page's stream open.
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.write(': keep-alive\n\n');
    }, 20_000);
    this.heartbeat.unref();
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    const method = request.method ?? 'GET';
    try {
      if (method === 'GET' && (pathname === '/' || pathname === '/index.html')) return this.serveFile(response, 'index.html');
      const staticMatch = /^\/static\/([\w.-]+)$/.exec(pathname);
      if (method === 'GET' && staticMatch?.[1]) return this.serveFile(response, staticMatch[1]);
      const permalink = /^\/archives\/([\w]+)\/(p\d+)$/.exec(pathname);
      if (method === 'GET' && permalink?.[1] && permalink[2]) {
        const ts = tsFromPermalinkId(permalink[2]) ?? '';
        response.writeHead(302, { location: `/#/${encodeURIComponent(permalink[1])}/${encodeURIComponent(ts)}` });
        response.end();
        return true;
      }
      if (!pathname.startsWith('/preview/')) return false;
      if (method === 'GET' && pathname === '/preview/state') {
        sendJson(response, 200, this.state());
        return true;
      }
      if (method === 'GET' && pathname === '/preview/events') {
        this.openStream(request, response);
        return true;
      }
      const channelMatch = /^\/preview\/channels\/([\w-]+)$/.exec(pathname);
      if (method === 'GET' && channelMatch?.[1]) {
        const channel = this.deps.workspace.findChannel(channelMatch[1]);
        if (!channel) throw new RequestError(404, `no channel ${channelMatch[1]}`);
        const answer: PreviewChannelEntries = { channel, entries: this.entries(channel.id) };
        sendJson(response, 200, answer);
        return true;
      }
      if (method === 'GET' && pathname === '/preview/home') {
        const home = this.deps.workspace.home(this.deps.defaultUserId());
        sendJson(response, 200, { ok: true, home: home ?? null });
        return true;
      }
      if (method !== 'POST') return false;
      const body = await this.readJson(request, url);
      if (pathname === '/preview/home/open') {
        const result = await this.deps.openHome({ userId: this.deps.defaultUserId() });
        sendJson(response, 200, { ok: result.status === 200, status: result.status, body: result.body, via: result.via });
        return true;
      }
      if (pathname === '/preview/home/actions') {
        sendJson(response, 200, await this.homeAction(body));
        return true;
      }
      if (pathname === '/preview/command') {
        sendJson(response, 200, await this.command(body));
        return true;
      }
      if (pathname === '/preview/actions') {
        sendJson(response, 200, await this.action(body));
        return true;
      }
      const jobMatch = /^\/preview\/jobs\/([\w-]+)$/.exec(pathname);
      if (jobMatch?.[1]) {
        await this.runJob(jobMatch[1], typeof body.choice === 'string' ? body.choice : undefined);
        sendJson(response, 200, { ok: true });
        return true;
      }
      return false;
    } catch (error) {
      const failure = (message: string): PreviewFailure => ({ ok: false, error: message });
      if (error instanceof RequestError) sendJson(response, error.status, failure(error.message));
      else if (error instanceof InteractionError) sendJson(response, 400, failure(error.message));
      else sendJson(response, 502, failure(error instanceof Error ? error.message : String(error)));
      return true;
    }
  }

  private serveFile(response: ServerResponse, name: string): true {
    if (!this.webFolder) {
      sendText(response, 500, 'the preview page files (src/preview/web) were not found');
      return true;
    }
    // Only files that exist in the folder itself are served: no paths, no traversal.
    if (!readdirSync(this.webFolder).includes(name)) {
      sendText(response, 404, 'not found');
      return true;
    }
    const content = readFileSync(path.join(this.webFolder, name));
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      'content-length': content.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(name.endsWith('.html')
        ? { 'content-security-policy': "default-src 'self'; img-src 'self' data: https: http:; style-src 'self'; script-src 'self'" }
        : {}),
    });
    response.end(content);
    return true;
  }

  /** Only same-origin JSON posts: a page elsewhere cannot make the preview send commands. */
  private async readJson(request: IncomingMessage, url: URL): Promise<Body> {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== url.origin) throw new RequestError(403, 'cross-origin requests are refused');
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new RequestError(415, 'send JSON (content-type: application/json)');
    const raw = await readRawBody(request);
    if (raw.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as Body;
    } catch {
      throw new RequestError(400, 'the body is not a JSON object');
    }
  }

  private state(): PreviewState {
    const { workspace } = this.deps;
    const jobs = this.deps.jobs();
    return {
      team: { id: workspace.identity.teamId, name: workspace.identity.teamName },
      bot: { id: workspace.identity.botUserId, name: workspace.identity.botName },
      me: this.deps.defaultUserId(),
      users: [...workspace.users(), { id: workspace.identity.botUserId, name: workspace.identity.botName }],
      channels: workspace.channels().map((channel) => ({
        ...channel,
        messageCount: workspace.history(channel.id).length,
        latestTs: workspace.timeline(channel.id).at(-1)?.ts,
      })),
      jobs: Object.entries(jobs).map(([name, job]) => ({
        name,
        label: typeof job === 'function' ? (JOB_LABELS[name] ?? name) : job.label,
        ...(typeof job !== 'function' && job.confirm !== undefined ? { confirm: job.confirm } : {}),
        ...(typeof job !== 'function' && job.choices !== undefined ? { choices: job.choices.map((choice) => ({ ...choice })) } : {}),
      })),
      jobNotes: [...this.deps.jobNotes()],
      appConnected: this.deps.isAppConnected(),
    };
  }

  /** The timeline with each message's thread replies (ephemeral ones too: the reader is their recipient). */
  private entries(channelId: string): PreviewEntry[] {
    const { workspace } = this.deps;
    return workspace.timeline(channelId).map((entry) => {
      if (entry.type !== 'message') return entry;
      const replies = workspace.replies(channelId, entry.ts, true);
      return replies.length > 0 ? { ...entry, replies } : entry;
    });
  }

  private openStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    this.streams.add(response);
    request.on('close', () => this.streams.delete(response));
  }

  private broadcast(change: StandInChange): void {
    const line = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const stream of this.streams) stream.write(line);
  }

  private async command(body: Body): Promise<PreviewDelivery> {
    const channelId = typeof body.channelId === 'string' ? body.channelId : '';
    const line = typeof body.text === 'string' ? body.text.trim() : '';
    const match = /^(\/[\w-]+)(?:\s+([\s\S]*))?$/.exec(line);
    if (!match?.[1]) throw new RequestError(400, 'type a slash command, such as /fivetran help');
    const channel = this.deps.workspace.findChannel(channelId);
    if (!channel) throw new RequestError(404, `no channel ${channelId}`);
    const userId = this.deps.defaultUserId();
    this.deps.workspace.echoCommand(channel.id, userId, line);
    const result = await this.deps.slashCommand({ command: match[1], text: match[2] ?? '', channelId: channel.id, userId });
    return { ok: result.status === 200, status: result.status, body: result.body, via: result.via };
  }

  private async action(body: Body): Promise<PreviewDelivery> {
    const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const channelId = str(body.channelId);
    const messageTs = str(body.messageTs);
    const actionId = str(body.actionId);
    if (!channelId || !messageTs || !actionId) throw new RequestError(400, 'channelId, messageTs and actionId are required');
    const blockId = str(body.blockId);
    const selectedOption = str(body.selectedOption);
    const result = await this.deps.clickButton({
      channelId,
      messageTs,
      actionId,
      userId: this.deps.defaultUserId(),
      ...(blockId !== undefined ? { blockId } : {}),
      ...(selectedOption !== undefined ? { selectedOption } : {}),
    });
    return { ok: result.status === 200, status: result.status, body: result.body, via: result.via };
  }

  private async homeAction(body: Body): Promise<PreviewDelivery> {
    const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const actionId = str(body.actionId);
    if (!actionId) throw new RequestError(400, 'actionId is required');
    const blockId = str(body.blockId);
    const selectedOption = str(body.selectedOption);
    const result = await this.deps.clickHomeButton({
      actionId,
      userId: this.deps.defaultUserId(),
      ...(blockId !== undefined ? { blockId } : {}),
      ...(selectedOption !== undefined ? { selectedOption } : {}),
    });
    return { ok: result.status === 200, status: result.status, body: result.body, via: result.via };
  }

  private async runJob(name: string, choice: string | undefined): Promise<void> {
    const job = this.deps.jobs()[name];
    if (!job) throw new RequestError(404, `no job named ${name}`);
    if (typeof job === 'function') return this.carryOut(name, job);
    const choices = job.choices;
    if (!choices) return this.carryOut(name, () => job.run());
    const chosen = choice ?? choices[0]?.value;
    if (chosen === undefined || !choices.some((option) => option.value === chosen)) throw new RequestError(400, `${job.label}: there is no choice ${JSON.stringify(choice ?? '')}`);
    return this.carryOut(name, () => job.run(chosen));
  }

  private async carryOut(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw new RequestError(500, `${name} failed: ${messageOf(error)}`, { cause: error });
    }
  }
}
