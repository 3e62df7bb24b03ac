import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Fivetran signs each webhook delivery in (Node lower-cases header names). */
export const SIGNATURE_HEADER = 'x-fivetran-signature-256';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Fivetran's signature of a raw body: hex HMAC-SHA256 with the webhook's secret, no prefix, no timestamp. */
export function signWebhookBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * Whether `header` is the signature of exactly these bytes. Sources disagree on the hex's case, so
 * either is accepted; the comparison takes the same time whatever the bytes, so a forger learns nothing.
 */
export function verifyWebhookSignature(rawBody: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || secret === '') return false;
  const given = header.trim().toLowerCase();
  if (!HEX_SHA256.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(signWebhookBody(rawBody, secret), 'hex'));
}
