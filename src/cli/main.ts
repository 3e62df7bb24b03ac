#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import dotenv from 'dotenv';
import { explainFailure, failureCode } from '../errors/explainFailure';
import { closeMatches } from '../text/closeMatches';
import { takesArguments } from '../text/usageWords';
import { DEMO_NOTE } from '../views/demoNote';
import { fitLines } from '../views/text/format';
import { BadInput } from './badInput';
import { usageLine, type WarehouseCommand } from './command';
import { CLI_USAGE, COMMANDS, commandNamed } from './commands';
import type { CliContext } from './context';
import { fail, processIo, terminalWidth, type CliIo, type ExitCode } from './io';
import { OPTIONS, parseOptions, SCOPE_OPTIONS, type OptionValues } from './options';

const PARSE_OPTIONS: ParseArgsConfig['options'] = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, option]) => [name, 'short' in option ? { type: option.type, short: option.short } : { type: option.type }]),
);

/**
 * The configuration (zod) and the warehouse (DuckDB, pino; snowflake-sdk when configured) are
 * loaded only by the commands that read it, so `help`, a typo or a usage error answers at once.
 */
async function openContext(io: CliIo): Promise<CliContext> {
  const [{ loadConfig }, { openCliContext }] = await Promise.all([import('../config/loadConfig'), import('./context')]);
  return openCliContext(loadConfig(io.env), io.env, io.clock);
}

/** The usage, and the names that fit when the command can list them; the usage alone when they cannot be read. */
async function missingArgument(command: WarehouseCommand, io: CliIo): Promise<string> {
  const usage = usageLine(command);
  if (!command.whichOne) return usage;
  let context: CliContext | null = null;
  try {
    context = await openContext(io);
    return `${usage}\n${await command.whichOne(context)}`;
  } catch {
    return usage;
  } finally {
    await context?.close().catch(() => undefined);
  }
}

/** Runs one CLI command; resolves to the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [word, ...rest] = argv;
  if (word === undefined) {
    io.stdout.write(`${fitLines(CLI_USAGE, terminalWidth(io))}\n`);
    return 2;
  }
  const command = commandNamed(word);
  if (!command) {
    const suggestions = closeMatches(word, COMMANDS.map((known) => known.name));
    return fail(io, `Unknown command "${word}".${suggestions.length ? ` Did you mean ${suggestions.join(' or ')}?` : ''} Run "npm run cli -- help" for the list.`);
  }
  if (command.kind === 'standalone') return command.run(rest, io);
  return runWarehouseCommand(command, rest, io);
}

async function runWarehouseCommand(command: WarehouseCommand, argv: string[], io: CliIo): Promise<ExitCode> {
  let values: OptionValues;
  let args: string[];
  try {
    const parsed = parseArgs({ args: argv, options: PARSE_OPTIONS, allowPositionals: true, strict: true });
    values = parsed.values;
    args = parsed.positionals;
  } catch (error) {
    return fail(io, `${(error as Error).message}\nRun "npm run cli -- help" for the options.`);
  }
  if (values.help) {
    io.stdout.write(`${fitLines(CLI_USAGE, terminalWidth(io))}\n`);
    return 0;
  }

  let context: CliContext | null = null;
  try {
    const refused = SCOPE_OPTIONS.filter((name) => values[name] !== undefined && !command.takes?.includes(name));
    if (refused.length > 0) {
      throw new BadInput(`${usageLine(command)}\n${command.name} does not take ${refused.map((name) => `--${name}`).join(' or ')}.`);
    }
    const options = parseOptions(values, io);
    if (args.length > command.maxArgs) throw new BadInput(`${usageLine(command)}\n${command.name} ${takesArguments(command.maxArgs)}: "${args.slice(command.maxArgs).join(' ')}" is extra.`);
    if (args.length < command.minArgs) throw new BadInput(await missingArgument(command, io));
    context = await openContext(io);
    const code = await command.run(context, args, options, io);
    // Every report on demo data ends saying so; JSON stays the data alone.
    if (context.monitor.demo && !options.json) io.stdout.write(`\n${fitLines(DEMO_NOTE, options.width)}\n`);
    return code;
  } catch (error) {
    // Every command reads the warehouse: when that is what failed, that is what the person is told.
    const doing = failureCode(error)?.startsWith('PULSE_WAREHOUSE_') ? 'Pulse could not read the warehouse' : `Pulse could not run ${command.name}`;
    return fail(io, explainFailure(doing, error, { details: true }));
  } finally {
    await context?.close().catch(() => undefined);
  }
}

if (require.main === module) {
  // `pulse status | head` closes the pipe early: the reader has what it wanted, so end quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  dotenv.config({ quiet: true });
  // runCli never rejects: it answers every failure itself.
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
