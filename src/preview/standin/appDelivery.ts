import { request } from 'node:http';

import { currentTimestamp, signSlackRequest } from './signing';
import type { DeliveryResult } from './types';

export interface SignedPostOptions {
  signingSecret: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Sent instead of the correct signature. */
  signature?: string;
  contentType?: string;
  timeoutMs: number;
}

/** Slack's wording when an app does not answer in time. */
export const TIMEOUT_BODY = 'operation_timeout';

/**
 * POSTs a form body to the app exactly as Slack does: content-type exactly
 * application/x-www-form-urlencoded, x-slack-signature and x-slack-request-timestamp. The
 * connection is closed after each request so the app's server can stop at once.
 */
export function postSignedToApp(appUrl: string, rawBody: string, options: SignedPostOptions): Promise<DeliveryResult> {
  const timestamp = options.timestamp ?? currentTimestamp(Date.now());
  const signature = options.signature ?? signSlackRequest(options.signingSecret, timestamp, rawBody);
  const target = new URL(appUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        agent: false,
        headers: {
          'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(rawBody),
          'x-slack-signature': signature,
          'x-slack-request-timestamp': String(timestamp),
          'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          connection: 'close',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), via: 'http' });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    // Slack gives up on an app that has not answered in three seconds.
    const timer = setTimeout(() => {
      outgoing.destroy();
      resolve({ status: 504, body: TIMEOUT_BODY, via: 'http' });
    }, options.timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      if (outgoing.destroyed && (error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
      reject(new Error(`could not reach the app at ${appUrl}: ${error.message}`));
    });
    outgoing.end(rawBody);
  });
}
