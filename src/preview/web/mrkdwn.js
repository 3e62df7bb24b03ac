// @ts-check
/**
 * Slack mrkdwn to DOM nodes for the preview page. Message text only ever becomes text nodes; the
 * only elements in the output are the ones this file creates, and links keep only http(s),
 * mailto and same-site URLs.
 */
import EMOJI_TABLE from './emoji.json' with { type: 'json' };
import { fragment, h } from './dom.js';

/**
 * Names for the ids in message text, and the clock and time zone dates are shown in.
 * @typedef {object} RenderContext
 * @property {Readonly<Record<string, string>>} [users] user id to name
 * @property {Readonly<Record<string, string>>} [channels] channel id to name
 * @property {number} [now] milliseconds since the epoch; the present by default
 * @property {string} [timeZone] an IANA zone; the reader's by default
 */

/** Shortcode (without colons) to emoji. */
const EMOJI = /** @type {Readonly<Record<string, string>>} */ (EMOJI_TABLE);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Slack escapes &, < and > in message text; the reader sees the characters.
 * @param {string} text
 */
function decodeSlackEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const EMOJI_CODE = /:([a-z0-9_+-]+):/g;

/**
 * Text with its known :shortcodes: as emoji.
 * @param {string} text
 * @returns {Array<Node | string>}
 */
function emojify(text) {
  /** @type {Array<Node | string>} */
  const pieces = [];
  let done = 0;
  for (const match of text.matchAll(EMOJI_CODE)) {
    const name = match[1] ?? '';
    const glyph = Object.hasOwn(EMOJI, name) ? EMOJI[name] : undefined;
    if (glyph === undefined) continue;
    pieces.push(text.slice(done, match.index), h('span', { class: 'emoji', title: `:${name}:` }, glyph));
    done = match.index + match[0].length;
  }
  pieces.push(text.slice(done));
  return pieces.filter((piece) => piece !== '');
}

/**
 * plain_text objects: the text, with :emoji: shortcodes drawn unless emoji is false.
 * @param {string} text
 * @param {boolean} [emoji]
 * @returns {DocumentFragment}
 */
export function plain(text, emoji) {
  const decoded = decodeSlackEntities(text);
  return emoji === false ? fragment(decoded) : fragment(emojify(decoded));
}

/**
 * The URL when a link may point there (http, https, mailto or a path on this site), else null.
 * @param {string} url
 * @returns {string | null}
 */
export function safeUrl(url) {
  const trimmed = url.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^\/[^/]/.test(trimmed)) return trimmed;
  return null;
}

/** @param {number} day */
function ordinal(day) {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return day + suffix;
}

/**
 * Calendar parts of a moment in the reader's time zone (or the one the context names).
 * @param {Date} date
 * @param {string | undefined} timeZone
 */
function partsIn(date, timeZone) {
  const formatter = new Intl.DateTimeFormat('en-US', {
    ...(timeZone === undefined ? {} : { timeZone }),
    year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'long',
    hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true,
  });
  /** @type {Partial<Record<Intl.DateTimeFormatPartTypes, string>>} */
  const parts = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday: parts.weekday ?? '',
    hour: parts.hour ?? '', minute: parts.minute ?? '', second: parts.second ?? '', dayPeriod: (parts.dayPeriod ?? '').toUpperCase(),
  };
}

/** @param {{ year: number, month: number, day: number }} parts */
function dayNumber(parts) {
  return Date.UTC(parts.year, parts.month - 1, parts.day) / 86400000;
}

/**
 * @param {{ year: number, month: number, day: number }} parts
 * @param {{ year: number, month: number, day: number }} nowParts
 */
function relativeDay(parts, nowParts) {
  const difference = dayNumber(parts) - dayNumber(nowParts);
  if (difference === 0) return 'today';
  if (difference === -1) return 'yesterday';
  if (difference === 1) return 'tomorrow';
  return null;
}

