import { context, header, section } from './components';
import { fitMessage } from './limits';
import { escapeLine } from './mrkdwn';
import type { KnownBlock, SlashAnswer } from './types';

export interface CommandUsage {
  name: string;
  usage: string;
  description: string;
}

/** Every subcommand, as `/fivetran help` lists it. */
export const COMMAND_USAGE: readonly CommandUsage[] = [
  { name: 'status', usage: 'status [connection]', description: 'Health of every connection, worst first; or one connection in full.' },
  { name: 'tenant', usage: 'tenant <tenant id>', description: "One tenant's connections, alerts and MAR." },
  { name: 'errors', usage: 'errors [connection]', description: 'Recent errors, newest first.' },
  { name: 'syncs', usage: 'syncs [connection]', description: 'Sync durations, slowest first; or one connection\'s recent syncs.' },
  { name: 'schema', usage: 'schema [connection]', description: 'Schema changes of the last 30 days.' },
  { name: 'mar', usage: 'mar', description: 'Monthly active rows so far this month, by tenant and by connection.' },
  { name: 'alerts', usage: 'alerts', description: 'Alerts firing, acknowledged or snoozed, and recently resolved.' },
  { name: 'check', usage: 'check', description: "How fresh Pulse's own monitoring data is." },
  { name: 'watch', usage: 'watch <connection>', description: "Follow a running sync until it ends." },
  { name: 'help', usage: 'help', description: 'This list.' },
];

export interface HelpOptions {
  /** The slash command as installed, e.g. `/fivetran`. */
  command?: string;
  /** What the user typed that was not understood. */
  unknown?: string | null;
  /** The closest subcommand, for a "did you mean" line. */
  didYouMean?: string | null;
}

/** `/fivetran help`: every subcommand with its usage; after a typo, what was meant. */
export function buildHelpAnswer(options: HelpOptions = {}): SlashAnswer {
  const command = escapeLine(options.command ?? '/fivetran', 40);
  const blocks: KnownBlock[] = [header('Fivetran Pulse: commands')];
  if (options.unknown) {
    const guess = options.didYouMean ? ` Did you mean \`${command} ${escapeLine(options.didYouMean, 40)}\`?` : '';
    blocks.push(section(`:thinking_face: I don't know \`${escapeLine(options.unknown, 60).replace(/`/g, 'ˋ')}\`.${guess}`));
  }
  blocks.push(section(COMMAND_USAGE.map((entry) => `\`${command} ${escapeLine(entry.usage, 80)}\`\n      ${escapeLine(entry.description, 200)}`).join('\n')));
  blocks.push(context('A connection is named by its id or its name. Answers are visible to you only until you share them.'));
  const text = options.unknown ? `Unknown command${options.didYouMean ? `; did you mean ${command} ${escapeLine(options.didYouMean, 40)}?` : ''}` : `${command} commands`;
  return { ...fitMessage({ text, blocks }), response_type: 'ephemeral' };
}
