import { closeMatches } from '../text/closeMatches';

export const SUBCOMMANDS = ['status', 'tenant', 'errors', 'syncs', 'schema', 'mar', 'alerts', 'check', 'watch', 'help'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

const ALIASES: Record<string, Subcommand> = { 'schema-changes': 'schema', schemas: 'schema', error: 'errors', sync: 'syncs', alert: 'alerts', '?': 'help' };

/** Arguments each subcommand takes: [minimum, maximum]. */
const ARITY: Record<Subcommand, [number, number]> = {
  status: [0, 1], tenant: [1, 1], errors: [0, 1], syncs: [0, 1], schema: [0, 1], mar: [0, 0], alerts: [0, 0], check: [0, 0], watch: [1, 1], help: [0, 1],
};

export type RunnableSubcommand = Exclude<Subcommand, 'help'>;

export type ParsedCommand =
  | { kind: 'run'; subcommand: RunnableSubcommand; args: string[] }
  /** A known subcommand with an argument missing (`missing`) or too many (`extra`, what was left over). */
  | { kind: 'usage'; subcommand: RunnableSubcommand; missing: boolean; extra: string[]; maxArgs: number }
  /** `unknown`: the word not understood; `topic`: the subcommand to explain. */
  | { kind: 'help'; topic?: Subcommand; unknown?: string; problem?: string; suggestions: string[] };

const MAX_TOKENS = 10;
const MAX_TOKEN_CHARS = 200;

/** A subcommand by its name or an alias, case-insensitively. */
export function subcommandNamed(name: string): Subcommand | undefined {
  const key = name.toLowerCase();
  return (SUBCOMMANDS as readonly string[]).includes(key) ? (key as Subcommand) : ALIASES[key];
}

function unknownCommand(word: string): ParsedCommand {
  return { kind: 'help', unknown: word, problem: `"${word}" is not a /fivetran command.`, suggestions: closeMatches(word.toLowerCase(), SUBCOMMANDS) };
}

/**
 * The text after `/fivetran`, whatever a person (or anyone) typed: never throws. Empty or unknown
 * input becomes help, with a "did you mean" where one is close; a known subcommand with an
 * argument missing or left over becomes that subcommand's usage.
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
  const subcommand = subcommandNamed(first);
  if (!subcommand) return unknownCommand(first);
  if (subcommand === 'help') {
    if (args[0] === undefined) return { kind: 'help', suggestions: [] };
    const topic = subcommandNamed(args[0]);
    return topic ? { kind: 'help', topic, suggestions: [] } : unknownCommand(args[0]);
  }
  const [min, max] = ARITY[subcommand];
  if (args.length < min) return { kind: 'usage', subcommand, missing: true, extra: [], maxArgs: max };
  if (args.length > max) return { kind: 'usage', subcommand, missing: false, extra: args.slice(max), maxArgs: max };
  return { kind: 'run', subcommand, args };
}
