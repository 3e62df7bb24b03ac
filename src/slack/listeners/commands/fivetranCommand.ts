import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { findConnection, scopeToTenant } from '../../../health/scope';
import { buildErrorAnswer, withDemoNote, type SlashAnswer } from '../../../views/blocks';
import { explainFailure } from '../../../errors/explainFailure';
import { answerCommand, scopeOf } from '../../answerCommand';
import { parseCommand } from '../../parseCommand';
import type { PulseServices } from '../../services';
import { startWatch } from '../../watchSync';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/fivetran …`: acked at once, answered through respond() afterwards, so a slow warehouse never
 * breaks Slack's 3-second rule.
 */
export function fivetranCommand(services: PulseServices) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const channel = { id: command.channel_id, name: command.channel_name };
    const parsed = parseCommand(command.text ?? '');
    try {
      if (parsed.kind === 'run' && parsed.subcommand === 'watch') {
        await watch(services, client, channel, parsed.args[0] as string, respond);
        return;
      }
      await respond(await answerCommand(services, { text: command.text ?? '', channel, userId: command.user_id }));
    } catch (error) {
      services.logger.error({ err: error }, 'could not answer /fivetran');
    }
  };
}

async function watch(services: PulseServices, client: Args['client'], channel: { id: string; name: string }, input: string, respondWith: Args['respond']): Promise<void> {
  // answerCommand marks its own answers; the others here are marked alike.
  const respond = (answer: SlashAnswer) => respondWith(withDemoNote(answer, services.monitor.demo));
  const scope = await scopeOf(services, channel);
  if (scope.kind === 'none') {
    await respond(buildErrorAnswer({ kind: 'refusal', message: scope.reason }));
    return;
  }
  let connection;
  try {
    const { assessment } = await services.monitor.judge();
    const visible = scope.kind === 'tenant' ? scopeToTenant(assessment, scope.tenant.tenantId) : assessment;
    const lookup = findConnection(visible.connections, input);
    if (lookup.kind !== 'found') {
      await respondWith(await answerCommand(services, { text: `status ${input}`, channel, userId: '' }));
      return;
    }
    connection = lookup.connection;
  } catch (error) {
    services.logger.warn({ err: error, connection: input }, 'watch could not start');
    await respond(buildErrorAnswer({ kind: 'failure', message: explainFailure('Pulse could not start watching', error, { logged: true }) }));
    return;
  }
  try {
    await startWatch(services, client, { channel: channel.id, connection });
  } catch (error) {
    services.logger.warn({ err: error }, 'watch could not post its message');
    await respond(buildErrorAnswer({ kind: 'failure', message: 'Pulse could not post the watch message in this channel. Invite the app to the channel, or grant it chat:write.public.' }));
  }
}