/** @param {number} seconds */
function ago(seconds) {
  const future = seconds < 0;
  let value = Math.abs(seconds);
  let unit;
  if (value < 60) return future ? 'in a few seconds' : 'a few seconds ago';
  if (value < 3600) { value = Math.round(value / 60); unit = 'minute'; }
  else if (value < 86400) { value = Math.round(value / 3600); unit = 'hour'; }
  else if (value < 86400 * 30) { value = Math.round(value / 86400); unit = 'day'; }
  else if (value < 86400 * 365) { value = Math.round(value / (86400 * 30)); unit = 'month'; }
  else { value = Math.round(value / (86400 * 365)); unit = 'year'; }
  const phrase = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return future ? `in ${phrase}` : `${phrase} ago`;
}

/**
 * Slack's <!date^…> tokens, formatted the way Slack formats them, in the reader's time zone.
 * @param {number} epochSeconds
 * @param {string} format such as `{date_short_pretty} {time}`
 * @param {RenderContext} context
 * @returns {string}
 */
export function formatDate(epochSeconds, format, context) {
  const date = new Date(epochSeconds * 1000);
  const now = context.now === undefined ? new Date() : new Date(context.now);
  const p = partsIn(date, context.timeZone);
  const n = partsIn(now, context.timeZone);
  const month = MONTHS[p.month - 1] ?? '';
  const dateLong = `${month} ${ordinal(p.day)}, ${p.year}`;
  const dateShort = `${month.slice(0, 3)} ${p.day}, ${p.year}`;
  const relative = relativeDay(p, n);
  const capital = relative ? relative.charAt(0).toUpperCase() + relative.slice(1) : null;
  /** @type {Record<string, string>} */
  const values = {
    date_num: `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
    date: dateLong,
    date_short: dateShort,
    date_long: `${p.weekday}, ${dateLong}`,
    date_pretty: capital ?? dateLong,
    date_short_pretty: capital ?? dateShort,
    date_long_pretty: capital ?? `${p.weekday}, ${dateLong}`,
    time: `${p.hour}:${p.minute} ${p.dayPeriod}`,
    time_secs: `${p.hour}:${p.minute}:${p.second} ${p.dayPeriod}`,
    ago: ago((now.getTime() - date.getTime()) / 1000),
  };
  return format.replace(/\{(\w+)\}/g, (whole, /** @type {string} */ token) => (Object.hasOwn(values, token) ? (values[token] ?? whole) : whole));
}

/**
 * A mention of a person: their name when the context knows it.
 * @param {string} userId
 * @param {string | null} label
 * @param {RenderContext} context
 */
export function userMention(userId, label, context) {
  const name = label || context.users?.[userId] || userId;
  return h('span', { class: 'mention', 'data-user': userId }, `@${decodeSlackEntities(name)}`);
}

/**
 * A link to a channel, which the page opens in place.
 * @param {string} channelId
 * @param {string | null} label
 * @param {RenderContext} context
 */
export function channelMention(channelId, label, context) {
  const name = label || context.channels?.[channelId] || channelId;
  return h(
    'a',
    { class: 'mention channel-link', href: `#/${encodeURIComponent(channelId)}`, 'data-channel': channelId },
    `#${decodeSlackEntities(name)}`,
  );
}

/**
 * A link when the URL is one a link may have (see safeUrl); otherwise just its words.
 * @param {string} target
 * @param {string | null} label
 * @returns {Node}
 */
export function link(target, label) {
  const url = safeUrl(decodeSlackEntities(target));
  const shown = decodeSlackEntities(label !== null ? label : target.replace(/^mailto:/i, ''));
  if (!url) return document.createTextNode(shown);
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, shown);
}

/**
 * <!date^epoch^format^link|fallback>: the date in the reader's time zone, the fallback when it
 * cannot be read.
 * @param {string} command the part after `!`
 * @param {string | null} label
 * @param {RenderContext} context
 * @returns {Node}
 */
