import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../../views/slashCommands';
import type { PulseServices } from '../../../jobs/services';
import { fivetranCommand } from './fivetranCommand';
import type { OpsAccess } from '../../opsAccess';

export function register(app: App, services: PulseServices, access: OpsAccess): void {
  app.command(SLASH_COMMAND, fivetranCommand(services, access));
}
