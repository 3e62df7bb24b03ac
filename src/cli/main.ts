#!/usr/bin/env node
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { closeMatches } from '../text/closeMatches';
import type { Clock } from '../warehouse/deadline';
import { explainWarehouseError, isWarehouseError } from '../warehouse/errors';
import { COMMANDS, type CommandName } from './commands';
import { openCliContext } from './context';
import { runDemoData } from './commands/demoData';
import { BadInput } from './badInput';
import { CLI_USAGE } from './usage';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Where the warehouse's deadlines read time: the system clock unless a test moves one by hand. */
  clock?: Clock;
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
    const spec = COMMANDS[command as CommandName];
    if (parsed.positionals.length > spec.maxArgs || parsed.positionals.length < spec.minArgs) {
      throw new BadInput(`Usage: npm run cli -- ${command} ${spec.usage}`.trimEnd());
    }
    const config = loadConfig(io.env);
    context = await openCliContext(config, io.env, io.clock);
    return await spec.run(context, parsed.positionals, options, io);
  } catch (error) {
    if (error instanceof BadInput || error instanceof ConfigError) return fail(error.message);
    if (isWarehouseError(error)) return fail(explainWarehouseError('Pulse could not read the warehouse', error));
    return fail(`Pulse failed unexpectedly: ${(error as Error).message}`);
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
