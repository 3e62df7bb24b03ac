import type { RespondArguments } from '@slack/bolt';
import type { ActionArgs } from './actionKit';

const MODAL_TITLE = 'Fivetran Pulse';

/**
 * What a press on the Home tab is answered with: a view press has no response_url, so the answer
 * (a refusal, a snooze's confirmation, an incident's details) opens in a dialog with the press's
 * trigger. A second answer to the same press can only be logged: a trigger opens one dialog.
 */
export function answerInModal(args: ActionArgs): ActionArgs['respond'] {
  const respond = async (message: string | RespondArguments) => {
    const answer = (typeof message === 'string' ? { text: message } : message) as { text?: string; blocks?: unknown[] };
    const blocks = Array.isArray(answer.blocks) && answer.blocks.length > 0 ? answer.blocks : [{ type: 'section', text: { type: 'mrkdwn', text: answer.text ?? '' } }];
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: { type: 'modal', title: { type: 'plain_text', text: MODAL_TITLE }, close: { type: 'plain_text', text: 'Close' }, blocks: blocks.slice(0, 100) as never },
    });
    // Bolt's respond answers with the response_url's reply; a dialog has none to give.
    return {} as Awaited<ReturnType<ActionArgs['respond']>>;
  };
  return respond;
}
