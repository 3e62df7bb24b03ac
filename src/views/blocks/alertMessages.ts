import type { AlertActionResult } from '../../alerts/alertTarget';
import type { AlertMessage, AlertNote } from '../../alerts/messages';
import type { Incident } from '../../alerts/types';
import { buildAlertMessage } from './alertMessage';
import { buildChangeNote, buildReminderNote } from './alertThreadNotes';
import { section } from './components';
import { buildGroupedAlertsMessage } from './groupedAlertsMessage';
import { slackDate, userMention } from './mrkdwn';
import type { LiveButtons } from './liveActions';
import type { SlackMessage, SlashAnswer } from './types';

/**
 * An alert message in whatever state its incidents are now: one incident, or a grouped message.
 * Only a new post carries a mention; edits show the same message without it. A single incident's
 * message carries Sync now and Pause or Resume when `live` is given (Fivetran's API is configured).
 */
export function renderAlertMessage(message: AlertMessage & { mention?: string | null; live?: LiveButtons | null }): SlackMessage {
  const mention = message.mention ?? null;
  if (message.groupId === null && message.incidents.length === 1) return buildAlertMessage(message.incidents[0] as Incident, mention, message.live ?? null);
  return buildGroupedAlertsMessage(message.groupId ?? 'group', message.incidents, mention);
}

/** A note in an alert message's thread: a reminder (with its mention), or what changed (never with one). */
export function renderAlertNote(note: AlertNote): SlackMessage {
  return note.kind === 'reminder' ? buildReminderNote(note.incidents, note.at, note.mention) : buildChangeNote(note.changes, note.at);
}

const NOT_FOUND = 'That alert is no longer known to Pulse.';

/** One sentence (mrkdwn, escaped) for whoever acted on an alert: what changed, or why nothing did. */
export function alertActionNotice(result: AlertActionResult): string {
  if (result.outcome === 'not_found') return NOT_FOUND;
  const count = result.changed.length;
  const what = count === 1 ? 'the alert' : `${count} alerts`;
  switch (result.action) {
    case 'acknowledge': {
      if (result.outcome === 'done') return `Acknowledged ${what}; no more reminders for ${count === 1 ? 'it' : 'them'}.`;
      const acked = result.incidents.find((incident) => incident.status === 'acknowledged');
      return acked
        ? `Already acknowledged by ${userMention(acked.ackedBy)}, ${slackDate(acked.ackedAt)}.`
        : 'This alert is already resolved; there is nothing to acknowledge.';
    }
    case 'snooze':
      if (result.outcome === 'invalid') return 'That snooze length is not available: no dashboard is scheduled ahead.';
      if (result.outcome === 'done') return `Snoozed ${what} until ${slackDate(result.until)}.`;
      return 'This alert is already resolved; there is nothing to snooze.';
    case 'resolve':
      if (result.outcome === 'done') return count === 1 ? 'Resolved the alert.' : `Resolved ${count} alerts.`;
      return 'This alert was already resolved.';
  }
}

/** The notice as a private answer to whoever pressed. */
export function buildAlertActionNotice(result: AlertActionResult): SlashAnswer {
  const text = alertActionNotice(result);
  return { response_type: 'ephemeral', text, blocks: [section(text)] };
}
