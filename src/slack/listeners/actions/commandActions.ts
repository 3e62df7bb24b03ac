import { composeDashboard, readDashboardData, type DashboardScope } from '../../../jobs/dashboards';
import { decodeCommandRef } from '../../../views/blocks';
import { answerCommand, chartFor } from '../../answerCommand';
import { postChart } from '../../charts';
import type { PulseServices } from '../../../jobs/services';
import { stopWatch } from '../../watchSync';
import { details } from './alertActions';
import { refuse, tell, type ActionArgs, type ActionContext } from './actionKit';
import { explainFailure } from '../../../errors/explainFailure';

/** "Share in channel" on an ephemeral answer: the same answer, run again, visible to everyone, with its chart when it has one. */
export async function shareInChannel(services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  const ref = decodeCommandRef(context.value);
  if (!ref) return refuse(args.respond, 'That button was not one Pulse made, so it was ignored.');
  const answer =
    ref.command === 'details'
      ? await details(services, args, context, ref.args[0] ?? null, false)
      : await answerCommand(services, { text: [ref.command, ...ref.args].join(' '), channel: context.channel, userId: context.userId, page: ref.page, ephemeral: false });
  if (!answer) return;
  if (answer.response_type === 'ephemeral') return tell(args.respond, answer);
  await args.respond({ ...answer, response_type: 'in_channel', replace_original: false });
  await args.respond({ delete_original: true }).catch(() => undefined);
  if (ref.command !== 'details') await shareChart(services, args, context, [ref.command, ...ref.args].join(' '));
}

/** The shared answer's chart, uploaded just below it; a failure is told to whoever shared, privately. */
async function shareChart(services: PulseServices, args: ActionArgs, context: ActionContext, text: string): Promise<void> {
  try {
    const chart = await chartFor(services, { text, channel: context.channel, userId: context.userId });
    if (!chart) return;
    await postChart(args.client, chart, { channelId: context.channel.id, comment: `:bar_chart: Shared by <@${context.userId}> with the answer above.` });
  } catch (error) {
    services.logger.warn({ err: error, command: text }, 'the chart of a shared answer could not be posted');
    await refuse(args.respond, explainFailure('Pulse shared the answer but could not post its chart', error, { logged: true }) + ' If the app is not in this channel, invite it: uploads need it there.');
  }
}

/** Previous and next page of a list answer: the answer is replaced in place. */
export async function turnPage(services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  const ref = decodeCommandRef(context.value);
  if (!ref) return refuse(args.respond, 'That button was not one Pulse made, so it was ignored.');
  const answer = await answerCommand(services, { text: [ref.command, ...ref.args].join(' '), channel: context.channel, userId: context.userId, page: ref.page });
  await args.respond({ ...answer, replace_original: true });
}

/** Refresh on a dashboard: rebuilt from the shared judgment (read anew unless one is seconds old), for what this channel may see, in place. */
export async function refreshDashboard(services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  if (context.scope.kind === 'none') return refuse(args.respond, context.scope.reason);
  if (!context.messageTs) return;
  const data = await readDashboardData(services, services.clock());
  const scope: DashboardScope = context.scope.kind === 'tenant' ? { kind: 'tenant', tenant: context.scope.tenant } : { kind: 'all' };
  const { message } = (await composeDashboard(services, data, scope, 'refresh')).dashboard;
  await args.client.chat.update({ channel: context.channel.id, ts: context.messageTs, text: message.text, blocks: message.blocks });
}

export async function stopWatching(_services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  const stopped = context.messageTs !== null && stopWatch(context.channel.id, context.messageTs, context.userId);
  await tell(args.respond, { response_type: 'ephemeral', text: stopped ? 'Stopped watching.' : 'That watch had already ended.', blocks: [] });
}
