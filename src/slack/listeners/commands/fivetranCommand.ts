import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { PulseServices } from '../../../jobs/services';
import { runCommand } from '../../answerCommand';
import type { OpsAccess } from '../../opsAccess';
import type { Responder } from '../../responseUrl';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/fivetran …`: acked at once, answered at its response_url afterwards, so a slow warehouse never
 * breaks Slack's 3-second rule. `watch` posts a message of its own and answers only a problem.
 */
export function fivetranCommand(services: PulseServices, access: OpsAccess, responder: Responder) {
  return async ({ command, ack, client }: Args): Promise<void> => {
    await ack();
    const respond = responder.to(command.response_url);
    const channel = { id: command.channel_id, name: command.channel_name };
    try {
      const answer = await runCommand(services, { text: command.text ?? '', channel, userId: command.user_id, client, access });
      if (answer) await respond(answer);
    } catch (error) {
      services.logger.error({ err: error }, 'could not answer /fivetran');
    }
  };
}
