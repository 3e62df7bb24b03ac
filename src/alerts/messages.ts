import { PulseError } from '../errors/pulseError';
import type { AlertRule } from '../health/types';
import { firingRules } from './incidents';
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
  /** The post's claim, carried in the message's metadata so the message can be found again. */
  claimToken: string;
  /** Who to notify (a user group, a user), added to this post only: never to its later edits. */
  mention: string | null;
}

/** A posted alert message to show again as its incidents stand now. */
export interface AlertEdit extends AlertMessage {
  /** The channel id to edit in (chat.update needs the id). */
  channel: string;
  ts: string;
}

/** What happened to an incident, told in a note in its message's thread. */
export interface IncidentChange {
  /**
   * `changed`: rules started or cleared while it stays open; `resolved`: its last rule cleared (or
   * someone resolved it); `reopened`: it fired again within the quiet period after resolving.
   */
  kind: 'changed' | 'resolved' | 'reopened';
  /** Rules that began firing (again). */
  started: AlertRule[];
  /** Rules that stopped firing. */
  cleared: AlertRule[];
  /** For `reopened`: when it had resolved. */
  resolvedBefore: string | null;
}

interface NoteBase {
  channel: string;
  threadTs: string;
  /** When the note is written. */
  at: string;
  /**
   * The note's delivery, carried in its metadata so a note whose answer was lost can be found in
   * its thread instead of being written twice.
   */
  token?: string;
}

/** A reminder that incidents in the message still fire and nobody acknowledged them. */
export interface ReminderNote extends NoteBase {
  kind: 'reminder';
  incidents: Incident[];
  /** Who to notify again; null for nobody. */
  mention: string | null;
}

/** What changed on incidents in the message: each names its connection and rules. Never mentions anyone. */
export interface ChangeNote extends NoteBase {
  kind: 'change';
  changes: Array<{ incident: Incident; change: IncidentChange }>;
}

/** A note into an alert message's thread. */
export type AlertNote = ReminderNote | ChangeNote;

/**
 * What alerts need from the chat surface. The layer above renders each message and sends it. A call
 * whose outcome cannot be known (no answer, a late one, a lost connection) rejects with
 * {@link OutcomeUnknown}; any other rejection means Slack did not carry it out.
 */
export interface AlertMessenger {
  /** Answers with the message's ts and the channel id Slack posted to (it may differ from a name passed in). */
  post(post: AlertPost): Promise<{ ts: string; channel: string }>;
  edit(edit: AlertEdit): Promise<void>;
  note(note: AlertNote): Promise<void>;
  /**
   * The alert message posted under this claim in the channel since `since`, found by the claim in
   * its metadata; null when Slack has none.
   */
  findPosted(claim: { channel: string; claimToken: string; since: Date }): Promise<{ ts: string; channel: string } | null>;
  /** Whether the thread holds the note sent under this token (see {@link NoteBase.token}). */
  findNote(query: { channel: string; threadTs: string; token: string }): Promise<boolean>;
}

/** A Slack call that may or may not have been carried out: its answer never arrived, or came too late. */
export class OutcomeUnknown extends PulseError<'PULSE_SLACK_OUTCOME_UNKNOWN'> {
  readonly outcome = 'unknown';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('PULSE_SLACK_OUTCOME_UNKNOWN', message, options);
    this.name = 'OutcomeUnknown';
  }
}

/** Read from the marker rather than with instanceof, as an error may come from another copy of the module. */
export function isOutcomeUnknown(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { outcome?: unknown }).outcome === 'unknown';
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

/** What a resolution tells: every rule that was still firing cleared. */
export function resolutionOf(before: Pick<Incident, 'rules' | 'status'>): IncidentChange {
  return { kind: 'resolved', started: [], cleared: firingRules(before).map((rule) => rule.rule), resolvedBefore: null };
}

/** One note per posted message that shows any of these incidents, telling what changed on each. */
export function changeNotesInThreads(changes: ReadonlyArray<{ incident: Incident; change: IncidentChange }>, at: string): ChangeNote[] {
  const notes = new Map<string, ChangeNote>();
  for (const entry of changes) {
    for (const message of entry.incident.messages) {
      if (message.ts === null) continue;
      const channel = slackChannelOf(message);
      const key = messageKey(channel, message.ts);
      const note = notes.get(key) ?? { kind: 'change' as const, channel, threadTs: message.ts, changes: [], at };
      note.changes.push(entry);
      notes.set(key, note);
    }
  }
  return [...notes.values()];
}
