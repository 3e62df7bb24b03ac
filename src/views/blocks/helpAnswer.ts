import { nameList, takesArguments } from '../../text/usageWords';
import { SLASH_COMMAND, SLASH_SUBCOMMANDS, subcommandNamed, subcommandUsage } from '../slashCommands';
import { context, header, section } from './components';
import { fitMessage } from './limits';
import { escapeLine } from './mrkdwn';
import type { KnownBlock, SlashAnswer } from './types';

export interface HelpOptions {
  /** The slash command as installed, e.g. `/fivetran`. */
  command?: string;
  /** What the user typed that was not understood. */
  unknown?: string | null;
  /** The closest subcommand, for a "did you mean" line. */
  didYouMean?: string | null;
  /** One subcommand to explain instead of the whole list (`/fivetran help tenant`). */
  topic?: string | null;
}

const code = (text: string, max = 120) => `\`${escapeLine(text, max).replace(/`/g, 'ˋ')}\``;

const MAX_CHOICES = 30;

export interface UsageInput {
  /** The slash command as installed, e.g. `/fivetran`. */
  command?: string;
  /** The subcommand whose usage is shown. */
  name: string;
  /** Its required argument was not given. */
  missing?: boolean;
  /** What was typed beyond what it takes. */
  extra?: readonly string[];
  /** How many arguments it takes at most; the subcommand's own by default. */
  maxArgs?: number;
  /** What the asker may pick from, e.g. the tenants this channel may see: "Tenants". */
  choices?: { label: string; names: readonly string[] } | null;
  /** One more line, e.g. where to find the names. */
  hint?: string | null;
}

/**
 * A subcommand used with an argument missing or left over: its usage, what was wrong, and the
 * names to pick from. "`/fivetran tenant <tenant_id>`: which tenant? Tenants: acme, globex".
 */
export function buildUsageAnswer(input: UsageInput): SlashAnswer {
  const command = input.command ?? SLASH_COMMAND;
  const entry = subcommandNamed(input.name);
  const usage = `${command} ${entry ? subcommandUsage(entry) : input.name}`;
  const extra = (input.extra ?? []).join(' ');
  const maxArgs = input.maxArgs ?? entry?.maxArgs ?? 0;
  const problem = input.missing ? (entry?.question ?? 'it needs an argument.') : `${takesArguments(maxArgs)}: ${code(extra, 200)} is extra.`;
  const blocks: KnownBlock[] = [section(`:point_right: ${code(usage)}${input.missing ? ':' : ''} ${problem}`)];
  let choices = '';
  const names = input.choices?.names ?? [];
  if (input.choices && names.length > 0) {
    blocks.push(section(`${escapeLine(input.choices.label, 60)}: ${nameList(names.map((name) => code(name, 80)), MAX_CHOICES)}`));
    choices = ` ${input.choices.label}: ${nameList(names, MAX_CHOICES)}`;
  }
  blocks.push(context(...[entry ? escapeLine(entry.summary, 200) : '', input.hint ? escapeLine(input.hint, 300) : '', `\`${escapeLine(command, 40)} help\` lists every command.`]));
  const plainProblem = input.missing ? (entry?.question ?? 'it needs an argument.') : `${takesArguments(maxArgs)}: "${extra}" is extra.`;
  const text = escapeLine(`${usage}${input.missing ? ':' : ''} ${plainProblem}${choices}`, 1000);
  return { ...fitMessage({ text, blocks }), response_type: 'ephemeral' };
}

/** `/fivetran help`: every subcommand with its usage; after a typo, what was meant; or one subcommand's usage. */
export function buildHelpAnswer(options: HelpOptions = {}): SlashAnswer {
  const command = escapeLine(options.command ?? SLASH_COMMAND, 40);
  const topic = options.topic ? subcommandNamed(options.topic) : undefined;
  if (topic && !options.unknown) {
    const blocks: KnownBlock[] = [
      section(`\`${command} ${escapeLine(subcommandUsage(topic), 80)}\`\n${escapeLine(topic.summary, 200)}`),
      context(`\`${command} help\` lists every command. A connection is named by its id or its name.`),
    ];
    return { ...fitMessage({ text: escapeLine(`${options.command ?? SLASH_COMMAND} ${subcommandUsage(topic)}: ${topic.summary}`, 400), blocks }), response_type: 'ephemeral' };
  }
  const blocks: KnownBlock[] = [header('Fivetran Pulse: commands')];
  if (options.unknown) {
    const guess = options.didYouMean ? ` Did you mean \`${command} ${escapeLine(options.didYouMean, 40)}\`?` : '';
    blocks.push(section(`:thinking_face: I don't know \`${escapeLine(options.unknown, 60).replace(/`/g, 'ˋ')}\`.${guess}`));
  }
  blocks.push(section(SLASH_SUBCOMMANDS.map((entry) => `\`${command} ${escapeLine(subcommandUsage(entry), 80)}\`\n      ${escapeLine(entry.summary, 200)}`).join('\n')));
  blocks.push(context('A connection is named by its id or its name. Answers are visible to you only until you share them.'));
  const text = options.unknown ? `Unknown command${options.didYouMean ? `; did you mean ${command} ${escapeLine(options.didYouMean, 40)}?` : ''}` : `${command} commands`;
  return { ...fitMessage({ text, blocks }), response_type: 'ephemeral' };
}
