/**
 * Text for Slack's mrkdwn: escaping, truncation that never breaks markup, and the one date helper.
 * Everything from the data or from a user passes through {@link escapeText} before it is shown.
 */

const ELLIPSIS = '…';

/** Slack's three control characters; everything else is shown as written. */
export function escapeMrkdwn(raw: string): string {
  return raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Drops a dangling high surrogate, so an emoji is never cut in half. */
function sliceSafe(text: string, end: number): string {
  let cut = text.slice(0, Math.max(0, end));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/** Plain text (headers, buttons, options) cut to `max` characters with an ellipsis. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return sliceSafe(text, max);
  return sliceSafe(text, max - 1) + ELLIPSIS;
}

/**
 * mrkdwn cut to `max` characters without leaving half a link, mention, date token or entity,
 * and with an open code block closed again.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const fence = '\n```';
  let room = max - ELLIPSIS.length;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let cut = sliceSafe(text, room);
    const open = cut.lastIndexOf('<');
    if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
    const amp = cut.lastIndexOf('&');
    if (amp >= 0 && amp > cut.lastIndexOf(';') && cut.length - amp <= 5) cut = cut.slice(0, amp);
    const fences = cut.split('```').length - 1;
    if (fences % 2 === 0) return cut + ELLIPSIS;
    if (attempt === 0) room = max - ELLIPSIS.length - fence.length;
    else return cut + ELLIPSIS + fence;
  }
  return sliceSafe(text, max);
}

/** Data or user text, escaped for mrkdwn and cut to `max` characters (after escaping). */
export function escapeText(raw: string | null | undefined, max: number): string {
  const text = (raw ?? '').replace(/\r\n?/g, '\n');
  return truncateMrkdwn(escapeMrkdwn(text), max);
}

/** One line of data text: newlines and runs of spaces folded, escaped, cut. */
export function escapeLine(raw: string | null | undefined, max: number): string {
  return escapeText((raw ?? '').replace(/\s+/g, ' ').trim(), max);
}

/**
 * Plain words cut to at most `max` characters at a word boundary, so a reader never sees half a
 * word ("(SQLS…"); a single word longer than most of the room is cut inside, as nothing else fits.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - ELLIPSIS.length);
  const cut = sliceSafe(text, room);
  const space = /\s/.test(text.charAt(cut.length)) ? cut.length : cut.search(/\s\S*$/);
  const atWord = space >= room * 0.5 ? cut.slice(0, space) : cut;
  return `${atWord.replace(/[\s,;:([{-]+$/, '')}${ELLIPSIS}`;
}

/** One line of data text cut at a word boundary, then escaped for mrkdwn. */
export function escapeWords(raw: string | null | undefined, max: number): string {
  return escapeMrkdwn(cutAtWord((raw ?? '').replace(/\s+/g, ' ').trim(), max));
}

/**
 * Data text as a code block. Backticks inside are softened so the text cannot end the block early.
 */
export function codeBlock(raw: string | null | undefined, max: number): string {
  const body = escapeMrkdwn((raw ?? '').replace(/\r\n?/g, '\n').replace(/`/g, 'ˋ').trim() || ' ');
  const inner = max - 8;
  const cut = body.length <= inner ? body : truncateMrkdwn(body, inner);
  return '```' + cut + '```';
}

/** A link whose label is data: `<url|label>` with the label escaped and cut. */
export function link(url: string, label: string, maxLabel = 80): string {
  const safeUrl = url.replace(/[|<>\s]/g, encodeURIComponent);
  return `<${safeUrl}|${escapeLine(label, maxLabel) || safeUrl}>`;
}

/** A mention of a Slack user id; anything that is not an id is shown as escaped text. */
export function userMention(userId: string | null | undefined): string {
  if (!userId) return 'someone';
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeLine(userId, 60);
}

/** A channel reference: `<#C…>` for an id, `#name` for a name. */
export function channelMention(channel: string): string {
  if (/^[CGD][A-Z0-9]{2,}$/.test(channel)) return `<#${channel}>`;
  return `#${escapeLine(channel.replace(/^#/, ''), 80)}`;
}

/**
 * No time without its day: Slack's {date_short_pretty} reads "today", "yesterday" or the date,
 * so "8:41 PM" from yesterday never passes for this evening.
 */
export type DateStyle = 'datetime' | 'date';

const TOKEN_FORMAT: Record<DateStyle, string> = {
  datetime: '{date_short_pretty} {time}',
  date: '{date_short_pretty}',
};

/** How a date reads where Slack cannot format it: UTC, with its day. */
export function dateFallback(date: Date, style: DateStyle = 'datetime'): string {
  return fallback(date, style);
}

/** Slack's format of a date token in this style. */
export function dateFormat(style: DateStyle): string {
  return TOKEN_FORMAT[style];
}

function fallback(date: Date, style: DateStyle): string {
  const iso = date.toISOString();
  const day = iso.slice(0, 10);
  if (style === 'date') return day;
  return `${day} ${iso.slice(11, 16)} UTC`;
}

/**
 * The one way times are shown: Slack's date token, so each reader sees their own time zone, with
 * a UTC fallback for clients that cannot render it. Missing or invalid times read `whenMissing`.
 */
export function slackDate(at: string | Date | null | undefined, style: DateStyle = 'datetime', whenMissing = 'unknown'): string {
  if (at === null || at === undefined || at === '') return whenMissing;
  const date = at instanceof Date ? at : new Date(at);
  const ms = date.getTime();
  if (Number.isNaN(ms)) return whenMissing;
  return `<!date^${Math.floor(ms / 1000)}^${TOKEN_FORMAT[style]}|${fallback(date, style)}>`;
}
