import type { IncomingMessage } from 'node:http';
import { PulseError } from '../../errors/pulseError';

/** Request bodies larger than this are refused: nothing Slack accepts comes close. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class BodyTooLargeError extends PulseError<'PULSE_PREVIEW_BODY_TOO_LARGE'> {
  constructor() {
    super('PULSE_PREVIEW_BODY_TOO_LARGE', `request body larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function readRawBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export type ParsedBody = { ok: true; fields: Record<string, unknown> } | { ok: false; error: 'invalid_json' | 'invalid_form_data' };

/**
 * Web API methods take JSON or form bodies. A form value stays a string; fields that carry JSON
 * (blocks, attachments, view) are decoded later by the method that needs them, as Slack does.
 */
export function parseRequestBody(rawBody: string, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (rawBody.trim() === '') return { ok: true, fields: {} };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'invalid_json' };
      return { ok: true, fields: parsed as Record<string, unknown> };
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { ok: true, fields: Object.fromEntries(new URLSearchParams(rawBody)) };
  }
  return { ok: false, error: 'invalid_form_data' };
}

/** The token a caller presented: `Authorization: Bearer …` first, then a `token` field. */
export function presentedToken(authorization: string | undefined, fields: Record<string, unknown>): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (match?.[1]) return match[1];
  const token = fields.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
