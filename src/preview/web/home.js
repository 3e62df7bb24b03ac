// @ts-check
/**
 * The app's Home tab, as Slack shows it: opening it sends app_home_opened, the view the app
 * published is drawn from its blocks, and its buttons and menus send block_actions from the view.
 */
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';

/** @typedef {import('../standin/types').PublishedHome} PublishedHome */
/** @typedef {import('./mrkdwn.js').RenderContext} RenderContext */

/**
 * The Home tab's content: the published view, or what to expect before the app published one.
 * @param {PublishedHome | null} home
 * @param {RenderContext} context
 * @param {boolean} waiting the app was asked and has not answered yet
 * @returns {HTMLElement}
 */
export function homeNode(home, context, waiting) {
  if (!home) {
    return h(
      'div',
      { class: 'home-view home-empty' },
      h('p', {}, waiting ? 'Opening the Home tab…' : 'The app has not published a Home tab yet.'),
    );
  }
  return h('div', { class: 'home-view', 'data-view': home.id }, renderBlocks(home.view.blocks, context));
}

/**
 * @typedef {object} HomeTabDeps
 * @property {HTMLElement} box where the Home tab is drawn
 * @property {() => Promise<import('../standin/types').PreviewHome>} load the view last published
 * @property {() => Promise<import('../standin/types').PreviewDelivery>} open sends app_home_opened
 * @property {() => RenderContext} context names of users and channels, as the page knows them
 * @property {(what: string, error: unknown) => void} failed
 * @property {(result: import('../standin/types').PreviewDelivery) => void} refused the app did not take the event
 */

/**
 * The Home tab's drawing: opened (the app asked to publish), and drawn again when the app publishes.
 * @param {HomeTabDeps} deps
 */
export function createHomeTab(deps) {
  let waiting = false;

  async function draw() {
    const { home } = await deps.load();
    if (home) waiting = false;
    deps.box.replaceChildren(homeNode(home, deps.context(), waiting));
  }

  return {
    /** Slack sends app_home_opened each time the tab is opened, and the app publishes the view again. */
    open() {
      waiting = true;
      draw().catch((error) => deps.failed('Could not load the Home tab', error));
      deps
        .open()
        .then((result) => {
          if (!result.ok) deps.refused(result);
        })
        .catch((error) => deps.failed('Opening Home failed', error))
        .finally(() => {
          waiting = false;
        });
    },
    /** The app published a new view. */
    redraw() {
      draw().catch((error) => deps.failed('Could not load the Home tab', error));
    },
  };
}
