import { context } from '../blocks/components';
import { MESSAGE_BUDGET, SLACK_LIMITS } from '../blocks/limits';
import type { SlashAnswer } from '../blocks/types';

/**
 * A private answer cannot carry a file, so it says where its chart comes: with the answer, once it
 * is shared in the channel. The line goes just above the buttons; a shared answer needs none.
 */
export function withChartNote(answer: SlashAnswer, chartName: string): SlashAnswer {
  if (answer.response_type !== 'ephemeral') return answer;
  const note = context(`:bar_chart: *Share in channel* posts this answer with a chart of ${chartName}.`);
  const blocks = [...answer.blocks];
  // An answer already at Slack's limits keeps its own content rather than the note.
  if (blocks.length >= SLACK_LIMITS.blocks || JSON.stringify(blocks).length + JSON.stringify(note).length > MESSAGE_BUDGET) return answer;
  const at = blocks.length > 0 && blocks[blocks.length - 1]?.type === 'actions' ? blocks.length - 1 : blocks.length;
  blocks.splice(at, 0, note);
  return { ...answer, blocks };
}
