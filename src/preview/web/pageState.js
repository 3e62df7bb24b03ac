// @ts-check
/**
 * What the page knows and shows, as one read-only value, and the pure functions that give the
 * next value. Only app.js changes it (through its store); the views render from it.
 */

/** @typedef {import('../standin/types').PreviewState} PreviewState */
/** @typedef {import('../standin/types').PreviewEntry} PreviewEntry */
/** @typedef {import('../standin/types').StandInChange} StandInChange */

/**
 * @typedef {object} LoadedTimeline
 * @property {string} channel
 * @property {readonly PreviewEntry[]} entries
 */

/**
 * @typedef {object} PageState
 * @property {PreviewState | null} workspace what the stand-in last said; null before it answered
 * @property {Readonly<Record<string, string>>} userNames by user id, from the workspace
 * @property {Readonly<Record<string, string>>} channelNames by channel id, from the workspace
 * @property {string | null} current the open channel
 * @property {LoadedTimeline | null} timeline the open channel's messages, once they have loaded
 * @property {Readonly<Record<string, number>>} unread new top-level messages in other channels
 * @property {Readonly<Record<string, boolean>>} expanded open threads, by their parent's ts
 * @property {Readonly<Record<string, boolean>>} runningJobs job controls waiting for their job
 * @property {boolean} home the app's Home tab is open instead of a channel
 */

/** @type {PageState} */
export const initialPageState = {
  workspace: null,
  userNames: {},
  channelNames: {},
  current: null,
  timeline: null,
  unread: {},
  expanded: {},
  runningJobs: {},
  home: false,
};

/**
 * @param {PageState} state
 * @param {PreviewState} workspace
 * @returns {PageState}
 */
export function withWorkspace(state, workspace) {
  return {
    ...state,
    workspace,
    userNames: sameOr(state.userNames, Object.fromEntries(workspace.users.map((user) => [user.id, user.name]))),
    channelNames: sameOr(state.channelNames, Object.fromEntries(workspace.channels.map((channel) => [channel.id, channel.name]))),
  };
}

/**
 * The names as they were when nothing changed, so views that show them need not redraw.
 * @param {Readonly<Record<string, string>>} before
 * @param {Readonly<Record<string, string>>} after
 */
function sameOr(before, after) {
  const keys = Object.keys(after);
  const same = keys.length === Object.keys(before).length && keys.every((key) => before[key] === after[key]);
  return same ? before : after;
}

/**
 * The channel opened: its unread count cleared, and its messages to load when it is a new one.
 * @param {PageState} state
 * @param {string | null} channelId null when no channel is left to open
 * @returns {PageState}
 */
export function withChannelOpened(state, channelId) {
  const changed = state.current !== channelId;
  return {
    ...state,
    home: false,
    current: channelId,
    timeline: changed ? null : state.timeline,
    unread: channelId === null ? state.unread : { ...state.unread, [channelId]: 0 },
  };
}

/**
 * The app's Home tab opened (or left for a channel).
 * @param {PageState} state
 * @param {boolean} open
 * @returns {PageState}
 */
export function withHomeOpened(state, open) {
  return state.home === open ? state : { ...state, home: open };
}

/**
 * A channel's messages arrived; they are kept only while that channel is still open.
 * @param {PageState} state
 * @param {string} channel
 * @param {readonly PreviewEntry[]} entries
 * @returns {PageState}
 */
export function withTimeline(state, channel, entries) {
  return state.current === channel ? { ...state, timeline: { channel, entries } } : state;
}

/**
 * @param {PageState} state
 * @param {string} parentTs
 * @returns {PageState}
 */
export function withThreadToggled(state, parentTs) {
  return { ...state, expanded: { ...state.expanded, [parentTs]: !state.expanded[parentTs] } };
}

/**
 * @param {PageState} state
 * @param {string} job
 * @param {boolean} running
 * @returns {PageState}
 */
export function withJobRunning(state, job, running) {
  const runningJobs = { ...state.runningJobs };
  if (running) runningJobs[job] = true;
  else delete runningJobs[job];
  return { ...state, runningJobs };
}

/**
 * @typedef {object} ChangeOutcome
 * @property {PageState} state
 * @property {boolean} reloadWorkspace
 * @property {boolean} reloadChannel the open channel's messages
 */

/**
 * What a change in the stand-in means for the page: which unread counts grow, and what to load again.
 * @param {PageState} state
 * @param {StandInChange} change
 * @returns {ChangeOutcome}
 */
export function afterChange(state, change) {
  if (change.kind === 'workspace_reset') {
    return { state: { ...state, unread: {}, expanded: {} }, reloadWorkspace: true, reloadChannel: state.current !== null };
  }
  const channel = 'channel' in change && typeof change.channel === 'string' ? change.channel : null;
  if (channel !== null && channel === state.current) return { state, reloadWorkspace: false, reloadChannel: true };
  if (change.kind === 'message_posted' && !change.threadTs) {
    const unread = { ...state.unread, [change.channel]: (state.unread[change.channel] ?? 0) + 1 };
    return { state: { ...state, unread }, reloadWorkspace: true, reloadChannel: false };
  }
  return { state, reloadWorkspace: true, reloadChannel: false };
}
