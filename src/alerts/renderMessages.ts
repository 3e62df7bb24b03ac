import { buildAlertMessage } from '../views/blocks/alertMessage';
import { buildGroupedAlertsMessage } from '../views/blocks/groupedAlertsMessage';
import type { SlackMessage } from '../views/blocks/types';
import type { MessageEdit } from './slackPoster';
import type { AlertStore } from './store';
import type { Incident, IncidentMessage } from './types';

/** The message an incident lives in, rendered from the incidents it shows. */
export function renderPostedMessage(groupId: string | null, incidents: readonly Incident[]): SlackMessage {
  if (groupId === null && incidents.length === 1) return buildAlertMessage(incidents[0] as Incident);
  return buildGroupedAlertsMessage(groupId ?? 'group', incidents);
}

/** Where to send edits and thread replies: the channel id Slack answered with when there is one. */
export function slackChannelOf(message: Pick<IncidentMessage, 'channel' | 'channelId'>): string {
  return message.channelId ?? message.channel;
}

/**
 * Every posted message that shows one of these incidents, re-rendered from the stored state. A
 * grouped message is rendered with all of its members (one read per group).
 */
export async function collectMessageEdits(store: AlertStore, incidentIds: readonly string[]): Promise<MessageEdit[]> {
  const incidents = await store.getIncidents(incidentIds);
  const edits = new Map<string, MessageEdit>();
  const groups = new Map<string, Incident[]>();
  for (const incident of incidents) {
    for (const message of incident.messages) {
      if (message.ts === null) continue;
      const channel = slackChannelOf(message);
      const key = `${channel}\u0000${message.ts}`;
      if (edits.has(key)) continue;
      let shown: Incident[] = [incident];
      if (message.groupId !== null) {
        const members = groups.get(message.groupId) ?? (await store.getGroupMembers(message.groupId));
        groups.set(message.groupId, members);
        shown = members.filter((member) => member.messages.some((m) => m.groupId === message.groupId && m.ts === message.ts));
      }
      edits.set(key, { channel, ts: message.ts, ...renderPostedMessage(message.groupId, shown) });
    }
  }
  return [...edits.values()];
}
