import type { CliCommand } from '../command';
import { cliUsage } from '../usage';
import { alerts } from './alerts';
import { analyze } from './analyze';
import { apiCalls } from './apiCalls';
import { check } from './check';
import { demoData } from './demoData';
import { errors } from './errors';
import { helpCommand } from './help';
import { mar } from './mar';
import { runAlerts } from './runAlerts';
import { runDashboard } from './runDashboard';
import { schemaChanges } from './schemaChanges';
import { status } from './status';
import { syncs } from './syncs';
import { tenant } from './tenant';
import { webhooks } from './webhooks';

/** Every CLI command, in the order the help lists them: the usage, the argument checks and the dispatch are read from here. */
export const COMMANDS: readonly CliCommand[] = [
  status,
  tenant,
  alerts,
  errors,
  syncs,
  schemaChanges,
  mar,
  apiCalls,
  check,
  analyze,
  demoData,
  runDashboard,
  runAlerts,
  webhooks,
  helpCommand(() => CLI_USAGE),
];

export const CLI_USAGE = cliUsage(COMMANDS);

/** The command a word names, by its name or an alias. */
export function commandNamed(word: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === word || command.aliases?.includes(word));
}
