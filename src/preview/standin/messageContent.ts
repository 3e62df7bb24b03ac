import { withGeneratedIds } from './blockIds';
import { BLOCK_LIMITS, validateBlocks } from './blockValidation';
import type { Block } from './types';

/** Slack truncates or refuses message text beyond this many characters. */
export const MAX_TEXT_LENGTH = 40_000;

/** `blocks: []` and `attachments: []` are kept: chat.update uses them to remove what was there. */
export interface MessageContent {
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
}

export type ContentResult =
  | { ok: true; content: MessageContent }
  | { ok: false; error: string; messages?: string[] };

/** Form-encoded calls carry arrays as JSON text; JSON calls carry them as arrays. */
function decodeJsonField(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The text, blocks and attachments of a message, checked as chat.postMessage checks them:
 * blocks must be a valid Block Kit array, and a message needs text, blocks or attachments.
 */
export function readMessageContent(args: Record<string, unknown>, maxBlocks: number = BLOCK_LIMITS.messageBlocks): ContentResult {
  const content: MessageContent = { text: '' };
  if (args.blocks !== undefined && args.blocks !== null && args.blocks !== '') {
    const decoded = decodeJsonField(args.blocks);
    if (!decoded.ok) return { ok: false, error: 'invalid_blocks_format', messages: ['[ERROR] blocks is not valid JSON'] };
    const check = validateBlocks(decoded.value, maxBlocks);
    if (!check.ok) return { ok: false, error: check.error, messages: check.messages };
    content.blocks = withGeneratedIds(check.blocks);
  }
  if (args.attachments !== undefined && args.attachments !== null && args.attachments !== '') {
    const decoded = decodeJsonField(args.attachments);
    if (!decoded.ok || !Array.isArray(decoded.value)) return { ok: false, error: 'invalid_attachments' };
    if (decoded.value.length > 100) return { ok: false, error: 'too_many_attachments' };
    content.attachments = decoded.value;
  }
  const text = args.text;
  if (text !== undefined && text !== null) {
    content.text = typeof text === 'string' ? text : String(text);
  }
  if (content.text.length > MAX_TEXT_LENGTH) return { ok: false, error: 'msg_too_long' };
  if (content.text.trim() === '' && !content.blocks?.length && !content.attachments?.length) {
    return { ok: false, error: 'no_text' };
  }
  return { ok: true, content };
}

export function readFlag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}
