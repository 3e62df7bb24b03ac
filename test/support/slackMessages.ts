import type { StoredMessage } from '../../src/preview/standin';

interface Element {
  type: string;
  action_id?: string;
  value?: string;
  options?: Array<{ value: string }>;
}

/** The interactive elements of a stored message, for pressing them as a person would. */
export function elementsOf(message: StoredMessage | undefined): Element[] {
  const blocks = (message?.blocks ?? []) as Array<{ type: string; elements?: Element[]; accessory?: Element }>;
  return blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => typeof e.action_id === 'string');
}

export function elementOf(message: StoredMessage | undefined, actionId: string): Element | undefined {
  return elementsOf(message).find((e) => e.action_id === actionId);
}

export const messageText = (message: StoredMessage | undefined): string => JSON.stringify({ text: message?.text, blocks: message?.blocks });
