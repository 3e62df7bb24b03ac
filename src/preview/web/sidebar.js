// @ts-check
/** The sidebar (channels, job controls, whether the app is connected) and the channel's header. */
import { h } from './dom.js';
import { jobControls } from './jobControls.js';

/** @typedef {import('./pageState.js').PageState} PageState */

/**
 * @typedef {object} SidebarElements
 * @property {HTMLElement} workspaceName
 * @property {HTMLElement} channelList
 * @property {HTMLElement} jobs
 * @property {HTMLElement} jobList
 * @property {HTMLElement} presence
 * @property {HTMLElement} presenceText
 * @property {HTMLElement} homeLink
 */

/**
 * @typedef {object} HeaderElements
 * @property {HTMLElement} channelName
 * @property {HTMLElement} channelSub
 * @property {HTMLElement} banner
 * @property {HTMLTextAreaElement} input
 * @property {HTMLButtonElement} send
 * @property {HTMLElement} messages
 * @property {HTMLElement} composer
 * @property {HTMLElement} home
 */

/** @param {PageState} state */
function channelItems(state) {
  if (state.home) return channelList(state, null);
  return channelList(state, state.current);
}

/**
 * @param {PageState} state
 * @param {string | null} open the channel shown, none while the Home tab is
 */
function channelList(state, open) {
  const channels = state.workspace?.channels ?? [];
  if (channels.length === 0) return [h('li', { class: 'empty' }, 'No channels yet: they appear when the app posts.')];
  return channels.map((channel) => {
    const current = channel.id === open;
    const unread = current ? 0 : (state.unread[channel.id] ?? 0);
    return h(
      'li',
      {},
      h(
        'a',
        {
          href: `#/${encodeURIComponent(channel.id)}`,
          'data-channel': channel.id,
          'aria-current': current ? 'page' : null,
          class: unread ? 'unread' : null,
        },
        h('span', { class: 'hash' }, '#'),
        h('span', { class: 'name' }, channel.name),
        unread ? h('span', { class: 'badge' }, String(unread)) : null,
      ),
    );
  });
}

/**
 * @param {SidebarElements} elements
 * @param {PageState} state
 */
export function renderSidebar(elements, state) {
  const workspace = state.workspace;
  if (workspace) elements.workspaceName.textContent = workspace.team.name;
  elements.channelList.replaceChildren(...channelItems(state));
  elements.homeLink.setAttribute('aria-current', state.home ? 'page' : 'false');
  const jobs = jobControls(state);
  elements.jobs.hidden = jobs.length === 0;
  elements.jobList.replaceChildren(...jobs);
  const connected = workspace?.appConnected ?? false;
  elements.presence.classList.toggle('online', connected);
  elements.presenceText.textContent = connected ? `${workspace?.bot.name ?? 'The app'} is connected` : 'No app connected';
}

/**
 * The open channel's name, the composer's prompt, and a warning while no app is connected.
 * @param {HeaderElements} elements
 * @param {PageState} state
 */
export function renderHeader(elements, state) {
  elements.messages.hidden = state.home;
  elements.composer.hidden = state.home;
  elements.home.hidden = !state.home;
  if (state.home) {
    const app = state.workspace?.bot.name ?? 'the app';
    elements.channelName.textContent = `${app} · Home`;
    elements.channelSub.textContent = `${app}'s Home tab, as you would see it`;
    document.title = `Home · Pulse · Slack preview`;
    const online = state.workspace?.appConnected ?? false;
    elements.banner.hidden = online;
    elements.banner.textContent = online ? '' : 'No app is connected to this preview yet: the Home tab will not be published.';
    return;
  }
  const name = state.current === null ? undefined : state.channelNames[state.current];
  const botName = state.workspace?.bot.name;
  elements.channelName.textContent = name ? `# ${name}` : 'No channel';
  elements.channelSub.textContent = name ? `${botName ?? 'the app'} posts here` : '';
  elements.input.placeholder = name ? `Message #${name} — try /fivetran help` : 'No channel to send to yet';
  elements.input.disabled = !name;
  elements.send.disabled = !name;
  document.title = `${name ? `#${name} · ` : ''}Pulse · Slack preview`;
  const connected = state.workspace?.appConnected ?? false;
  elements.banner.hidden = connected;
  elements.banner.textContent = connected ? '' : 'No app is connected to this preview yet: commands and buttons will not be answered.';
}