function dateToken(command, label, context) {
  const pieces = command.split('^');
  const epoch = Number(pieces[1]);
  const fallback = label !== null ? decodeSlackEntities(label) : '';
  const date = new Date(epoch * 1000);
  if (pieces.length < 3 || Number.isNaN(date.getTime())) return document.createTextNode(fallback);
  let text;
  try {
    text = formatDate(epoch, decodeSlackEntities(pieces[2] ?? ''), context);
  } catch {
    text = fallback;
  }
  const iso = date.toISOString();
  const time = h('time', { datetime: iso, title: fallback || iso }, text);
  const url = pieces[3] ? safeUrl(decodeSlackEntities(pieces[3])) : null;
  return url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, time) : time;
}

/**
 * One <…> token: links, mentions, special mentions and dates.
 * @param {string} inner what is between < and >
 * @param {RenderContext} context
 * @returns {Node}
 */
function angleToken(inner, context) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : inner.slice(bar + 1);
  if (target.startsWith('@')) return userMention(target.slice(1), label, context);
  if (target.startsWith('#')) return channelMention(target.slice(1), label, context);
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (command.startsWith('date^')) return dateToken(command, label, context);
    if (command === 'here' || command === 'channel' || command === 'everyone') {
      return h('span', { class: 'mention mention-broadcast' }, `@${command}`);
    }
    if (command.startsWith('subteam^')) return h('span', { class: 'mention' }, decodeSlackEntities(label || '@team'));
    return document.createTextNode(decodeSlackEntities(label || ''));
  }
  return link(target, label);
}

/*
 * Inline formatting works on the paragraph's text with <…> tokens and `code` replaced by
 * placeholders (their content is never formatted). Bold, italic and strike are found by pattern and
 * marked with private-use characters, which the builder below turns into elements; text stays text.
 */
const HELD = '\u0001';
/** @type {ReadonlyArray<readonly [tag: 'strong' | 'em' | 'del', delimiter: string, open: string, close: string]>} */
const STYLES = [
  ['strong', '\\*', '\uE000', '\uE001'],
  ['em', '_', '\uE002', '\uE003'],
  ['del', '~', '\uE004', '\uE005'],
];
const MARKS = '\\uE000-\\uE005';
// A delimiter counts at a word's edge: after a space, bracket, placeholder, other delimiter or
// formatting, and before a space, punctuation, placeholder, delimiter or formatting.
const BEFORE = `(^|[\\s(\\[{${HELD}*_~${MARKS}])`;
const AFTER = `(?=$|[\\s)\\]}.,!?:;${HELD}*_~\\-${MARKS}])`;
const FORMATS = STYLES.map(([tag, delimiter, open, close]) => ({
  tag,
  open,
  close,
  pattern: new RegExp(`${BEFORE}${delimiter}(?=\\S)([^${delimiter}\\n]*?\\S)${delimiter}${AFTER}`, 'g'),
}));
const TOKEN = new RegExp(`([${MARKS}]|${HELD}\\d+${HELD})`);

/**
 * Nodes from marked text. Formatting closed out of order is split the way an HTML parser splits
 * misnested tags: what was open inside carries on after it.
 * @param {string} marked
 * @param {readonly Node[]} held
 * @returns {DocumentFragment}
 */
function build(marked, held) {
  const root = fragment();
  /** @type {Array<{ tag: string, node: ParentNode }>} */
  const open = [{ tag: '', node: root }];
  /** @type {string[]} */
  let reopen = [];
  const top = () => {
    for (const tag of reopen) {
      const element = document.createElement(tag);
      open[open.length - 1]?.node.append(element);
      open.push({ tag, node: element });
    }
    reopen = [];
    return /** @type {ParentNode} */ (open[open.length - 1]?.node);
  };
  for (const piece of marked.split(TOKEN)) {
    if (piece === '') continue;
    const opening = FORMATS.find((format) => format.open === piece);
    const closing = FORMATS.find((format) => format.close === piece);
    const heldMatch = piece.length > 2 && piece.startsWith(HELD) && piece.endsWith(HELD) ? held[Number(piece.slice(1, -1))] : undefined;
    if (opening) {
      const element = h(opening.tag);
      top().append(element);
      open.push({ tag: opening.tag, node: element });
    } else if (closing) {
      const at = open.findLastIndex((entry, index) => index > 0 && entry.tag === closing.tag);
      if (at === -1) {
        reopen = reopen.filter((tag) => tag !== closing.tag);
        continue;
      }
      reopen = [...open.splice(at).slice(1).map((entry) => entry.tag), ...reopen];
    } else if (heldMatch) {
      top().append(heldMatch);
    } else {
      top().append(...emojify(piece));
    }
  }
  return root;
}

