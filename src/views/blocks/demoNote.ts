import { dataAgeNote } from '../dataAgeNote';
import { DEMO_NOTE } from '../demoNote';
import { FOOTER_BLOCK_ID, fitMessage } from './limits';
import type { KnownBlock, SlackMessage } from './types';

/** What an answer's footer says about where its data came from. */
export interface FooterNotes {
  /** The data is Pulse's generated demo. */
  demo: boolean;
  /** How old the warehouse reading is, when it was made before this answer was asked for; null or absent when read for it. */
  dataAgeMs?: number | null;
}

/**
 * The message with its footer (above its closing buttons): how old its reading of the warehouse is
 * when it was kept from an earlier request, and the demo note on demo data; still within Slack's
 * limits: the footer is kept, the body cut if it must be. Nothing to say, nothing added.
 */
export function withFooter<T extends SlackMessage>(message: T, notes: FooterNotes): T {
  const texts = [
    ...(notes.dataAgeMs !== null && notes.dataAgeMs !== undefined ? [`:hourglass_flowing_sand: ${dataAgeNote(notes.dataAgeMs)}`] : []),
    ...(notes.demo ? [`:information_source: ${DEMO_NOTE}`] : []),
  ];
  if (texts.length === 0) return message;
  const key = texts.join('\n');
  const known = footed.get(message)?.get(key);
  if (known) return known as T;
  const result = footedMessage(message, texts);
  const byFooter = footed.get(message) ?? new Map<string, SlackMessage>();
  // The age note changes by the second: only the newest few footers of a message are worth keeping.
  if (byFooter.size >= FOOTERS_KEPT) byFooter.delete(byFooter.keys().next().value as string);
  footed.set(message, byFooter.set(key, result));
  return result;
}

/**
 * Footed messages by message and footer. Fitting a message measures it whole, several times; a
 * burst of requests answered from one reading gets the same built answer and, within a second, the
 * same footer, so it is fitted once instead of once per request while their acks wait. Messages are
 * never changed once built, so one given back is the one that would be built again.
 */
const footed = new WeakMap<SlackMessage, Map<string, SlackMessage>>();
const FOOTERS_KEPT = 4;

function footedMessage<T extends SlackMessage>(message: T, texts: readonly string[]): T {
  const blocks = [...message.blocks];
  let end = blocks.length;
  while (end > 0 && blocks[end - 1]?.type === 'actions') end -= 1;
  const footer: KnownBlock = { type: 'context', block_id: FOOTER_BLOCK_ID, elements: texts.map((text) => ({ type: 'mrkdwn', text })) };
  blocks.splice(end, 0, footer);
  return { ...message, ...fitMessage({ text: message.text, blocks }) };
}

/** The message with the demo note as its footer when `demo`. */
export function withDemoNote<T extends SlackMessage>(message: T, demo: boolean): T {
  return withFooter(message, { demo });
}
