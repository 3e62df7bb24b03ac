import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  body: string;
  signature: string | null;
  path: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/fivetran/webhook` */
  url: string;
  received: ReceivedWebhook[];
  /** The statuses the next requests get, in order; 200 once they are used up. */
  answerWith(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A loopback endpoint that records what Fivetran (the stand-in) POSTs to it, answering as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signature = request.headers['x-fivetran-signature-256'];
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: typeof signature === 'string' ? signature : null, path: request.url ?? '/' });
      response.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fivetran/webhook`,
    received,
    answerWith: (...next) => statuses.push(...next),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
