import type { StandInChannel, StoredMessage } from './types';

/** A stored message as the Web API returns it: the preview's own fields left out. */
export function toApiMessage(message: StoredMessage, teamId: string): Record<string, unknown> {
  const { via: _via, ephemeralTo: _ephemeralTo, channel: _channel, ...rest } = message;
  const api: Record<string, unknown> = { ...rest, team: teamId };
  if (message.reply_users) api.reply_users_count = message.reply_users.length;
  if (message.reply_broadcast) api.subtype = 'thread_broadcast';
  return api;
}

export function toApiChannel(channel: StandInChannel): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    is_archived: false,
    is_general: false,
    is_member: true,
    created: channel.created,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  };
}

/** Slack's permalinks drop the dot: ts 1700000000.000100 becomes p1700000000000100. */
export function permalinkPath(channelId: string, ts: string): string {
  return `/archives/${channelId}/p${ts.replace('.', '')}`;
}

export function tsFromPermalinkId(id: string): string | undefined {
  const match = /^p(\d{9,11})(\d{6})$/.exec(id);
  return match ? `${match[1]}.${match[2]}` : undefined;
}
