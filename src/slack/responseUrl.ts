import http from 'node:http';
import https from 'node:https';
import type { RespondArguments, RespondFn } from '@slack/bolt';

/** How long a connection to a response_url's host is kept open without an answer to send, by default. */
const IDLE_CONNECTION_MS = 4_000;

/** Posts answers to response_urls: one per app, its connections kept open between answers. */
export interface Responder {
  /** What Bolt's `respond` does for this response_url. */
  to(responseUrl: string): RespondFn;
  close(): void;
}

/**
 * Bolt's `respond` posts to the response_url through WHATWG `fetch`, which costs several times the
 * CPU of a plain request: about 0.65 ms against 0.2 ms for a 9 KB answer on 2 shared cores. Every
 * answer to a command or a press takes this path, and under load acks queue behind that CPU.
 * Same contract as Bolt's: a JSON body, a string is `{ text }`, an answer other than 2xx throws;
 * and a deadline, which fetch does not give.
 */
export function createResponder(timeoutMs: number, idleMs = IDLE_CONNECTION_MS): Responder {
  // An idle connection is closed after a few seconds, as fetch does, before a server may close it
  // just as the next answer is sent on it.
  const kept = { keepAlive: true, timeout: idleMs };
  const agents = { 'http:': new http.Agent(kept), 'https:': new https.Agent(kept) };

  // The errors of requests whose kept connection the server closed before any answer.
  const closedBeforeAnswer = new WeakSet<object>();

  function post(responseUrl: string, body: string): Promise<number> {
    const url = new URL(responseUrl);
    const agent = url.protocol === 'https:' ? agents['https:'] : url.protocol === 'http:' ? agents['http:'] : null;
    if (agent === null) return Promise.reject(new Error(`Failed to respond to the response_url: ${url.protocol} is not HTTP`));
    return send(url, agent, body).catch((error: unknown) => {
      // A kept connection the server closed before answering: almost always a server closing it as
      // idle just as the answer went out, before reading it. The answer goes again, once, on a new
      // connection (what Node's http documents); losing it would cost more than a rare repeat.
      if (closedBeforeAnswer.has(error as object)) return send(url, agent, body);
      throw error;
    });
  }

  function send(url: URL, agent: http.Agent, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        { method: 'POST', agent, timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          answered = true;
          // Read to its end, so the connection can serve the next answer.
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(status);
            else reject(new Error(`Failed to respond to the response_url: ${status} ${response.statusMessage ?? ''}`.trim()));
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`Failed to respond to the response_url: no answer in ${timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) closedBeforeAnswer.add(error);
        reject(error);
      });
      request.end(body);
    });
  }

  return {
    to(responseUrl) {
      return async (message: string | RespondArguments) => {
        const status = await post(responseUrl, JSON.stringify(typeof message === 'string' ? { text: message } : message));
        return new Response(null, { status });
      };
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
