import { closeMatches } from '../text/closeMatches';
import { SLASH_COMMAND, SLASH_SUBCOMMANDS, subcommandNamed, type Subcommand } from '../views/slashCommands';

export type { Subcommand };
export type RunnableSubcommand = Exclude<Subcommand, 'help'>;

export type ParsedCommand =
  | { kind: 'run'; subcommand: RunnableSubcommand; args: string[] }
  /** A known subcommand with an argument missing (`missing`) or too many (`extra`, what was left over). */
  | { kind: 'usage'; subcommand: RunnableSubcommand; missing: boolean; extra: string[]; maxArgs: number }
  /** `unknown`: the word not understood; `topic`: the subcommand to explain. */
  | { kind: 'help'; topic?: Subcommand; unknown?: string; problem?: string; suggestions: string[] };

const MAX_TOKENS = 10;
const MAX_TOKEN_CHARS = 200;

function unknownCommand(word: string): ParsedCommand {
  const names = SLASH_SUBCOMMANDS.map((spec) => spec.name);
  return { kind: 'help', unknown: word, problem: `"${word}" is not a ${SLASH_COMMAND} command.`, suggestions: closeMatches(word.toLowerCase(), names) };
}

/**
 * The text after `/fivetran`, whatever a person (or anyone) typed: never throws. Empty or unknown
 * input becomes help, with a "did you mean" where one is close; a known subcommand with an
 * argument missing or left over becomes that subcommand's usage. Names, aliases and how many
 * arguments each takes come from the subcommand table (views/slashCommands).
 */
export function parseCommand(text: string): ParsedCommand {
  // Slack may send an unescaped <#C123|name> or <@U123> when a name is picked from autocomplete.
  const tokens = text
    .replace(/<[#@!][^|>]*\|([^>]*)>/g, '$1')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_TOKENS + 1)
    .map((token) => token.slice(0, MAX_TOKEN_CHARS));
  const [first, ...args] = tokens;
  if (first === undefined) return { kind: 'help', suggestions: [] };
  const spec = subcommandNamed(first);
  if (!spec) return unknownCommand(first);
  if (spec.name === 'help') {
    if (args[0] === undefined) return { kind: 'help', suggestions: [] };
    const topic = subcommandNamed(args[0]);
    return topic ? { kind: 'help', topic: topic.name, suggestions: [] } : unknownCommand(args[0]);
  }
  const subcommand = spec.name;
  if (args.length < spec.minArgs) return { kind: 'usage', subcommand, missing: true, extra: [], maxArgs: spec.maxArgs };
  if (args.length > spec.maxArgs) return { kind: 'usage', subcommand, missing: false, extra: args.slice(spec.maxArgs), maxArgs: spec.maxArgs };
  return { kind: 'run', subcommand, args };
}
