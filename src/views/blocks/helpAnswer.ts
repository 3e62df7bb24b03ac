import { nameList, takesArguments } from '../../text/usageWords';
import { context, header, section } from './components';
import { fitMessage } from './limits';
import { escapeLine } from './mrkdwn';
import type { KnownBlock, SlashAnswer } from './types';

export interface CommandUsage {
  name: string;
  usage: string;
  description: string;
  /** Asked when its required argument is missing: "which tenant?". */
  question?: string;
}

/** Every subcommand, as `/fivetran help` lists it. */
export const COMMAND_USAGE: readonly CommandUsage[] = [
  { name: 'status', usage: 'status [connection]', description: 'Health of every connection, worst first; or one connection in full.' },
  { name: 'tenant', usage: 'tenant <tenant_id>', description: "One tenant's connections, alerts and MAR.", question: 'which tenant?' },
  { name: 'errors', usage: 'errors [connection]', description: 'Recent errors, newest first.' },
  { name: 'syncs', usage: 'syncs [connection]', description: 'Sync durations, slowest first; or one connection\'s recent syncs.' },
  { name: 'schema', usage: 'schema [connection]', description: 'Schema changes of the last 30 days.' },
  { name: 'mar', usage: 'mar', description: 'Monthly active rows so far this month, by tenant and by connection.' },
  { name: 'alerts', usage: 'alerts', description: 'Alerts firing, acknowledged or snoozed, and recently resolved.' },
  { name: 'check', usage: 'check', description: "How fresh Pulse's own monitoring data is." },
  { name: 'watch', usage: 'watch <connection>', description: 'Follow a running sync until it ends.', question: 'which connection?' },
  { name: 'help', usage: 'help [command]', description: 'This list, or how to use one command.' },
];

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

const usageOf = (name: string) => COMMAND_USAGE.find((entry) => entry.name === name);

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
  /** How many arguments it takes at most. */
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
  const command = input.command ?? '/fivetran';
  const entry = usageOf(input.name);
  const usage = `${command} ${entry?.usage ?? input.name}`;
  const extra = (input.extra ?? []).join(' ');
  const problem = input.missing ? (entry?.question ?? 'it needs an argument.') : `${takesArguments(input.maxArgs ?? 0)}: ${code(extra, 200)} is extra.`;
  const blocks: KnownBlock[] = [section(`:point_right: ${code(usage)}${input.missing ? ':' : ''} ${problem}`)];
  let choices = '';
  const names = input.choices?.names ?? [];
  if (input.choices && names.length > 0) {
    blocks.push(section(`${escapeLine(input.choices.label, 60)}: ${nameList(names.map((name) => code(name, 80)), MAX_CHOICES)}`));
    choices = ` ${input.choices.label}: ${nameList(names, MAX_CHOICES)}`;
  }
  blocks.push(context(...[entry ? escapeLine(entry.description, 200) : '', input.hint ? escapeLine(input.hint, 300) : '', `\`${escapeLine(command, 40)} help\` lists every command.`]));
  const plainProblem = input.missing ? (entry?.question ?? 'it needs an argument.') : `${takesArguments(input.maxArgs ?? 0)}: "${extra}" is extra.`;
  const text = escapeLine(`${usage}${input.missing ? ':' : ''} ${plainProblem}${choices}`, 1000);
  return { ...fitMessage({ text, blocks }), response_type: 'ephemeral' };
}

/** `/fivetran help`: every subcommand with its usage; after a typo, what was meant; or one subcommand's usage. */
export function buildHelpAnswer(options: HelpOptions = {}): SlashAnswer {
  const command = escapeLine(options.command ?? '/fivetran', 40);
  const topic = options.topic ? usageOf(options.topic) : undefined;
  if (topic && !options.unknown) {
    const blocks: KnownBlock[] = [
      section(`\`${command} ${escapeLine(topic.usage, 80)}\`\n${escapeLine(topic.description, 200)}`),
      context(`\`${command} help\` lists every command. A connection is named by its id or its name.`),
    ];
    return { ...fitMessage({ text: escapeLine(`${options.command ?? '/fivetran'} ${topic.usage}: ${topic.description}`, 400), blocks }), response_type: 'ephemeral' };
  }
  const blocks: KnownBlock[] = [header('Fivetran Pulse: commands')];
  if (options.unknown) {
    const guess = options.didYouMean ? ` Did you mean \`${command} ${escapeLine(options.didYouMean, 40)}\`?` : '';
    blocks.push(section(`:thinking_face: I don't know \`${escapeLine(options.unknown, 60).replace(/`/g, 'ˋ')}\`.${guess}`));
  }
  blocks.push(section(COMMAND_USAGE.map((entry) => `\`${command} ${escapeLine(entry.usage, 80)}\`\n      ${escapeLine(entry.description, 200)}`).join('\n')));
  blocks.push(context('A connection is named by its id or its name. Answers are visible to you only until you share them.'));
  const text = options.unknown ? `Unknown command${options.didYouMean ? `; did you mean ${command} ${escapeLine(options.didYouMean, 40)}?` : ''}` : `${command} commands`;
  return { ...fitMessage({ text, blocks }), response_type: 'ephemeral' };
}
