import { PulseError } from '../../errors/pulseError';
import { toApiMessage } from './apiMessage';
import type { Block, StandInChannel, StoredMessage } from './types';

/** Slack still sends the legacy verification token in every payload; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'standin-verification-token';
export const APP_ID = 'A0PULSEAPP';

export interface PayloadContext {
  teamId: string;
  teamDomain: string;
  channel: StandInChannel;
  user: { id: string; name: string };
  responseUrl: string;
  triggerId: string;
  now: number;
}

/** Slack's action_ts: seconds with a six-digit fraction. */
function actionTs(now: number): string {
  return (now / 1000).toFixed(6);
}

/** The form fields of a slash command, as Slack posts them (and as Socket Mode's payload carries them). */
export function slashCommandFields(command: string, text: string, context: PayloadContext): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: context.teamId,
    team_domain: context.teamDomain,
    channel_id: context.channel.id,
    channel_name: context.channel.name,
    user_id: context.user.id,
    user_name: context.user.name,
    command,
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: context.responseUrl,
    trigger_id: context.triggerId,
  };
}

export interface FoundElement {
  block: Block;
  element: Record<string, unknown>;
}

/** The interactive element with this action_id (and block_id, when given) in a message's blocks. */
export function findElement(blocks: Block[] | undefined, actionId: string, blockId?: string): FoundElement | undefined {
  for (const block of blocks ?? []) {
    if (blockId !== undefined && block.block_id !== blockId) continue;
    const candidates: unknown[] = [];
    if (block.type === 'actions' && Array.isArray(block.elements)) candidates.push(...(block.elements as unknown[]));
    if (block.accessory !== undefined) candidates.push(block.accessory);
    for (const candidate of candidates) {
      if (typeof candidate === 'object' && candidate !== null && (candidate as Record<string, unknown>).action_id === actionId) {
        return { block, element: candidate as Record<string, unknown> };
      }
    }
  }
  return undefined;
}

interface Option {
  text: unknown;
  value: string;
}

function optionsOf(element: Record<string, unknown>): Option[] {
  const options: Option[] = [];
  const collect = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const option of list) {
      if (typeof option === 'object' && option !== null && typeof (option as Option).value === 'string') options.push(option as Option);
    }
  };
  collect(element.options);
  if (Array.isArray(element.option_groups)) {
    for (const group of element.option_groups) collect((group as { options?: unknown }).options);
  }
  return options;
}

export class InteractionError extends PulseError<'PULSE_PREVIEW_INTERACTION'> {
  constructor(message: string) {
    super('PULSE_PREVIEW_INTERACTION', message);
    this.name = 'InteractionError';
  }
}

/** The `actions[0]` Slack sends for a press on a button, or a choice in a select or overflow menu. */
export function actionFor(
  found: FoundElement,
  choice: string | { value: string; text?: string } | undefined,
  now: number,
): Record<string, unknown> {
  const { element, block } = found;
  const base = { action_id: element.action_id, block_id: block.block_id, action_ts: actionTs(now) };
  switch (element.type) {
    case 'button': {
      const action: Record<string, unknown> = { ...base, type: 'button', text: element.text };
      if (element.value !== undefined) action.value = element.value;
      if (element.style !== undefined) action.style = element.style;
      return action;
    }
    case 'static_select':
    case 'overflow': {
      const value = typeof choice === 'string' ? choice : choice?.value;
      if (value === undefined) throw new InteractionError(`${element.type} "${String(element.action_id)}" needs selectedOption`);
      const option = optionsOf(element).find((candidate) => candidate.value === value);
      if (!option) throw new InteractionError(`${element.type} "${String(element.action_id)}" has no option with value "${value}"`);
      const action: Record<string, unknown> = { ...base, type: element.type, selected_option: { text: option.text, value: option.value } };
      if (element.placeholder !== undefined) action.placeholder = element.placeholder;
      return action;
    }
    default:
      throw new InteractionError(`elements of type "${String(element.type)}" cannot be pressed in the stand-in`);
  }
}

/** A block_actions payload built like Slack's, from the message as the stand-in holds it now. */
export function blockActionsPayload(message: StoredMessage, action: Record<string, unknown>, context: PayloadContext): Record<string, unknown> {
  const isEphemeral = message.ephemeralTo !== undefined;
  const container: Record<string, unknown> = {
    type: 'message',
    message_ts: message.ts,
    channel_id: context.channel.id,
    is_ephemeral: isEphemeral,
  };
  if (message.thread_ts !== undefined && message.thread_ts !== message.ts) container.thread_ts = message.thread_ts;
  const values: Record<string, Record<string, unknown>> = {};
  if (action.type !== 'button' && typeof action.block_id === 'string' && typeof action.action_id === 'string') {
    values[action.block_id] = { [action.action_id]: { type: action.type, selected_option: action.selected_option } };
  }
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: context.user.id, username: context.user.name, name: context.user.name, team_id: context.teamId },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container,
    trigger_id: context.triggerId,
    team: { id: context.teamId, domain: context.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: context.channel.id, name: context.channel.name },
    state: { values },
    response_url: context.responseUrl,
    actions: [action],
  };
  // Slack leaves the message out of payloads from ephemeral messages.
  if (!isEphemeral) payload.message = toApiMessage(message, context.teamId);
  return payload;
}

export function interactiveFormBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The event Slack sends when a user opens the app's Home tab, with the view last published for them. */
export function appHomeOpenedEvent(input: { teamId: string; userId: string; dmChannel: string; view: Record<string, unknown> | undefined; now: number; eventId: string }): Record<string, unknown> {
  const eventTs = actionTs(input.now);
  return {
    token: VERIFICATION_TOKEN,
    team_id: input.teamId,
    api_app_id: APP_ID,
    type: 'event_callback',
    event_id: input.eventId,
    event_time: Math.floor(input.now / 1000),
    event: { type: 'app_home_opened', user: input.userId, channel: input.dmChannel, tab: 'home', event_ts: eventTs, ...(input.view ? { view: input.view } : {}) },
  };
}

/** A block_actions payload from a press on a view (the Home tab): no channel, no message, no response_url. */
export function viewActionsPayload(view: Record<string, unknown>, action: Record<string, unknown>, context: Omit<PayloadContext, 'channel' | 'responseUrl'>): Record<string, unknown> {
  const values: Record<string, Record<string, unknown>> = {};
  if (action.type !== 'button' && typeof action.block_id === 'string' && typeof action.action_id === 'string') {
    values[action.block_id] = { [action.action_id]: { type: action.type, selected_option: action.selected_option } };
  }
  return {
    type: 'block_actions',
    user: { id: context.user.id, username: context.user.name, name: context.user.name, team_id: context.teamId },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: view.id },
    trigger_id: context.triggerId,
    team: { id: context.teamId, domain: context.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    view: { ...view, state: { values } },
    actions: [action],
  };
}
