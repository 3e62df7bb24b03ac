import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../../views/slashCommands';
import type { PulseServices } from '../../../jobs/services';
import { fivetranCommand } from './fivetranCommand';

export function register(app: App, services: PulseServices): void {
  app.command(SLASH_COMMAND, fivetranCommand(services));
}
