import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger';
import { parseWebhook, webhookKey } from './parseWebhook';
import { RecentKeys } from './recentKeys';
import type { WebhookEvent } from './types';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhookSignature';

/** Where Fivetran delivers webhooks, on the app's own port. */
export const WEBHOOK_PATH = '/fivetran/webhook';

/** Fivetran's payloads are a few hundred bytes; anything near this is not one. */
export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

/** Fivetran's call made when a webhook is registered: it must get a 2xx, and says nothing about a connection. */
export const TEST_EVENT = 'test_event';

export interface WebhookReceiverOptions {
  secret: string;
  logger: Logger;
  /** Called with each new verified event, after the delivery was answered; events are handed over one at a time. */
  onEvent: (event: WebhookEvent) => Promise<void>;
  bodyLimitBytes?: number;
}

export interface WebhookReceiver {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves once every event accepted so far has been processed. */
  idle(): Promise<void>;
}

/** What readBody gives for a body over the limit: an answer, not an error. */
const TOO_LARGE = Symbol('too large');

function answer(res: ServerResponse, status: number, body: Record<string, unknown>, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json', ...(close ? { Connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      resolve(TOO_LARGE);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * POST /fivetran/webhook: the raw body is kept for the signature (401 without a valid one), capped
 * (413), parsed (400 when it is not a webhook), and answered before anything is done with it,
 * since Fivetran gives a receiver about ten seconds. Each event is processed once: Fivetran
 * retries and duplicates, so repeats of event, connection, sync and time are answered and dropped.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const limit = options.bodyLimitBytes ?? WEBHOOK_BODY_LIMIT_BYTES;
  const seen = new RecentKeys();
  // One at a time, in the order accepted: the fold keeps the newest of each fact whatever the order.
  let queue: Promise<void> = Promise.resolve();

  const enqueue = (event: WebhookEvent) => {
    queue = queue.then(() =>
      options.onEvent(event).catch((error: unknown) => options.logger.error({ err: error, event: event.event, connectionId: event.connectionId }, 'could not process a Fivetran webhook')),
    );
  };

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, limit);
    if (body === TOO_LARGE) {
      options.logger.warn({ limitBytes: limit }, 'Fivetran webhook refused: body too large');
      answer(res, 413, { error: `the body is larger than ${limit} bytes` }, true);
      // Stop reading what is left: the connection closes after the answer.
      req.unpipe();
      req.resume();
      return;
    }
    if (!verifyWebhookSignature(body, req.headers[SIGNATURE_HEADER], options.secret)) {
      options.logger.warn('Fivetran webhook refused: missing or wrong signature');
      answer(res, 401, { error: 'invalid signature' });
      return;
    }
    const parsed = parseWebhook(body);
    if (!parsed.ok) {
      options.logger.warn({ problem: parsed.problem }, 'Fivetran webhook refused: not a webhook payload');
      answer(res, 400, { error: parsed.problem });
      return;
    }
    const { event } = parsed;
    if (event.event === TEST_EVENT) {
      options.logger.info('Fivetran webhook test payload received');
      answer(res, 200, { ok: true });
      return;
    }
    const fresh = seen.add(webhookKey(event));
    answer(res, 200, { ok: true, ...(fresh ? {} : { duplicate: true }) });
    if (fresh) enqueue(event);
  }

  return {
    handle(req, res) {
      if (req.method !== 'POST') {
        answer(res, 405, { error: 'POST only' });
        return;
      }
      receive(req, res).catch((error: unknown) => {
        options.logger.error({ err: error }, 'Fivetran webhook could not be read');
        answer(res, 400, { error: 'the request could not be read' });
      });
    },
    idle: () => queue,
  };
}
