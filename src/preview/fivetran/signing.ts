import { createHmac } from 'node:crypto';

/** Fivetran's webhook signature: hex HMAC-SHA256 of the raw body with the webhook's secret; no prefix, no timestamp. */
export function signFivetranPayload(secret: string, rawBody: string, hexCase: 'lower' | 'upper' = 'lower'): string {
  const hex = createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
  return hexCase === 'upper' ? hex.toUpperCase() : hex;
}