/**
 * One paragraph's inline formatting: `code`, <…> tokens, bold, italic, strike and emoji.
 * @param {string} text
 * @param {RenderContext} context
 * @returns {DocumentFragment}
 */
function renderInline(text, context) {
  /** @type {Node[]} */
  const held = [];
  /** @param {Node} node */
  const hold = (node) => `${HELD}${held.push(node) - 1}${HELD}`;
  const withTokens = text
    // The placeholder and marker characters are the builder's own: no text may pose as one.
    .replace(new RegExp(`[${HELD}${MARKS}]`, 'g'), '')
    .replace(/`([^`\n]+)`/g, (whole, /** @type {string} */ code) => hold(h('code', {}, decodeSlackEntities(code))))
    .replace(/<([^<>\n]+)>/g, (whole, /** @type {string} */ inner) => hold(angleToken(inner, context)));
  let marked = decodeSlackEntities(withTokens);
  for (const format of FORMATS) marked = marked.replace(format.pattern, `$1${format.open}$2${format.close}`);
  return build(marked, held);
}

const QUOTE = /^(?:>|&gt;)\s?/;
const BULLET = /^\s*(?:[•◦▪‣]|[-*](?=\s))\s+/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+/;

/**
 * Lines into paragraphs, quotes and lists. Lines are separated by line breaks, except around
 * lists and quotes, which are blocks of their own.
 * @param {string} text
 * @param {RenderContext} context
 * @returns {DocumentFragment}
 */
function renderLines(text, context) {
  /** @type {Array<{ block: boolean, node: Node }>} */
  const out = [];
  /** @type {{ tag: 'ul' | 'ol', node: HTMLElement } | null} */
  let list = null;
  /** @type {HTMLElement | null} */
  let quote = null;

  for (const line of text.split('\n')) {
    if (QUOTE.test(line)) {
      list = null;
      if (quote) quote.append(h('br'));
      else {
        quote = h('blockquote');
        out.push({ block: true, node: quote });
      }
      quote.append(renderInline(line.replace(QUOTE, ''), context));
      continue;
    }
    quote = null;
    const marker = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (marker) {
      const tag = BULLET.test(line) ? 'ul' : 'ol';
      if (!list || list.tag !== tag) {
        list = { tag, node: h(tag, { class: 'md-list' }) };
        out.push({ block: true, node: list.node });
      }
      list.node.append(h('li', {}, renderInline(line.slice(marker[0].length), context)));
      continue;
    }
    list = null;
    out.push({ block: false, node: h('span', { class: 'md-line' }, renderInline(line, context)) });
  }
  const result = fragment();
  out.forEach((piece, index) => {
    const previous = out[index - 1];
    if (previous && !piece.block && !previous.block) result.append(h('br'));
    result.append(piece.node);
  });
  return result;
}

/**
 * Slack mrkdwn to nodes: ```code blocks```, then quotes, lists and inline formatting.
 * @param {string} text
 * @param {RenderContext} [context]
 * @returns {DocumentFragment}
 */
export function render(text, context = {}) {
  const parts = text.split('```');
  const result = fragment();
  parts.forEach((part, index) => {
    const isCode = index % 2 === 1 && index < parts.length - 1;
    if (isCode) {
      result.append(h('pre', { class: 'md-pre' }, decodeSlackEntities(part.replace(/^\n/, ''))));
      return;
    }
    if (part === '') return;
    let trimmed = index > 0 ? part.replace(/^\n/, '') : part;
    trimmed = index < parts.length - 1 ? trimmed.replace(/\n$/, '') : trimmed;
    if (index % 2 === 1) trimmed = '```' + trimmed; // an unclosed fence stays as typed
    if (trimmed !== '') result.append(renderLines(trimmed, context));
  });
  return result;
}
