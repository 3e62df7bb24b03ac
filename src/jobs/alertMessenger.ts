import type { AlertMessenger } from '../alerts/messages';
import { renderAlertMessage, renderAlertNote } from '../views/blocks/alertMessages';
import type { LiveButtons } from '../views/blocks/liveActions';
import type { SlackPoster } from './slackPoster';

/** The metadata event every alert message carries, with its claim token as the payload. */
export const ALERT_EVENT_TYPE = 'pulse_alert';

/** The metadata event of a note or reminder in an alert's thread, with its delivery token as the payload. */
export const ALERT_NOTE_EVENT_TYPE = 'pulse_alert_note';

/** Alert messages rendered as Block Kit and sent through a Slack poster; with `live`, they carry Sync now and Pause or Resume. */
export function alertMessenger(poster: SlackPoster, live: LiveButtons | null = null): AlertMessenger {
  return {
    post(post) {
      return poster.postMessage({
        channel: post.channel,
        ...renderAlertMessage({ ...post, live }),
        metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { claim: post.claimToken } },
      });
    },
    async edit(edit) {
      // Rendered from what the message shows, never with the post's mention.
      await poster.update({ channel: edit.channel, ts: edit.ts, ...renderAlertMessage({ groupId: edit.groupId, incidents: edit.incidents, live }) });
    },
    async note(note) {
      await poster.postMessage({
        channel: note.channel,
        thread_ts: note.threadTs,
        ...renderAlertNote(note),
        ...(note.token ? { metadata: { event_type: ALERT_NOTE_EVENT_TYPE, event_payload: { delivery: note.token } } } : {}),
      });
    },
    findPosted({ channel, claimToken, since }) {
      return poster.findOwnMessage({
        channel,
        oldest: since,
        matches: (metadata) => metadata.event_type === ALERT_EVENT_TYPE && metadata.event_payload.claim === claimToken,
      });
    },
    findNote({ channel, threadTs, token }) {
      return poster.findOwnReply({
        channel,
        threadTs,
        matches: (metadata) => metadata.event_type === ALERT_NOTE_EVENT_TYPE && metadata.event_payload.delivery === token,
      });
    },
  };
}
