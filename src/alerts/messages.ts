import type { Incident, IncidentMessage } from './types';

/**
 * The alert messages Pulse keeps in Slack, described by what they show. `views` renders them and
 * the layer above sends them: alerts/ decides what is posted, edited and noted, never how it looks.
 */

/** What one alert message shows: a single incident, or every member of a grouped message. */
export interface AlertMessage {
  groupId: string | null;
  incidents: Incident[];
}

/** A new alert message for a channel (as routed: a name or an id). */
export interface AlertPost extends AlertMessage {
  channel: string;
}

/** A posted alert message to show again as its incidents stand now. */
export interface AlertEdit extends AlertMessage {
  /** The channel id to edit in (chat.update needs the id). */
  channel: string;
  ts: string;
}

/** A note into an alert message's thread: a reminder that it still fires, or that it cleared. */
export interface AlertNote {
  kind: 'reminder' | 'resolved';
  channel: string;
  threadTs: string;
  incidents: Incident[];
  /** When the note is written. */
  at: string;
}

/** What alerts need from the chat surface. The layer above renders each message and sends it. */
export interface AlertMessenger {
  /** Answers with the message's ts and the channel id Slack posted to (it may differ from a name passed in). */
  post(post: AlertPost): Promise<{ ts: string; channel: string }>;
  edit(edit: AlertEdit): Promise<void>;
  note(note: AlertNote): Promise<void>;
}

/** Where to send edits and thread replies: the channel id Slack answered with when there is one. */
export function slackChannelOf(message: Pick<IncidentMessage, 'channel' | 'channelId'>): string {
  return message.channelId ?? message.channel;
}

function messageKey(channel: string, ts: string): string {
  return `${channel}\u0000${ts}`;
}

/**
 * Every posted message that shows one of `incidentIds`, with all it shows. `shown` must hold those
 * incidents and every other member of the grouped messages they were posted in.
 */
export function editsShowing(shown: readonly Incident[], incidentIds: readonly string[]): AlertEdit[] {
  const edits = new Map<string, AlertEdit>();
  for (const incident of shown.filter((candidate) => incidentIds.includes(candidate.incidentId))) {
    for (const message of incident.messages) {
      if (message.ts === null) continue;
      const channel = slackChannelOf(message);
      const key = messageKey(channel, message.ts);
      if (edits.has(key)) continue;
      const members =
        message.groupId === null
          ? [incident]
          : shown.filter((member) => member.messages.some((m) => m.groupId === message.groupId && m.ts === message.ts));
      edits.set(key, { channel, ts: message.ts, groupId: message.groupId, incidents: members });
    }
  }
  return [...edits.values()];
}

/** One note per posted message that shows any of these incidents, naming the ones it concerns. */
export function notesInThreads(kind: AlertNote['kind'], incidents: readonly Incident[], at: string): AlertNote[] {
  const notes = new Map<string, AlertNote>();
  for (const incident of incidents) {
    for (const message of incident.messages) {
      if (message.ts === null) continue;
      const channel = slackChannelOf(message);
      const key = messageKey(channel, message.ts);
      const note = notes.get(key) ?? { kind, channel, threadTs: message.ts, incidents: [], at };
      note.incidents.push(incident);
      notes.set(key, note);
    }
  }
  return [...notes.values()];
}
