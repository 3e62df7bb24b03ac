import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Slack apps reject timestamps older than five minutes; this one is ten minutes old. */
export function staleTimestamp(nowMs: number): number {
  return Math.floor(nowMs / 1000) - 10 * 60;
}

export function currentTimestamp(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}
