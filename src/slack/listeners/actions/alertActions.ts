import { acknowledgeAlert } from '../../../alerts/acknowledgeAlert';
import type { AlertActionResult, NamedTarget } from '../../../alerts/alertTarget';
import { applyMessageChanges } from '../../../alerts/applyMessageChanges';
import { snoozeAlert } from '../../../alerts/snoozeAlert';
import type { SnoozeDuration } from '../../../alerts/types';
import { findConnection } from '../../../health/scope';
import {
  buildAlertActionNotice,
  buildAlertDetails,
  buildAlertGroupList,
  decodeAlertGroupPage,
  decodeAlertMenuValue,
  LIST_PAGING_BLOCK,
  parseListBlockId,
  withFooter,
  type SlashAnswer,
} from '../../../views/blocks';
import { alertMessenger } from '../../../jobs/alertMessenger';
import { liveButtonsOf, type PulseServices } from '../../../jobs/services';
import { reusedAgeMs } from '../../../jobs/sharedJudgment';
import { webClientPoster } from '../../../jobs/webClientPoster';
import { scopeAllowsTenant } from '../../channelScope';
import { GROUP_ID, INCIDENT_ID, permittedIncidents, refuse, tell, type ActionArgs, type ActionContext } from './actionKit';

function targetOf(id: string | null): NamedTarget | null {
  if (id !== null && INCIDENT_ID.test(id)) return { incidentId: id };
  if (id !== null && GROUP_ID.test(id)) return { groupId: id };
  return null;
}

const NOT_OURS = 'That button was not one Pulse made, so it was ignored.';

export async function acknowledge(services: PulseServices, args: ActionArgs, context: ActionContext, id: string | null): Promise<void> {
  const target = targetOf(id);
  if (!target) return refuse(args.respond, NOT_OURS);
  const incidents = await permittedIncidents(services, context, args.respond, target);
  if (!incidents) return;
  const result = await acknowledgeAlert(services.store, { target: { incidents }, userId: context.userId, now: services.clock(), channel: context.channel.id });
  await carryOut(services, args, result);
  if (result.outcome !== 'done') await tell(args.respond, buildAlertActionNotice(result));
}

export async function snooze(services: PulseServices, args: ActionArgs, context: ActionContext, id: string | null, duration: SnoozeDuration): Promise<void> {
  const target = targetOf(id);
  if (!target) return refuse(args.respond, NOT_OURS);
  const incidents = await permittedIncidents(services, context, args.respond, target);
  if (!incidents) return;
  const result = await snoozeAlert(services.store, {
    target: { incidents }, userId: context.userId, duration, now: services.clock(), nextDashboardAt: services.nextDashboardAt(), channel: context.channel.id,
  });
  await carryOut(services, args, result);
  await tell(args.respond, buildAlertActionNotice(result));
}

/**
 * Edits every message the action changed, through the client that answers this press. The change is
 * already stored; an edit Slack cannot make now (limited, timed out) waits in the delivery queue.
 */
async function carryOut(services: PulseServices, args: ActionArgs, result: AlertActionResult): Promise<void> {
  await applyMessageChanges(alertMessenger(webClientPoster(args.client, { callTimeoutSeconds: services.config.slack.callTimeoutSeconds }), liveButtonsOf(services)), result, services.logger, {
    store: services.store,
    now: services.clock(),
  });
  services.incidentChanges.changed();
}

export async function details(services: PulseServices, args: ActionArgs, context: ActionContext, id: string | null, ephemeral = true): Promise<SlashAnswer | null> {
  const target = id !== null && INCIDENT_ID.test(id) ? { incidentId: id } : null;
  if (!target) {
    await refuse(args.respond, NOT_OURS);
    return null;
  }
  const incidents = await permittedIncidents(services, context, args.respond, target);
  if (!incidents) return null;
  const incident = incidents[0] ?? null;
  const judgment = await services.judgments.current();
  const { assessment } = judgment;
  const lookup = incident?.connectionId ? findConnection(assessment.connections, incident.connectionId) : null;
  const dataAgeMs = reusedAgeMs(judgment, services.clock());
  const answer = withFooter(buildAlertDetails(incident, lookup?.kind === 'found' ? lookup.connection : null, { ephemeral, liveActions: services.fivetranApi !== null }), { demo: services.monitor.demo, dataAgeMs });
  if (ephemeral) await tell(args.respond, answer);
  return answer;
}

/** The overflow menu beside each incident of a grouped message, and of its full list. */
export async function alertMenu(services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  const choice = decodeAlertMenuValue(context.value);
  if (!choice) return refuse(args.respond, NOT_OURS);
  switch (choice.verb) {
    case 'acknowledge':
      await acknowledge(services, args, context, choice.incidentId);
      return showListAgain(services, args, context);
    case 'snooze_4h':
      await snooze(services, args, context, choice.incidentId, '4h');
      return showListAgain(services, args, context);
    case 'snooze_dashboard':
      await snooze(services, args, context, choice.incidentId, 'dashboard');
      return showListAgain(services, args, context);
    case 'details':
      await details(services, args, context, choice.incidentId);
      return;
    case 'open':
      return;
  }
}

/** "Show all" on a grouped message, and the pages of that list: every incident with its own menu, privately. */
export async function showAlertGroup(services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  const target = decodeAlertGroupPage(context.value);
  if (!target) return refuse(args.respond, NOT_OURS);
  const incidents = await permittedIncidents(services, context, args.respond, { groupId: target.groupId });
  if (!incidents) return;
  const list = buildAlertGroupList(target.groupId, incidents, target.page);
  // A page turn replaces the list in place; "Show all" on the channel's message answers beside it.
  if (context.blockId === LIST_PAGING_BLOCK) await args.respond({ ...list, replace_original: true });
  else await tell(args.respond, list);
}

/** After acting from the full list, the list shows the incident as it stands now. */
async function showListAgain(services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> {
  const shown = parseListBlockId(context.blockId);
  if (!shown) return;
  const incidents = await services.store.getGroupMembers(shown.groupId);
  // The block id came with the press: a list this channel may not see is not shown again.
  if (incidents.length === 0 || context.scope.kind === 'none' || !incidents.every((incident) => scopeAllowsTenant(context.scope, incident.tenantId))) return;
  await args.respond({ ...buildAlertGroupList(shown.groupId, incidents, shown.page), replace_original: true });
}
