// @ts-check
/**
 * The open channel's message list. Each render builds the channel's pieces from the page state
 * and swaps in only those that changed, so an edited message updates in place and an open menu
 * elsewhere stays open.
 */
import { commandNode, dayDividerNode, introNode, messageNode } from './messages.js';
import { dateOf } from './times.js';

/** @typedef {import('./pageState.js').PageState} PageState */
/** @typedef {import('./messages.js').MessageView} MessageView */

/**
 * @typedef {object} Piece
 * @property {string} key what the piece is, the same from one render to the next
 * @property {HTMLElement} node
 */

/** A message within five minutes of the same sender's previous one is drawn without its header. */
const CONTINUED_WITHIN_SECONDS = 300;

/**
 * The channel as a list of keyed pieces: intro, day dividers, messages and command echoes.
 * @param {PageState} state
 * @returns {Piece[]}
 */
function pieces(state) {
  const entries = state.timeline?.entries ?? [];
  /** @type {MessageView} */
  const view = {
    bot: state.workspace?.bot ?? null,
    me: state.workspace?.me ?? null,
    userNames: state.userNames,
    channelNames: state.channelNames,
    expanded: state.expanded,
  };
  /** @type {Piece[]} */
  const result = [{ key: 'intro', node: introNode(state.current === null ? '' : (state.channelNames[state.current] ?? '')) }];
  /** @type {import('../standin/types').PreviewEntry & { type: 'message' } | null} */
  let previous = null;
  let previousDay = null;
  for (const entry of entries) {
    const day = dateOf(entry.ts).toDateString();
    if (day !== previousDay) {
      result.push({ key: `day-${day}`, node: dayDividerNode(dateOf(entry.ts)) });
      previousDay = day;
      previous = null;
    }
    if (entry.type === 'command') {
      result.push({ key: `c${entry.ts}`, node: commandNode(entry, view) });
      previous = null;
      continue;
    }
    const continued =
      previous !== null &&
      previous.user === entry.user &&
      !previous.ephemeralTo &&
      !entry.ephemeralTo &&
      !previous.replies?.length &&
      Number(entry.ts) - Number(previous.ts) < CONTINUED_WITHIN_SECONDS;
    result.push({ key: `m${entry.ts}`, node: messageNode(entry, view, { continued }) });
    previous = entry;
  }
  for (const piece of result) piece.node.dataset.key = piece.key;
  return result;
}

/**
 * @param {HTMLElement} box the scrolling list (#messages)
 */
export function createTimeline(box) {
  /**
   * Each shown piece as it was rendered, before the person opened a menu or it was highlighted:
   * a piece is replaced only when its next rendering differs from this.
   * @type {WeakMap<HTMLElement, Node>}
   */
  const rendered = new WeakMap();
  /** A message to scroll to once it is shown (from a permalink). */
  let focusTs = /** @type {string | null} */ (null);
  let jumpPending = false;

  /** @param {readonly Piece[]} wanted */
  function patch(wanted) {
    const keys = new Set(wanted.map((piece) => piece.key));
    /** @type {Map<string, HTMLElement>} */
    const existing = new Map();
    for (const child of [...box.children]) {
      const key = child instanceof HTMLElement ? child.dataset.key : undefined;
      if (child instanceof HTMLElement && key !== undefined && keys.has(key)) existing.set(key, child);
      else child.remove();
    }
    wanted.forEach((piece, index) => {
      let node = existing.get(piece.key);
      if (!node || !rendered.get(node)?.isEqualNode(piece.node)) {
        rendered.set(piece.node, piece.node.cloneNode(true));
        if (node) node.replaceWith(piece.node);
        node = piece.node;
      }
      const at = box.children[index];
      if (at !== node) box.insertBefore(node, at ?? null);
    });
  }

  /** @param {string} ts */
  function messageAt(ts) {
    for (const node of box.querySelectorAll('.message[data-ts]')) {
      if (node instanceof HTMLElement && node.dataset.ts === ts) return node;
    }
    return null;
  }

  return {
    /**
     * Shows the open channel's messages; nothing until they have loaded.
     * @param {PageState} state
     */
    render(state) {
      if (state.timeline === null) {
        box.replaceChildren();
        return;
      }
      const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
      const first = !box.firstElementChild;
      patch(pieces(state));
      const target = focusTs === null ? null : messageAt(focusTs);
      if (target) {
        target.scrollIntoView({ block: 'center' });
        target.classList.add('highlight');
        focusTs = null;
        return;
      }
      if (first || nearBottom || jumpPending) {
        box.scrollTop = box.scrollHeight;
        jumpPending = false;
      }
    },
    /**
     * The message to bring into view when it appears; null forgets one asked for earlier.
     * @param {string | null} ts
     */
    focus(ts) {
      focusTs = ts;
    },
    /** On the next render, scroll to the latest message even when the person had scrolled up. */
    jumpToLatest() {
      jumpPending = true;
    },
  };
}

/**
 * Whether the message list looks different in `state` than in `previous`.
 * @param {PageState} state
 * @param {PageState} previous
 */
export function timelineChanged(state, previous) {
  return (
    state.timeline !== previous.timeline ||
    state.current !== previous.current ||
    state.expanded !== previous.expanded ||
    state.userNames !== previous.userNames ||
    state.channelNames !== previous.channelNames ||
    state.workspace?.bot.id !== previous.workspace?.bot.id ||
    state.workspace?.me !== previous.workspace?.me
  );
}
