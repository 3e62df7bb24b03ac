import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { postSignedToApp } from '../src/preview/standin/appDelivery';

/** Who the slash commands come from: the ops channel of the stand-in the app talks to. */
export interface DriveOptions {
  appUrl: string;
  signingSecret: string;
  requests: number;
  concurrency: number;
  text: string;
  channel: { id: string; name: string };
  user: { id: string; name: string };
}

/** Each request's time to its ack (the HTTP answer) and to its answer at its response_url, in ms. */
export interface DriveResult {
  ack: number[];
  answer: number[];
  /** The body of the last answer received: what a reference app can send to cost the same bytes. */
  lastAnswer: string;
}

/**
 * Sends the load from a process of its own, so the app's event loop is the only thing it measures:
 * a sender in the app's own process would compete with it for the same thread.
 */
export function driveFromChild(options: DriveOptions): Promise<DriveResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, 'loadDriver.ts'), JSON.stringify(options)], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`the load driver failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as DriveResult);
    });
  });
}

/** Where the app posts its answers: each request's response_url names it, so its answer's time is its own. */
async function startAnswerReceiver(): Promise<{ server: Server; url: string; expect(id: string): Promise<number>; lastAnswer(): string }> {
  const waiting = new Map<string, (at: number) => void>();
  let last = '';
  const server = createServer((request, response) => {
    const id = (request.url ?? '').split('/').at(-1) ?? '';
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      last = Buffer.concat(chunks).toString('utf8');
      waiting.get(id)?.(performance.now());
      waiting.delete(id);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r`;
  return { server, url, expect: (id) => new Promise<number>((resolve) => waiting.set(id, resolve)), lastAnswer: () => last };
}

function commandBody(options: DriveOptions, responseUrl: string, index: number): string {
  return new URLSearchParams({
    token: 'bench',
    team_id: 'T0PREVIEW',
    team_domain: 'pulse-preview',
    channel_id: options.channel.id,
    channel_name: options.channel.name,
    user_id: options.user.id,
    user_name: options.user.name,
    command: '/fivetran',
    text: options.text,
    api_app_id: 'A0PULSE',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${index}.bench`,
  }).toString();
}

/** `requests` slash commands, `concurrency` senders at a time, each waiting for its answer before its next. */
async function drive(options: DriveOptions): Promise<DriveResult> {
  const receiver = await startAnswerReceiver();
  const ack: number[] = [];
  const answer: number[] = [];
  let next = 0;
  try {
    const sender = async () => {
      while (next < options.requests) {
        const index = next++;
        const id = `q${index}`;
        const answered = receiver.expect(id);
        const startedAt = performance.now();
        const delivery = await postSignedToApp(options.appUrl, commandBody(options, `${receiver.url}/${id}`, index), { signingSecret: options.signingSecret, timeoutMs: 120_000 });
        ack.push(performance.now() - startedAt);
        if (delivery.status !== 200) throw new Error(`request ${index} was answered ${delivery.status}: ${delivery.body}`);
        answer.push((await answered) - startedAt);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, sender));
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
  }
  return { ack, answer, lastAnswer: receiver.lastAnswer() };
}

if (require.main === module) {
  drive(JSON.parse(process.argv[2] as string) as DriveOptions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
