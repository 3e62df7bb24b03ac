import type { WebClient } from '@slack/web-api';
import { explainFailure } from '../errors/explainFailure';
import type { PulseServices } from '../jobs/services';
import { judgmentsForOneAnswer } from '../jobs/sharedJudgment';
import { buildErrorAnswer, buildHelpAnswer, buildUsageAnswer, withFooter, type SlashAnswer } from '../views/blocks';
import type { Chart } from '../views/charts/chart';
import { SLASH_COMMAND } from '../views/slashCommands';
import { scopeOf, type ChannelRef } from './channelScope';
import type { OpsAccess } from './opsAccess';
import { parseCommand, type ParsedCommand } from './parseCommand';
import { SUBCOMMAND_HANDLERS } from './subcommands';

export interface CommandRequest {
  text: string;
  channel: ChannelRef;
  userId: string;
  page?: number;
  /** False when the answer is being shared in the channel. */
  ephemeral?: boolean;
  /** The Web API, for a subcommand that posts a message of its own (watch) or checks who may act (sync, pause, resume). */
  client?: WebClient;
  /** Who may act on connections; given with the client when the command is typed. */
  access?: OpsAccess;
}

/**
 * A subcommand with an argument missing or left over: its usage, and for a missing name the names
 * this channel may pick from (never another tenant's). Reading them may fail; the usage still answers.
 */
async function usageAnswer(services: PulseServices, channel: ChannelRef, parsed: Extract<ParsedCommand, { kind: 'usage' }>): Promise<SlashAnswer> {
  const usage = { command: SLASH_COMMAND, name: parsed.subcommand, missing: parsed.missing, extra: parsed.extra, maxArgs: parsed.maxArgs };
  const choices = SUBCOMMAND_HANDLERS[parsed.subcommand].choices;
  if (!parsed.missing || !choices) return buildUsageAnswer(usage);
  try {
    const found = await choices(services, await scopeOf(services, channel));
    if (found) return buildUsageAnswer({ ...usage, ...found });
  } catch (error) {
    services.logger.warn({ err: error, command: parsed.subcommand }, 'the names for a usage answer could not be read');
  }
  return buildUsageAnswer(usage);
}

/**
 * The answer to one `/fivetran …`: help for anything not understood, a refusal for what the
 * channel may not see, a plain-words failure when the warehouse does not answer. Never throws.
 * On demo data, every answer says so in its footer, and so does one drawn from a reading of the
 * warehouse kept from an earlier request, with its age. Null only when the subcommand posted a
 * message of its own instead (watch, given a client).
 */
export async function runCommand(services: PulseServices, request: CommandRequest): Promise<SlashAnswer | null> {
  const shared = judgmentsForOneAnswer(services.judgments);
  const answered = await answer({ ...services, judgments: shared.judgments }, request);
  return answered && withFooter(answered, { demo: services.monitor.demo, dataAgeMs: shared.dataAgeMs(services.clock()) });
}

/** The answer to a `/fivetran …` run again from a button (a page turned, an answer shared): always one. */
export async function answerCommand(services: PulseServices, request: Omit<CommandRequest, 'client'>): Promise<SlashAnswer> {
  const answered = await runCommand(services, request);
  // Without a client no subcommand posts on its own, so there is always an answer.
  return answered ?? buildErrorAnswer({ kind: 'refusal', message: `Type ${SLASH_COMMAND} ${request.text} to run it.` });
}

async function answer(services: PulseServices, request: CommandRequest): Promise<SlashAnswer | null> {
  const parsed = parseCommand(request.text);
  if (parsed.kind === 'help') {
    return buildHelpAnswer({ command: SLASH_COMMAND, unknown: parsed.unknown ?? null, didYouMean: parsed.suggestions[0] ?? null, topic: parsed.topic ?? null });
  }
  if (parsed.kind === 'usage') return usageAnswer(services, request.channel, parsed);
  try {
    const scope = await scopeOf(services, request.channel);
    if (scope.kind === 'none') return buildErrorAnswer({ kind: 'refusal', message: scope.reason });
    return await SUBCOMMAND_HANDLERS[parsed.subcommand].answer({
      services,
      args: parsed.args,
      channel: request.channel,
      scope,
      options: { page: request.page ?? 1, ephemeral: request.ephemeral ?? true },
      ...(request.client ? { client: request.client } : {}),
      ...(request.access ? { actor: { userId: request.userId, access: request.access } } : {}),
    });
  } catch (error) {
    services.logger.warn({ err: error, command: parsed.subcommand }, 'slash command could not be answered');
    return buildErrorAnswer({ kind: 'failure', message: explainFailure('Pulse could not answer', error, { logged: true }), hint: 'Try again in a minute. If it keeps failing, `/fivetran check` tells whether the monitoring data is reachable.' });
  }
}

/**
 * The chart that goes with an answer shared in the channel, for what the channel may see; null
 * when the answer has none (or the command no longer names anything). Failures are thrown.
 */
export async function chartFor(services: PulseServices, request: Omit<CommandRequest, 'client'>): Promise<Chart | null> {
  const parsed = parseCommand(request.text);
  if (parsed.kind !== 'run') return null;
  const chart = SUBCOMMAND_HANDLERS[parsed.subcommand].chart;
  if (!chart) return null;
  const scope = await scopeOf(services, request.channel);
  if (scope.kind === 'none') return null;
  return chart({ services, args: parsed.args, channel: request.channel, scope, options: { page: request.page ?? 1, ephemeral: false } });
}
