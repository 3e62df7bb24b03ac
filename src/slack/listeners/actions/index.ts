import type { App, BlockAction } from '@slack/bolt';
import { type ACTION_IDS, decodeSnoozeValue } from '../../../views/blocks';
import type { PulseServices } from '../../../jobs/services';
import { acked, actionContext, refuse, type ActionArgs, type ActionContext } from './actionKit';
import { acknowledge, alertMenu, details, showAlertGroup, snooze } from './alertActions';
import { refreshDashboard, shareInChannel, stopWatching, turnPage } from './commandActions';
import { liveAction } from './liveActions';
import type { OpsAccess } from '../../opsAccess';
import { answerInModal } from './homeActions';
import type { Responder } from '../../responseUrl';

type Handler = (services: PulseServices, args: ActionArgs, context: ActionContext) => Promise<void>;

const snoozeHandler: Handler = async (services, args, context) => {
  const choice = decodeSnoozeValue(context.value);
  if (!choice) return refuse(args.respond, 'That choice was not one Pulse offered, so it was ignored.');
  return snooze(services, args, context, choice.targetId, choice.duration);
};

/** Every action id Pulse sends has exactly one handler here, named after it. */
const handlers = (access: OpsAccess): Record<(typeof ACTION_IDS)[keyof typeof ACTION_IDS], Handler> => ({
  acknowledgeAlert: (services, args, context) => acknowledge(services, args, context, context.value),
  acknowledgeGroup: (services, args, context) => acknowledge(services, args, context, context.value),
  snoozeAlert: snoozeHandler,
  snoozeGroup: snoozeHandler,
  showAlertDetails: async (services, args, context) => {
    await details(services, args, context, context.value);
  },
  alertMenu,
  showAlertGroup,
  previousAlertGroupPage: showAlertGroup,
  nextAlertGroupPage: showAlertGroup,
  // A link button: Slack opens the page itself and only needs the action acknowledged.
  openInFivetran: async () => undefined,
  refreshDashboard,
  shareInChannel,
  previousPage: turnPage,
  nextPage: turnPage,
  stopWatch: stopWatching,
  syncConnection: liveAction('sync', access),
  pauseConnection: liveAction('pause', access),
  resumeConnection: liveAction('resume', access),
});

export function register(app: App, services: PulseServices, access: OpsAccess, responder: Responder): void {
  const byId: Record<string, Handler> = handlers(access);
  // One listener for them all: Bolt tries every listener on every request it gets, slash commands
  // included, and twenty of them cost each request a few tenths of a millisecond while acks wait.
  const ids = new RegExp(`^(?:${Object.keys(byId).join('|')})$`);
  app.action<BlockAction>(ids, async (args) => {
    const actionId = args.action.action_id;
    const handler = byId[actionId] as Handler;
    const responseUrl = args.body.response_url;
    // A press on the Home tab has no message to answer beside: answers open in a dialog instead.
    const respond = responseUrl ? responder.to(responseUrl) : args.body.container?.type === 'view' ? answerInModal(args) : args.respond;
    await acked(services, actionId, async (pressed) => handler(services, pressed, await actionContext(services, pressed.body)))({ ...args, respond });
  });
}
