import { DEMO_NOTE } from '../demoNote';
import { FOOTER_BLOCK_ID, fitMessage } from './limits';
import type { KnownBlock, SlackMessage } from './types';

/**
 * The message with the demo note as its footer (above its closing buttons) when `demo`, still
 * within Slack's limits: the note is kept, the body cut if it must be.
 */
export function withDemoNote<T extends SlackMessage>(message: T, demo: boolean): T {
  if (!demo) return message;
  const blocks = [...message.blocks];
  let end = blocks.length;
  while (end > 0 && blocks[end - 1]?.type === 'actions') end -= 1;
  const note: KnownBlock = { type: 'context', block_id: FOOTER_BLOCK_ID, elements: [{ type: 'mrkdwn', text: `:information_source: ${DEMO_NOTE}` }] };
  blocks.splice(end, 0, note);
  return { ...message, ...fitMessage({ text: message.text, blocks }) };
}
