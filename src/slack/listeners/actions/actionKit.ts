import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { loadTarget, type NamedTarget } from '../../../alerts/alertTarget';
import type { Incident } from '../../../alerts/types';
import { buildErrorAnswer, type SlashAnswer } from '../../../views/blocks';
import { explainFailure } from '../../../errors/explainFailure';
import { scopeAllowsTenant, scopeOf, type ChannelRef, type ChannelScope } from '../../channelScope';
import type { PulseServices } from '../../../jobs/services';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export interface ActionContext {
  channel: ChannelRef;
  userId: string;
  messageTs: string | null;
  /** The block the pressed element is in. */
  blockId: string | null;
  /** The pressed button's value, or the chosen option's. */
  value: string | null;
  scope: ChannelScope;
}

/** Ids Pulse itself puts in button values; anything else was not made by Pulse. */
export const INCIDENT_ID = /^inc_[0-9a-f]{20}$/;
export const GROUP_ID = /^grp_[0-9a-f]{20}$/;

export async function actionContext(services: PulseServices, body: BlockAction): Promise<ActionContext> {
  const action = body.actions[0] as { value?: string; block_id?: string; selected_option?: { value?: string } } | undefined;
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  const channel = { id: body.channel?.id ?? container?.channel_id ?? '', name: body.channel?.name ?? null };
  return {
    channel,
    userId: body.user.id,
    messageTs: body.message?.ts ?? container?.message_ts ?? null,
    blockId: typeof action?.block_id === 'string' ? action.block_id : null,
    value: action?.selected_option?.value ?? action?.value ?? null,
    // The Home tab is the ops view: a press there may act on every tenant's alerts.
    scope: body.container?.type === 'view' && !body.channel ? { kind: 'all' } : await scopeOf(services, channel),
  };
}

/** A private answer to whoever pressed, leaving the message they pressed on as it is. */
export async function tell(respond: ActionArgs['respond'], answer: SlashAnswer): Promise<void> {
  await respond({ ...answer, response_type: 'ephemeral', replace_original: false });
}

export const refuse = (respond: ActionArgs['respond'], message: string) => tell(respond, buildErrorAnswer({ kind: 'refusal', message }));

/**
 * Incidents the channel may act on, or a refusal already sent. A value that names no incident
 * (tampered, or from long ago) and an incident of another tenant both get a refusal, never data.
 */
export async function permittedIncidents(services: PulseServices, context: ActionContext, respond: ActionArgs['respond'], target: NamedTarget): Promise<Incident[] | null> {
  if (context.scope.kind === 'none') {
    await refuse(respond, context.scope.reason);
    return null;
  }
  const incidents = await loadTarget(services.store, target);
  if (incidents.length === 0) {
    await refuse(respond, 'Pulse knows no such alert. It may have been removed, or the button was not one Pulse made.');
    return null;
  }
  if (!incidents.every((incident) => scopeAllowsTenant(context.scope, incident.tenantId))) {
    services.logger.warn({ channel: context.channel.id, user: context.userId, target }, 'refused an action on an alert outside the channel\'s tenant');
    await refuse(respond, 'This channel cannot act on that alert.');
    return null;
  }
  return incidents;
}

/** Runs a handler after acking, so no failure ever leaves Slack waiting or the person without an answer. */
export function acked(services: PulseServices, name: string, handler: (args: ActionArgs) => Promise<void>) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    try {
      await handler(args);
    } catch (error) {
      services.logger.error({ err: error, action: name }, 'button action failed');
      await tell(args.respond, buildErrorAnswer({ kind: 'failure', message: explainFailure('Pulse could not do that', error, { logged: true }) })).catch(() => undefined);
    }
  };
}
