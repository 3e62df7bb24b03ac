#!/usr/bin/env node
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { loadConfig } from '../config/loadConfig';
import { explainFailure, failureCode } from '../errors/explainFailure';
import { closeMatches } from '../text/closeMatches';
import { DEMO_NOTE } from '../views/demoNote';
import { takesArguments } from '../text/usageWords';
import { COMMANDS, type CommandName, type CommandSpec } from './commands';
import { openCliContext, type CliContext } from './context';
import { runDemoData } from './commands/demoData';
import { BadInput } from './badInput';
import { CLI_USAGE } from './usage';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

const OPTIONS = {
  json: { type: 'boolean' },
  at: { type: 'string' },
  tenant: { type: 'string' },
  days: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

export interface CliOptions {
  json: boolean;
  at?: Date;
  tenant?: string;
  days?: number;
  color: boolean;
}

function parseOptions(values: Record<string, string | boolean | undefined>, io: CliIo): CliOptions {
  const options: CliOptions = { json: values.json === true, color: values['no-color'] ? false : values.color === true || (io.stdout.isTTY === true && !io.env.NO_COLOR) };
  if (typeof values.at === 'string') {
    const at = new Date(values.at);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.at) || Number.isNaN(at.getTime())) throw new BadInput(`--at expects an ISO time such as 2026-11-26T08:00:00Z; got "${values.at}"`);
    options.at = at;
  }
  if (typeof values.tenant === 'string') {
    if (values.tenant.trim() === '') throw new BadInput('--tenant expects a tenant id');
    options.tenant = values.tenant.trim();
  }
  if (typeof values.days === 'string') {
    if (!/^\d+$/.test(values.days) || Number(values.days) < 1 || Number(values.days) > 365) throw new BadInput(`--days expects a whole number from 1 to 365; got "${values.days}"`);
    options.days = Number(values.days);
  }
  return options;
}

/** The usage, and the names that fit when the command can list them; the usage alone when they cannot be read. */
async function missingArgument(spec: CommandSpec, usage: string, io: CliIo): Promise<string> {
  if (!spec.whichOne) return usage;
  let context: CliContext | null = null;
  try {
    context = await openCliContext(loadConfig(io.env), io.env);
    return `${usage}\n${await spec.whichOne(context)}`;
  } catch {
    return usage;
  } finally {
    await context?.close().catch(() => undefined);
  }
}

/** Runs one CLI command; resolves to the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`${message}\n`);
    return 2;
  };
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(`${CLI_USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  // demo-data makes a warehouse rather than reading one: it needs no configuration.
  if (command === 'demo-data') return runDemoData(rest, io);
  if (!(command in COMMANDS)) {
    const suggestions = closeMatches(command, [...Object.keys(COMMANDS), 'demo-data', 'help']);
    return fail(`Unknown command "${command}".${suggestions.length ? ` Did you mean ${suggestions.join(' or ')}?` : ''} Run "npm run cli -- help" for the list.`);
  }

  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return fail(`${(error as Error).message}\nRun "npm run cli -- help" for the options.`);
  }
  if (parsed.values.help) {
    io.stdout.write(`${CLI_USAGE}\n`);
    return 0;
  }

  let context: Awaited<ReturnType<typeof openCliContext>> | null = null;
  try {
    const options = parseOptions(parsed.values, io);
    const spec: CommandSpec = COMMANDS[command as CommandName];
    const args = parsed.positionals;
    const usage = `Usage: npm run cli -- ${command} ${spec.usage}`.trimEnd();
    if (args.length > spec.maxArgs) throw new BadInput(`${usage}\n${command} ${takesArguments(spec.maxArgs)}: "${args.slice(spec.maxArgs).join(' ')}" is extra.`);
    if (args.length < spec.minArgs) throw new BadInput(await missingArgument(spec, usage, io));
    const config = loadConfig(io.env);
    context = await openCliContext(config, io.env);
    const code = await spec.run(context, args, options, io);
    // Every report on demo data ends saying so; JSON stays the data alone.
    if (context.monitor.demo && !options.json) io.stdout.write(`\n${DEMO_NOTE}\n`);
    return code;
  } catch (error) {
    // Every command reads the warehouse: when that is what failed, that is what the person is told.
    const doing = failureCode(error)?.startsWith('PULSE_WAREHOUSE_') ? 'Pulse could not read the warehouse' : `Pulse could not run ${command}`;
    return fail(explainFailure(doing, error, { details: true }));
  } finally {
    await context?.close().catch(() => undefined);
  }
}

if (require.main === module) {
  dotenv.config({ quiet: true });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
