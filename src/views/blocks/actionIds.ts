import { isSnoozeDuration, type SnoozeDuration } from '../../alerts/types';

/**
 * Every Block Kit action_id Pulse sends, in one place. Each id is also the name of the flow that
 * handles it, so a button and its handler cannot drift apart.
 */
export const ACTION_IDS = {
  /** Button on an alert; value: incident id. */
  acknowledgeAlert: 'acknowledgeAlert',
  /** Select on an alert; option value: {@link encodeSnoozeValue}. */
  snoozeAlert: 'snoozeAlert',
  /** Button on an alert; value: incident id. */
  showAlertDetails: 'showAlertDetails',
  /** Link button (Slack still sends an action that must be acknowledged); value: connection id. */
  openInFivetran: 'openInFivetran',
  /** Button on a grouped message; value: group id. */
  acknowledgeGroup: 'acknowledgeGroup',
  /** Select on a grouped message; option value: {@link encodeSnoozeValue} with the group id. */
  snoozeGroup: 'snoozeGroup',
  /** Overflow menu beside each incident of a grouped message and its full list; option value: {@link encodeAlertMenuValue}. */
  alertMenu: 'alertMenu',
  /** "Show all" on a grouped message: every incident in it, with its menu, privately; value: {@link encodeAlertGroupPage}. */
  showAlertGroup: 'showAlertGroup',
  /** Paging buttons of that list (ids differ: Slack wants them unique within their block); value: {@link encodeAlertGroupPage}. */
  previousAlertGroupPage: 'previousAlertGroupPage',
  nextAlertGroupPage: 'nextAlertGroupPage',
  /** Button on the dashboard; value: `dashboard`. */
  refreshDashboard: 'refreshDashboard',
  /** Button on an ephemeral answer; value: {@link encodeCommandRef}. */
  shareInChannel: 'shareInChannel',
  /** Paging buttons; value: {@link encodeCommandRef} of the page to show. */
  previousPage: 'previousPage',
  nextPage: 'nextPage',
  /** Button on a watch message; value: connection id. */
  stopWatch: 'stopWatch',
  /** Buttons on alerts, connection details and `/fivetran sync|pause|resume`, each with a confirmation; value: {@link encodeLiveActionValue}. */
  syncConnection: 'syncConnection',
  pauseConnection: 'pauseConnection',
  resumeConnection: 'resumeConnection',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

export const ALL_ACTION_IDS: readonly ActionId[] = Object.values(ACTION_IDS);

/** `<incident or group id>:<duration>`. */
export function encodeSnoozeValue(targetId: string, duration: SnoozeDuration): string {
  return `${targetId}:${duration}`;
}

export function decodeSnoozeValue(value: unknown): { targetId: string; duration: SnoozeDuration } | null {
  if (typeof value !== 'string') return null;
  const at = value.lastIndexOf(':');
  if (at <= 0) return null;
  const targetId = value.slice(0, at);
  const duration = value.slice(at + 1);
  return isSnoozeDuration(duration) ? { targetId, duration } : null;
}

export type AlertMenuVerb = 'acknowledge' | 'snooze_4h' | 'snooze_dashboard' | 'details';

const MENU_VERBS: readonly AlertMenuVerb[] = ['acknowledge', 'snooze_4h', 'snooze_dashboard', 'details'];

export function encodeAlertMenuValue(verb: AlertMenuVerb | 'open', incidentId: string): string {
  return `${verb}:${incidentId}`;
}

export function decodeAlertMenuValue(value: unknown): { verb: AlertMenuVerb | 'open'; incidentId: string } | null {
  if (typeof value !== 'string') return null;
  const at = value.indexOf(':');
  if (at <= 0) return null;
  const verb = value.slice(0, at);
  const incidentId = value.slice(at + 1);
  if (!incidentId) return null;
  if (verb === 'open') return { verb, incidentId };
  return (MENU_VERBS as readonly string[]).includes(verb) ? { verb: verb as AlertMenuVerb, incidentId } : null;
}

/** `<group id>:<page>`: a page of a grouped message's full list. */
export function encodeAlertGroupPage(groupId: string, page: number): string {
  return `${groupId}:${page}`;
}

export function decodeAlertGroupPage(value: unknown): { groupId: string; page: number } | null {
  if (typeof value !== 'string') return null;
  const match = /^(grp_[0-9a-f]{20}):(\d{1,4})$/.exec(value);
  if (!match) return null;
  return { groupId: match[1] as string, page: Math.max(1, Number(match[2])) };
}

/** A slash command to run again: for "Share in channel" and for paging. */
export interface CommandRef {
  command: string;
  args: string[];
  page: number;
}

const MAX_REF_CHARS = 1900;

export function encodeCommandRef(ref: CommandRef): string {
  const args = ref.args.map((arg) => arg.slice(0, 200)).slice(0, 8);
  let text = JSON.stringify({ c: ref.command, a: args, p: ref.page });
  while (text.length > MAX_REF_CHARS && args.length > 0) {
    args.pop();
    text = JSON.stringify({ c: ref.command, a: args, p: ref.page });
  }
  return text;
}

export function decodeCommandRef(value: unknown): CommandRef | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { c, a, p } = parsed as Record<string, unknown>;
    if (typeof c !== 'string' || !/^[a-z]{1,20}$/.test(c)) return null;
    if (!Array.isArray(a) || !a.every((arg) => typeof arg === 'string')) return null;
    const page = typeof p === 'number' && Number.isInteger(p) && p >= 1 ? p : 1;
    return { command: c, args: a, page };
  } catch {
    return null;
  }
}
