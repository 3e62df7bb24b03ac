import type { CliContext } from './context';
import type { CliIo, ExitCode } from './io';
import type { CliOptions, ScopeOption } from './options';

/** What every command says of itself: the CLI's usage, argument checks and dispatch are read from it. */
interface CommandDescription {
  name: string;
  /** Other words that run it (`--help` for help). */
  aliases?: readonly string[];
  /** What follows the name: `<tenant_id>`, `[connection] [--days N]`. */
  usage: string;
  /** One line for the list of commands. */
  summary: string;
}

/**
 * A command that reads the warehouse. Before it runs, its options and the number of its arguments
 * are checked, the configuration loaded and the warehouse opened; after, a report on demo data
 * says so.
 */
export interface WarehouseCommand extends CommandDescription {
  kind: 'warehouse';
  /** The options that narrow or size what it reads, beyond those every command takes; another is refused, never ignored. */
  takes?: readonly ScopeOption[];
  /** How many arguments it takes; options aside. */
  minArgs: number;
  maxArgs: number;
  /** When its argument is missing: the question, with the names to pick from ("Which tenant? Tenants: acme, globex"). */
  whichOne?(context: CliContext): Promise<string>;
  run(context: CliContext, args: string[], options: CliOptions, io: CliIo): Promise<ExitCode>;
}

/** A command that needs no configuration and reads its own arguments and options (demo-data, help). */
export interface StandaloneCommand extends CommandDescription {
  kind: 'standalone';
  run(argv: string[], io: CliIo): Promise<ExitCode>;
}

export type CliCommand = WarehouseCommand | StandaloneCommand;

/** The usage line of one command: "npm run cli -- tenant <tenant_id>". */
export const usageLine = (command: Pick<CliCommand, 'name' | 'usage'>): string => `Usage: npm run cli -- ${command.name} ${command.usage}`.trimEnd();
