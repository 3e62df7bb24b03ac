import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer } from 'ws';

import { TIMEOUT_BODY } from './appDelivery';
import type { DeliveryResult } from './types';

export const SOCKET_PATH = '/socket-mode';
/** A ticket from apps.connections.open is good for one connection, soon after it was issued. */
const TICKET_LIFETIME_MS = 30_000;

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

interface PendingAck {
  resolve(result: DeliveryResult): void;
  timer: NodeJS.Timeout;
}

/**
 * Slack's Socket Mode, served on the stand-in's own port: apps.connections.open hands out a
 * ws:// URL, the app connects, the stand-in says hello and then sends envelopes, each waiting for
 * the app's `{envelope_id, payload?}` acknowledgement.
 */
export class SocketModeHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, PendingAck>();

  constructor(
    private readonly baseWsUrl: string,
    private readonly appId: string,
    private readonly onConnectionChange: (connected: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {}

  issueUrl(): string {
    const ticket = randomBytes(16).toString('hex');
    this.tickets.set(ticket, this.now());
    return `${this.baseWsUrl}${SOCKET_PATH}?ticket=${ticket}`;
  }

  isConnected(): boolean {
    return this.openSockets().length > 0;
  }

  private openSockets(): WebSocket[] {
    return [...this.sockets].filter((socket) => socket.readyState === WebSocket.OPEN);
  }

  /** Handles an HTTP upgrade on the stand-in's server; returns false when it is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    const issuedAt = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (issuedAt === undefined || this.now() - issuedAt > TICKET_LIFETIME_MS) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.server.handleUpgrade(request, socket, head, (webSocket) => this.accept(webSocket));
    return true;
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    // binaryType is ws's default, 'nodebuffer': each message arrives as one Buffer.
    socket.on('message', (data) => this.receive((data as Buffer).toString()));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.onConnectionChange(this.isConnected());
    });
    socket.on('error', () => socket.terminate());
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'slack-standin', approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.onConnectionChange(true);
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    const waiting = this.pending.get(envelopeId);
    if (!waiting) return;
    this.pending.delete(envelopeId);
    clearTimeout(waiting.timer);
    waiting.resolve({ status: 200, body: payload === undefined ? '' : JSON.stringify(payload), via: 'socket' });
  }

  /** Sends one envelope on the newest connection and waits for its ack (or the timeout). */
  deliver(type: EnvelopeType, payload: Record<string, unknown>, acceptsResponsePayload: boolean, timeoutMs: number): Promise<DeliveryResult> {
    const socket = this.openSockets().at(-1);
    if (!socket) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelopeId = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ status: 504, body: TIMEOUT_BODY, via: 'socket' });
      }, timeoutMs);
      this.pending.set(envelopeId, { resolve, timer });
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload }));
    });
  }

  close(): Promise<void> {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ status: 503, body: 'stand-in closed', via: 'socket' });
      this.pending.delete(id);
    }
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
