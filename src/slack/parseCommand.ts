import { closeMatches } from '../text/closeMatches';

export const SUBCOMMANDS = ['status', 'tenant', 'errors', 'syncs', 'schema', 'mar', 'alerts', 'check', 'watch', 'help'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

const ALIASES: Record<string, Subcommand> = { 'schema-changes': 'schema', schemas: 'schema', error: 'errors', sync: 'syncs', alert: 'alerts', '?': 'help' };

/** Arguments each subcommand takes: [minimum, maximum]. */
const ARITY: Record<Subcommand, [number, number]> = {
  status: [0, 1], tenant: [1, 1], errors: [0, 1], syncs: [0, 1], schema: [0, 1], mar: [0, 0], alerts: [0, 0], check: [0, 0], watch: [1, 1], help: [0, 1],
};

export type ParsedCommand =
  | { kind: 'run'; subcommand: Exclude<Subcommand, 'help'>; args: string[] }
  | { kind: 'help'; topic?: string; problem?: string; suggestions: string[] };

const MAX_TOKENS = 10;
const MAX_TOKEN_CHARS = 200;

/**
 * The text after `/fivetran`, whatever a person (or anyone) typed: never throws. Empty or unknown
 * input becomes help, with a "did you mean" where one is close.
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
  const name = first.toLowerCase();
  const subcommand = (SUBCOMMANDS as readonly string[]).includes(name) ? (name as Subcommand) : ALIASES[name];
  if (!subcommand) {
    return { kind: 'help', problem: `"${first}" is not a /fivetran command.`, suggestions: closeMatches(name, SUBCOMMANDS) };
  }
  if (subcommand === 'help') return { kind: 'help', ...(args[0] ? { topic: args[0].toLowerCase() } : {}), suggestions: [] };
  const [min, max] = ARITY[subcommand];
  if (args.length < min || args.length > max) {
    const problem = args.length < min ? `/fivetran ${subcommand} needs ${min === 1 ? 'an argument' : `${min} arguments`}.` : `/fivetran ${subcommand} takes ${max === 0 ? 'no arguments' : `at most ${max}`}.`;
    return { kind: 'help', topic: subcommand, problem, suggestions: [] };
  }
  return { kind: 'run', subcommand, args };
}
