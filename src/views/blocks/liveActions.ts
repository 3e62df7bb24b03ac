import type { Button, ConfirmationDialog } from '@slack/types';
import { ACTION_IDS } from './actionIds';
import { actions, button, section } from './components';
import { escapeLine, userMention } from './mrkdwn';
import type { SlackMessage, SlashAnswer } from './types';

/** What a person can ask Fivetran to do to a connection from Slack. */
export type LiveVerb = 'sync' | 'pause' | 'resume';

export const LIVE_VERBS: readonly LiveVerb[] = ['sync', 'pause', 'resume'];

/**
 * What a Sync now / Pause / Resume button acts on. On an alert it names the incident, whose
 * connection Pulse reads from its own store; elsewhere the connection, which Pulse looks up in what
 * the channel may see. Either way the value is checked against Pulse's records, never trusted.
 */
export type LiveActionTarget = { kind: 'incident'; incidentId: string } | { kind: 'connection'; connectionId: string };

/** Whether live buttons are shown (Fivetran's API is configured) and, per connection, whether Pulse last knew it paused. */
export interface LiveButtons {
  pausedOf(connectionId: string): boolean | null;
}

export const LIVE_ACTION_IDS: Record<LiveVerb, string> = {
  sync: ACTION_IDS.syncConnection,
  pause: ACTION_IDS.pauseConnection,
  resume: ACTION_IDS.resumeConnection,
};

const INCIDENT = /^inc_[0-9a-f]{20}$/;
/** Fivetran's connection ids are words joined by underscores; nothing else is ever looked up. */
const CONNECTION = /^[A-Za-z0-9_-]{1,100}$/;

export function encodeLiveActionValue(target: LiveActionTarget): string {
  return target.kind === 'incident' ? `incident:${target.incidentId}` : `connection:${target.connectionId}`;
}

export function decodeLiveActionValue(value: unknown): LiveActionTarget | null {
  if (typeof value !== 'string') return null;
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  if (kind === 'incident' && INCIDENT.test(id)) return { kind, incidentId: id };
  if (kind === 'connection' && CONNECTION.test(id)) return { kind, connectionId: id };
  return null;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** The question Slack asks before the press is sent, in words for people. */
function confirmFor(verb: LiveVerb, name: string): ConfirmationDialog {
  const shown = `*${escapeLine(name, 80)}*`;
  switch (verb) {
    case 'sync':
      return { title: plain('Start a sync now?'), text: { type: 'mrkdwn', text: `Fivetran starts a sync of ${shown} now. A sync already running goes on as it is.` }, confirm: plain('Start sync'), deny: plain('Cancel') };
    case 'pause':
      return { title: plain('Pause this connection?'), text: { type: 'mrkdwn', text: `Fivetran stops syncing ${shown} until someone resumes it; no data moves meanwhile.` }, confirm: plain('Pause'), deny: plain('Cancel'), style: 'danger' };
    case 'resume':
      return { title: plain('Resume this connection?'), text: { type: 'mrkdwn', text: `Fivetran syncs ${shown} again on its schedule.` }, confirm: plain('Resume'), deny: plain('Cancel') };
  }
}

const LABELS: Record<LiveVerb, string> = { sync: 'Sync now', pause: 'Pause', resume: 'Resume' };

export function liveActionButton(verb: LiveVerb, target: LiveActionTarget, name: string): Button {
  return button(LABELS[verb], LIVE_ACTION_IDS[verb], encodeLiveActionValue(target), { confirm: confirmFor(verb, name) });
}

/** Sync now, and Pause or Resume as Pulse last knew the connection (Pause when it does not know). */
export function liveActionButtons(target: LiveActionTarget, name: string, paused: boolean | null): Button[] {
  return [liveActionButton('sync', target, name), liveActionButton(paused === true ? 'resume' : 'pause', target, name)];
}

/** What came of asking Fivetran. */
export type LiveActionOutcome =
  | { kind: 'done' }
  /** Fivetran answered no, in its own words. */
  | { kind: 'refused'; message: string }
  /** Fivetran gave no answer that tells whether it was done. */
  | { kind: 'unknown' };

const REQUESTED: Record<LiveVerb, string> = { sync: 'Sync', pause: 'Pause', resume: 'Resume' };
const DONE: Record<LiveVerb, string> = { sync: ':arrows_counterclockwise: Sync started by', pause: ':double_vertical_bar: Paused by', resume: ':arrow_forward: Resumed by' };
const ASKED: Record<LiveVerb, string> = { sync: 'start a sync of', pause: 'pause', resume: 'resume' };

export const UNKNOWN_OUTCOME = 'Fivetran did not answer in time; check the connection before trying again.';

/** The note in the alert's thread: who asked, and what Fivetran said. */
export function liveActionNote(verb: LiveVerb, outcome: LiveActionOutcome, userId: string): string {
  const who = userMention(userId);
  switch (outcome.kind) {
    case 'done':
      return `${DONE[verb]} ${who}`;
    case 'refused':
      return `${REQUESTED[verb]} requested by ${who}: Fivetran refused (${escapeLine(outcome.message, 300)})`;
    case 'unknown':
      return `${REQUESTED[verb]} requested by ${who}: Fivetran did not confirm in time; check the connection before trying again`;
  }
}

/** That note as a thread reply. */
export function buildLiveActionNote(verb: LiveVerb, outcome: LiveActionOutcome, userId: string): SlackMessage {
  const text = liveActionNote(verb, outcome, userId);
  return { text, blocks: [section(text)] };
}

/** The private answer to whoever pressed. */
export function buildLiveActionAnswer(verb: LiveVerb, outcome: LiveActionOutcome, connectionName: string): SlashAnswer {
  const name = `*${escapeLine(connectionName, 80)}*`;
  const text =
    outcome.kind === 'done'
      ? verb === 'sync'
        ? `Fivetran started a sync of ${name}.`
        : `Fivetran ${verb === 'pause' ? 'paused' : 'resumed'} ${name}.`
      : outcome.kind === 'refused'
        ? `Fivetran refused to ${ASKED[verb]} ${name}: ${escapeLine(outcome.message, 300)}`
        : UNKNOWN_OUTCOME;
  return { response_type: 'ephemeral', text, blocks: [section(text)] };
}

/** `/fivetran sync|pause|resume <connection>`: the button to press, with its confirmation, privately. */
export function buildLiveActionPrompt(verb: LiveVerb, connection: { connectionId: string; connectionName: string; paused: boolean }): SlashAnswer {
  const name = connection.connectionName || connection.connectionId;
  const shown = `*${escapeLine(name, 80)}*`;
  if (verb === 'pause' && connection.paused) return promptOnly(`${shown} is already paused, as far as Pulse knows.`, 'resume', connection.connectionId, name);
  if (verb === 'resume' && !connection.paused) return promptOnly(`${shown} is not paused, as far as Pulse knows.`, 'pause', connection.connectionId, name);
  const question = verb === 'sync' ? `Start a sync of ${shown} now?` : `${verb === 'pause' ? 'Pause' : 'Resume'} ${shown}?`;
  return promptOnly(question, verb, connection.connectionId, name);
}

function promptOnly(text: string, verb: LiveVerb, connectionId: string, name: string): SlashAnswer {
  return {
    response_type: 'ephemeral',
    text,
    blocks: [section(text), actions([liveActionButton(verb, { kind: 'connection', connectionId }, name)])],
  };
}
