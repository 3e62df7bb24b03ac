// @ts-check
/** A channel's pieces as DOM nodes: its intro, day dividers, messages with their threads, command echoes. */
import { renderMessageBody } from './blocks.js';
import { h } from './dom.js';
import { renderFiles } from './files.js';
import { eyeIcon, pulseIcon } from './icons.js';
import { dateOf, dayLabel, timeOf } from './times.js';

/** @typedef {import('../standin/types').StoredMessage} StoredMessage */
/** @typedef {import('../standin/types').CommandEcho} CommandEcho */
/** @typedef {import('../standin/types').StandInUserInput} User */

/**
 * What a message's look depends on besides the message itself.
 * @typedef {object} MessageView
 * @property {User | null} bot
 * @property {string | null} me the person using the preview
 * @property {Readonly<Record<string, string>>} userNames
 * @property {Readonly<Record<string, string>>} channelNames
 * @property {Readonly<Record<string, boolean>>} expanded open threads, by their parent's ts
 */

const AVATAR_COLORS = ['#2eb67d', '#36c5f0', '#ecb22e', '#e01e5a', '#1264a3', '#7c3085', '#e8912d'];

/**
 * @param {string} userId
 * @param {MessageView} view
 */
function senderName(userId, view) {
  if (view.bot && userId === view.bot.id) return view.bot.name;
  return view.userNames[userId] || userId;
}

/**
 * The app's icon, or a person's initial on a colour of their own.
 * @param {string} userId
 * @param {MessageView} view
 */
function avatar(userId, view) {
  if (view.bot && userId === view.bot.id) return h('div', { class: 'avatar bot' }, pulseIcon());
  const name = view.userNames[userId] || userId || '?';
  let hash = 0;
  for (let i = 0; i < userId.length; i += 1) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  const node = h('div', { class: `avatar user-${hash % AVATAR_COLORS.length}` }, name.charAt(0).toUpperCase());
  // Set through the style object: the page's policy allows no inline style in markup.
  node.style.background = AVATAR_COLORS[hash % AVATAR_COLORS.length] ?? '';
  return node;
}

/**
 * @param {StoredMessage} parent
 * @param {readonly StoredMessage[]} replies
 * @param {MessageView} view
 */
function thread(parent, replies, view) {
  const open = Boolean(view.expanded[parent.ts]);
  const last = replies[replies.length - 1];
  const lastDay = last ? dayLabel(dateOf(last.ts)) : '';
  const lastAt = last ? (lastDay.toLowerCase() === 'today' ? `today at ${timeOf(last.ts)}` : `${lastDay} at ${timeOf(last.ts)}`) : '';
  return [
    h(
      'div',
      { class: 'thread-summary' },
      h(
        'button',
        { type: 'button', class: 'thread-toggle', 'data-thread': parent.ts, 'aria-expanded': String(open) },
        `${replies.length}${replies.length === 1 ? ' reply' : ' replies'}`,
      ),
      h('span', { class: 'thread-last' }, `Last reply ${lastAt}`),
    ),
    open ? h('div', { class: 'thread', 'aria-label': 'Thread' }, replies.map((reply) => messageNode(reply, view))) : null,
  ];
}

/**
 * A message with its sender, time, body and, for a thread's parent, its replies.
 * @param {StoredMessage & { replies?: readonly StoredMessage[] }} message
 * @param {MessageView} view
 * @param {{ continued?: boolean }} [options] continued: the same sender's previous message is just above
 * @returns {HTMLElement}
 */
export function messageNode(message, view, options = {}) {
  const isBot = message.bot_id !== undefined || (view.bot !== null && message.user === view.bot.id);
  const classes = ['message'];
  if (message.ephemeralTo) classes.push('ephemeral');
  if (options.continued) classes.push('continued');
  const who = message.ephemeralTo === view.me ? 'you' : senderName(message.ephemeralTo ?? '', view);
  const replies = message.replies ?? [];
  return h(
    'div',
    { class: classes.join(' '), 'data-ts': message.ts },
    avatar(message.user, view),
    h(
      'div',
      { class: 'content' },
      message.ephemeralTo ? h('div', { class: 'ephemeral-note' }, eyeIcon(), h('span', {}, `Only visible to ${who}`)) : null,
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'sender' }, senderName(message.user, view)),
        isBot ? h('span', { class: 'app-badge' }, 'APP') : null,
        h('span', { class: 'time', title: dateOf(message.ts).toLocaleString() }, timeOf(message.ts)),
      ),
      h(
        'div',
        { class: 'body' },
        renderMessageBody(message, { users: view.userNames, channels: view.channelNames }),
        message.edited ? [' ', h('span', { class: 'edited' }, '(edited)')] : null,
      ),
      renderFiles(message.files),
      replies.length > 0 ? thread(message, replies, view) : null,
    ),
  );
}

/**
 * A slash command the person typed.
 * @param {CommandEcho} entry
 * @param {MessageView} view
 * @returns {HTMLElement}
 */
export function commandNode(entry, view) {
  return h(
    'div',
    { class: 'message command', 'data-ts': entry.ts },
    avatar(entry.user, view),
    h(
      'div',
      { class: 'content' },
      h('div', { class: 'meta' }, h('span', { class: 'sender' }, senderName(entry.user, view)), h('span', { class: 'time' }, timeOf(entry.ts))),
      h('div', { class: 'body' }, 'used ', h('span', { class: 'command-text' }, entry.text)),
    ),
  );
}

/**
 * The top of a channel.
 * @param {string} channelName
 * @returns {HTMLElement}
 */
export function introNode(channelName) {
  return h(
    'div',
    { class: 'intro' },
    h('h2', {}, `# ${channelName}`),
    h(
      'p',
      {},
      'This is the start of ',
      h('strong', {}, `#${channelName}`),
      '. Messages the app posts here appear live. Type ',
      h('span', { class: 'command-text' }, '/fivetran help'),
      ' below to talk to it.',
    ),
  );
}

/**
 * @param {Date} day
 * @returns {HTMLElement}
 */
export function dayDividerNode(day) {
  return h('div', { class: 'day-divider' }, h('span', {}, dayLabel(day)));
}
