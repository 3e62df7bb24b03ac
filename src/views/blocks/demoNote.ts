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
