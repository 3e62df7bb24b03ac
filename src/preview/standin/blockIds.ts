import { randomBytes } from 'node:crypto';

import type { Block } from './types';

/**
 * Slack gives every block a block_id, and every interactive element an action_id, when the app
 * leaves them out; interactions then carry those ids. The stand-in does the same.
 */
export function withGeneratedIds(blocks: Block[]): Block[] {
  const copy = structuredClone(blocks);
  for (const block of copy) {
    if (typeof block.block_id !== 'string' || block.block_id === '') block.block_id = shortId();
    const elements: unknown[] = [];
    if (Array.isArray(block.elements) && block.type === 'actions') elements.push(...(block.elements as unknown[]));
    if (block.accessory !== undefined) elements.push(block.accessory);
    if (block.element !== undefined) elements.push(block.element);
    for (const element of elements) {
      if (typeof element !== 'object' || element === null) continue;
      const record = element as Record<string, unknown>;
      if (record.type !== 'image' && (typeof record.action_id !== 'string' || record.action_id === '')) {
        record.action_id = shortId();
      }
    }
  }
  return copy;
}

function shortId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
