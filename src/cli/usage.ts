import type { CliCommand } from './command';
import { OPTIONS } from './options';

/** Two columns, the first as wide as its longest entry. */
function columns(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join('\n');
}

/** `npm run cli -- help`: made from the command table and the options, so it lists exactly what runs. */
export function cliUsage(commands: readonly CliCommand[]): string {
  const commandRows = commands.map((command) => [`${command.name} ${command.usage}`.trimEnd(), command.summary] as const);
  // Which commands take --tenant is read from the table, so the help cannot promise it where it is refused.
  const takers = commands.flatMap((command) => (command.kind === 'warehouse' && command.takes?.includes('tenant') ? [command.name] : []));
  const optionRows = Object.entries(OPTIONS).map(([name, option]) => [option.usage, name === 'tenant' ? `${option.summary}: ${takers.join(', ')}` : option.summary] as const);
  return `Fivetran Pulse: is Fivetran moving every tenant's data?

Usage: npm run cli -- <command> [arguments] [options]

Commands
${columns(commandRows)}

Options
${columns(optionRows)}

Exit codes: 0 success (alerts: none fire), 1 alerts fire (webhooks: Fivetran did not register it), 2 bad input or the warehouse could not be read.`;
}
