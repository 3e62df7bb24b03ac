import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { PulseServices } from '../../../jobs/services';
import { runCommand } from '../../answerCommand';
import type { OpsAccess } from '../../opsAccess';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/fivetran …`: acked at once, answered through respond() afterwards, so a slow warehouse never
 * breaks Slack's 3-second rule. `watch` posts a message of its own and answers only a problem.
 */
export function fivetranCommand(services: PulseServices, access: OpsAccess) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const channel = { id: command.channel_id, name: command.channel_name };
    try {
      const answer = await runCommand(services, { text: command.text ?? '', channel, userId: command.user_id, client, access });
      if (answer) await respond(answer);
    } catch (error) {
      services.logger.error({ err: error }, 'could not answer /fivetran');
    }
  };
}
