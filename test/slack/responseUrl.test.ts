import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponder, type Responder } from '../../src/slack/responseUrl';

/** A response_url on loopback: answers as `reply` says, and remembers what it was sent and on how many connections. */
async function responseUrlServer(reply: (request: IncomingMessage, response: ServerResponse) => void) {
  const bodies: Array<{ contentType: string | undefined; body: unknown }> = [];
  let connections = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push({ contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      reply(request, response);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/commands/T0/1/abc`;
  return {
    url,
    bodies,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('answers posted to a response_url', () => {
  let responder: Responder;
  afterEach(() => responder.close());

  it('go as JSON, a string as its text, over one kept connection', async () => {
    const slack = await responseUrlServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    responder = createResponder(30_000);
    try {
      const respond = responder.to(slack.url);
      const answered = await respond({ text: '3 connections', response_type: 'ephemeral', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*3*' } }] });
      await respond('plain words');
      expect(answered.status).toBe(200);
      expect(slack.bodies).toEqual([
        { contentType: 'application/json', body: { text: '3 connections', response_type: 'ephemeral', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*3*' } }] } },
        { contentType: 'application/json', body: { text: 'plain words' } },
      ]);
      expect(slack.connections()).toBe(1);
    } finally {
      await slack.close();
    }
  });

  it('fail with the status when the response_url refuses them, as Bolt\'s respond does', async () => {
    const slack = await responseUrlServer((_request, response) => response.writeHead(404, 'Not Found').end('expired_url'));
    responder = createResponder(30_000);
    try {
      await expect(responder.to(slack.url)({ text: 'late' })).rejects.toThrow('Failed to respond to the response_url: 404 Not Found');
    } finally {
      await slack.close();
    }
  });

  it('fail when the response_url does not answer within the deadline, instead of waiting for ever', async () => {
    // Never answers, and idle connections are kept far longer: only the answer's deadline ends the wait.
    const slack = await responseUrlServer(() => undefined);
    responder = createResponder(200, 600_000);
    try {
      await expect(responder.to(slack.url)({ text: 'anyone?' })).rejects.toThrow('no answer in 200 ms');
    } finally {
      await slack.close();
    }
  });

  it('wait for a slow answer past the time an idle connection is kept, up to their own deadline', async () => {
    const slack = await responseUrlServer((_request, response) => {
      setTimeout(() => response.writeHead(200).end('{"ok":true}'), 300);
    });
    responder = createResponder(600_000, 50);
    try {
      expect((await responder.to(slack.url)({ text: 'slow' })).status).toBe(200);
    } finally {
      await slack.close();
    }
  });

  it('go again on a new connection when the server closes a kept one as an answer goes out on it', async () => {
    // The second answer finds its kept connection closed by the server, with nothing answered.
    let requests = 0;
    const slack = await responseUrlServer((request, response) => {
      requests += 1;
      if (requests === 2) request.socket.destroy();
      else response.writeHead(200).end('{"ok":true}');
    });
    responder = createResponder(30_000);
    try {
      const respond = responder.to(slack.url);
      await respond({ text: 'first' });
      expect((await respond({ text: 'second' })).status).toBe(200);
      expect(slack.bodies.map(({ body }) => body)).toEqual([{ text: 'first' }, { text: 'second' }, { text: 'second' }]);
      expect(slack.connections()).toBe(2);
    } finally {
      await slack.close();
    }
  });

  it('are not sent twice when a new connection is closed before an answer: that server is failing, not idle', async () => {
    const slack = await responseUrlServer((request) => request.socket.destroy());
    responder = createResponder(30_000);
    try {
      await expect(responder.to(slack.url)({ text: 'once' })).rejects.toThrow('socket hang up');
      expect(slack.bodies).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  it('are never sent anywhere but over HTTP', async () => {
    responder = createResponder(30_000);
    await expect(responder.to('file:///etc/passwd')({ text: 'x' })).rejects.toThrow('file: is not HTTP');
  });
});
