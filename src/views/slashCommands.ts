/** The slash command as the manifest installs it. */
export const SLASH_COMMAND = '/fivetran';

/** How a `/fivetran` subcommand is typed and explained; slack/ pairs each with its handler. */
export interface SlashSubcommandSpec {
  name: string;
  /** Other words that run it, in any letter case. */
  aliases: readonly string[];
  /** What follows the name: `<tenant_id>`, `[connection]`. */
  args: string;
  minArgs: number;
  maxArgs: number;
  /** One line for help. */
  summary: string;
  /** Asked when its required argument is missing: "which tenant?". */
  question?: string;
}

/**
 * Every subcommand, in the order help lists them: parsing (names, aliases, arity), help and usage
 * answers are read from here, and slack/ has exactly one handler for each.
 */
export const SLASH_SUBCOMMANDS = [
  { name: 'status', aliases: [], args: '[connection]', minArgs: 0, maxArgs: 1, summary: 'Health of every connection, worst first; or one connection in full.' },
  { name: 'tenant', aliases: [], args: '<tenant_id>', minArgs: 1, maxArgs: 1, summary: "One tenant's connections, alerts and MAR.", question: 'which tenant?' },
  { name: 'errors', aliases: ['error'], args: '[connection]', minArgs: 0, maxArgs: 1, summary: 'Recent errors, newest first.' },
  // `sync` is its own command (Sync now), no longer a way to type `syncs`.
  { name: 'syncs', aliases: [], args: '[connection]', minArgs: 0, maxArgs: 1, summary: "Sync durations, slowest first; or one connection's recent syncs." },
  { name: 'schema', aliases: ['schema-changes', 'schemas'], args: '[connection]', minArgs: 0, maxArgs: 1, summary: 'Schema changes of the last 30 days.' },
  { name: 'mar', aliases: [], args: '', minArgs: 0, maxArgs: 0, summary: 'Monthly active rows so far this month, by tenant and by connection.' },
  { name: 'alerts', aliases: ['alert'], args: '', minArgs: 0, maxArgs: 0, summary: 'Alerts firing, acknowledged or snoozed, and recently resolved.' },
  { name: 'check', aliases: [], args: '', minArgs: 0, maxArgs: 0, summary: "How fresh Pulse's own monitoring data is." },
  { name: 'watch', aliases: [], args: '<connection>', minArgs: 1, maxArgs: 1, summary: 'Follow a running sync until it ends.', question: 'which connection?' },
  { name: 'sync', aliases: [], args: '<connection>', minArgs: 1, maxArgs: 1, summary: 'Ask Fivetran to start a sync now (ops team only; asks to confirm).', question: 'which connection?' },
  { name: 'pause', aliases: [], args: '<connection>', minArgs: 1, maxArgs: 1, summary: 'Pause a connection (ops team only; asks to confirm).', question: 'which connection?' },
  { name: 'resume', aliases: [], args: '<connection>', minArgs: 1, maxArgs: 1, summary: 'Resume a paused connection (ops team only; asks to confirm).', question: 'which connection?' },
  { name: 'help', aliases: ['?'], args: '[command]', minArgs: 0, maxArgs: 1, summary: 'This list, or how to use one command.' },
] as const satisfies readonly SlashSubcommandSpec[];

export type Subcommand = (typeof SLASH_SUBCOMMANDS)[number]['name'];

/** A subcommand by its name or an alias, case-insensitively. */
export function subcommandNamed(word: string): (SlashSubcommandSpec & { name: Subcommand }) | undefined {
  const key = word.toLowerCase();
  return SLASH_SUBCOMMANDS.find((spec) => spec.name === key || (spec.aliases as readonly string[]).includes(key));
}

/** "tenant <tenant_id>": the subcommand as it is typed after the slash command. */
export const subcommandUsage = (spec: Pick<SlashSubcommandSpec, 'name' | 'args'>): string => `${spec.name} ${spec.args}`.trimEnd();
