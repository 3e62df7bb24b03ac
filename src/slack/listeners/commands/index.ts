import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../../views/slashCommands';
import type { PulseServices } from '../../../jobs/services';
import { fivetranCommand } from './fivetranCommand';
import type { OpsAccess } from '../../opsAccess';
import type { Responder } from '../../responseUrl';

export function register(app: App, services: PulseServices, access: OpsAccess, responder: Responder): void {
  app.command(SLASH_COMMAND, fivetranCommand(services, access, responder));
}
