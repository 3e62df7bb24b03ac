// @ts-check
/**
 * The preview page: channels in a sidebar, the open channel's messages rendered from Block Kit, a
 * composer that sends slash commands, interactive elements that send block_actions, job controls,
 * and live updates from the stand-in's event stream. The page's state lives in one store; every
 * change goes through its update() and the views redraw from the new state.
 */
import * as api from './api.js';
import { createComposer } from './composer.js';
import { createHomeTab } from './home.js';
import {
  afterChange,
  initialPageState,
  withChannelOpened,
  withHomeOpened,
  withJobRunning,
  withThreadToggled,
  withTimeline,
  withWorkspace,
} from './pageState.js';
import { choiceFor, rememberChoice } from './jobControls.js';
import { renderHeader, renderSidebar } from './sidebar.js';
import { createReloads } from './reloads.js';
import { createStore } from './store.js';
import { createTimeline, timelineChanged } from './timeline.js';
import { createToasts } from './toasts.js';

/**
 * @template {HTMLElement} E
 * @param {string} id
 * @param {new () => E} type
 * @returns {E}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`);
  return found;
}

const els = {
  app: element('app', HTMLElement),
  backdrop: element('backdrop', HTMLElement),
  menuButton: element('menu-button', HTMLButtonElement),
  workspaceName: element('workspace-name', HTMLElement),
  channelList: element('channel-list', HTMLElement),
  jobs: element('jobs', HTMLElement),
  jobList: element('job-list', HTMLElement),
  presence: element('presence', HTMLElement),
  presenceText: element('presence-text', HTMLElement),
  channelName: element('channel-name', HTMLElement),
  channelSub: element('channel-sub', HTMLElement),
  banner: element('banner', HTMLElement),
  messages: element('messages', HTMLElement),
  composer: element('composer', HTMLFormElement),
  input: element('composer-input', HTMLTextAreaElement),
  send: element('send', HTMLButtonElement),
  toasts: element('toasts', HTMLElement),
  home: element('home', HTMLElement),
  homeLink: element('home-link', HTMLElement),
};

const store = createStore(initialPageState);
const timeline = createTimeline(els.messages);
const toast = createToasts(els.toasts);

store.subscribe((state, previous) => {
  renderSidebar(els, state);
  renderHeader(els, state);
  if (timelineChanged(state, previous)) timeline.render(state);
});

// ---------------------------------------------------------------- loading

async function loadWorkspace() {
  const workspace = await api.loadWorkspace();
  store.update((state) => withWorkspace(state, workspace));
}

/** @param {string} channelId */
async function loadChannel(channelId) {
  const { entries } = await api.loadChannel(channelId);
  store.update((state) => withTimeline(state, channelId, entries));
}

/**
 * A channel created by the app's first post is opened when none was open yet, and the first one
 * when the open channel is gone (a reset removes the channels the app's posts created).
 */
function keepAChannelOpen() {
  const { current, channelNames, workspace, home } = store.get();
  if (home) return;
  if (current !== null && channelNames[current] !== undefined) return;
  const first = workspace?.channels[0];
  if (first) openChannel(first.id);
  else store.update((state) => withChannelOpened(state, null));
}

const reloads = createReloads({
  workspace: () => loadWorkspace().then(keepAChannelOpen),
  channel: async () => {
    const { current } = store.get();
    if (current !== null) await loadChannel(current);
  },
});

// ---------------------------------------------------------------- navigation

/**
 * @param {string} channelId
 * @param {string | null} [focusTs] a message to bring into view (from a permalink)
 */
function openChannel(channelId, focusTs = null) {
  if (store.get().channelNames[channelId] === undefined) return;
  timeline.focus(focusTs);
  store.update((state) => withChannelOpened(state, channelId));
  closeSidebar();
  loadChannel(channelId).catch((error) => toast(`Could not load the channel: ${messageOf(error)}`, 'error'));
}

const homeTab = createHomeTab({
  box: els.home,
  load: api.loadHome,
  open: api.openHome,
  context: () => ({ users: store.get().userNames, channels: store.get().channelNames }),
  failed: (what, error) => toast(`${what}: ${messageOf(error)}`, 'error'),
  refused: (result) => toast(describeFailure(result, 'Opening Home'), 'error'),
});

/** Opens the Home tab in place of the channel. */
function openHome() {
  store.update((state) => withHomeOpened(state, true));
  closeSidebar();
  homeTab.open();
}

/** The channel and message the address names (#/C123 or #/C123/1700000000.000100). */
function fromAddress() {
  const match = /^#\/([^/]+)(?:\/([\d.]+))?/.exec(location.hash);
  if (!match?.[1]) return null;
  return { channel: decodeURIComponent(match[1]), ts: match[2] ? decodeURIComponent(match[2]) : null };
}

function openSidebar() {
  els.app.classList.add('sidebar-open');
  els.backdrop.hidden = false;
  els.menuButton.setAttribute('aria-expanded', 'true');
}

function closeSidebar() {
  els.app.classList.remove('sidebar-open');
  els.backdrop.hidden = true;
  els.menuButton.setAttribute('aria-expanded', 'false');
}

// ---------------------------------------------------------------- actions

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * @param {import('../standin/types').PreviewDelivery} result
 * @param {string} what
 */
function describeFailure(result, what) {
  if (result.body === 'operation_timeout') return `${what} failed: the app did not answer within 3 seconds (operation_timeout)`;
  return `${what} failed with HTTP ${result.status}${result.body ? `: ${String(result.body).slice(0, 160)}` : ''}`;
}

/**
 * Sends a slash command to the app; false (and a note) for anything else.
 * @param {string} line
 */
function sendCommand(line) {
  const channelId = store.get().current;
  if (!line.startsWith('/')) {
    toast('The preview sends slash commands to the app. Try /fivetran help', 'info');
    return false;
  }
  if (channelId === null) return false;
  // As in Slack, sending brings the channel to its latest message, even when scrolled up.
  timeline.jumpToLatest();
  const command = line.split(/\s+/)[0] ?? line;
  api
    .sendCommand({ channelId, text: line })
    .then((result) => {
      if (!result.ok) toast(describeFailure(result, command), 'error');
    })
    .catch((error) => toast(`${command} failed: ${messageOf(error)}`, 'error'));
  return true;
}

/**
 * Presses a button, picks an option: block_actions for the message the control is in.
 * @param {HTMLElement} control
 * @param {string} [selectedOption]
 */
function sendAction(control, selectedOption) {
  if (control.closest('.home-view')) {
    sendHomeAction(control, selectedOption);
    return;
  }
  const message = control.closest('.message[data-ts]');
  const channelId = store.get().current;
  const messageTs = message instanceof HTMLElement ? message.dataset.ts : undefined;
  if (!messageTs || channelId === null || control.classList.contains('pending')) return;
  const blockId = control.dataset.blockId;
  press(control, () =>
    api.sendAction({
      channelId,
      messageTs,
      actionId: control.dataset.actionId ?? '',
      ...(blockId ? { blockId } : {}),
      ...(selectedOption !== undefined ? { selectedOption } : {}),
    }),
  );
}

/**
 * Sends a press, the control marked pending meanwhile; a failure is said in a toast.
 * @param {HTMLElement} control
 * @param {() => Promise<import('../standin/types').PreviewDelivery>} send
 */
function press(control, send) {
  control.classList.add('pending');
  send()
    .then((result) => {
      if (!result.ok) toast(describeFailure(result, 'The action'), 'error');
    })
    .catch((error) => toast(`The action failed: ${messageOf(error)}`, 'error'))
    .finally(() => control.classList.remove('pending'));
}

/**
 * A press on the Home tab: block_actions from the view, with no channel or message.
 * @param {HTMLElement} control
 * @param {string} [selectedOption]
 */
function sendHomeAction(control, selectedOption) {
  if (control.classList.contains('pending')) return;
  const blockId = control.dataset.blockId;
  press(control, () =>
    api.sendHomeAction({
      actionId: control.dataset.actionId ?? '',
      ...(blockId ? { blockId } : {}),
      ...(selectedOption !== undefined ? { selectedOption } : {}),
    }),
  );
}

/** @param {string} name */
function runJob(name) {
  const job = store.get().workspace?.jobs.find((candidate) => candidate.name === name);
  const label = job ? job.label : name;
  // A job that throws something away asks first.
  if (job?.confirm && !window.confirm(job.confirm)) return;
  const choice = choiceFor(store.get(), name);
  store.update((state) => withJobRunning(state, name, true));
  api
    .runJob(name, choice)
    .then(() => toast(`${label.replace(/ now$/, '')}: done`))
    .catch((error) => toast(messageOf(error), 'error'))
    .finally(() => store.update((state) => withJobRunning(state, name, false)));
}

/** @param {HTMLElement | null} [except] */
function closeMenus(except = null) {
  for (const menu of document.querySelectorAll('.overflow-menu:not([hidden])')) {
    if (menu === except || !(menu instanceof HTMLElement)) continue;
    menu.hidden = true;
    menu.parentElement?.querySelector('.overflow-toggle')?.setAttribute('aria-expanded', 'false');
  }
}

/**
 * The nearest element from the event's target up that matches.
 * @param {Event} event
 * @param {string} selector
 * @returns {HTMLElement | null}
 */
function closest(event, selector) {
  const found = event.target instanceof Element ? event.target.closest(selector) : null;
  return found instanceof HTMLElement ? found : null;
}

/** @param {MouseEvent} event */
function onContentClick(event) {
  const target = closest(event, 'button, a[data-channel]');
  if (!target) {
    closeMenus();
    return;
  }
  if (target.matches('a[data-channel]')) {
    event.preventDefault();
    if (target.dataset.channel) openChannel(target.dataset.channel);
    return;
  }
  const kind = target.dataset.kind;
  if (kind === 'overflow-toggle') {
    const menu = target.parentElement?.querySelector('.overflow-menu');
    if (!(menu instanceof HTMLElement)) return;
    closeMenus(menu);
    menu.hidden = !menu.hidden;
    target.setAttribute('aria-expanded', String(!menu.hidden));
    if (!menu.hidden && menu.firstElementChild instanceof HTMLElement) menu.firstElementChild.focus();
    return;
  }
  if (kind === 'overflow') {
    closeMenus();
    sendAction(target, target.dataset.value);
    return;
  }
  if (kind === 'button') {
    if (target.dataset.url) window.open(target.dataset.url, '_blank', 'noopener');
    sendAction(target);
    return;
  }
  const parentTs = target.dataset.thread;
  if (parentTs) store.update((state) => withThreadToggled(state, parentTs));
}

/** @param {Event} event */
function onContentChange(event) {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.matches('select[data-kind="select"]') && select.value) sendAction(select, select.value);
}

for (const box of [els.messages, els.home]) {
  box.addEventListener('click', onContentClick);
  box.addEventListener('change', onContentChange);
}

els.homeLink.addEventListener('click', (event) => {
  event.preventDefault();
  history.replaceState(null, '', '#/home');
  openHome();
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    closeMenus();
    closeSidebar();
  }
});

els.channelList.addEventListener('click', (event) => {
  const link = closest(event, 'a[data-channel]');
  const channelId = link?.dataset.channel;
  if (!channelId) return;
  event.preventDefault();
  history.replaceState(null, '', `#/${encodeURIComponent(channelId)}`);
  openChannel(channelId);
});

els.jobList.addEventListener('change', (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.dataset.jobChoice) rememberChoice(select.dataset.jobChoice, select.value);
});

els.jobList.addEventListener('click', (event) => {
  const button = closest(event, 'button[data-job]');
  if (button instanceof HTMLButtonElement && !button.disabled && button.dataset.job) runJob(button.dataset.job);
});

els.menuButton.addEventListener('click', () => {
  if (els.app.classList.contains('sidebar-open')) closeSidebar();
  else openSidebar();
});
els.backdrop.addEventListener('click', closeSidebar);

const composer = createComposer({ form: els.composer, input: els.input, onSend: sendCommand });

window.addEventListener('hashchange', () => {
  if (location.hash === '#/home') {
    openHome();
    return;
  }
  const target = fromAddress();
  if (target) openChannel(target.channel, target.ts);
});

// ---------------------------------------------------------------- start

loadWorkspace()
  .then(() => {
    const target = fromAddress();
    const { channelNames, workspace } = store.get();
    const first = workspace?.channels[0];
    if (location.hash === '#/home') openHome();
    else if (target && channelNames[target.channel] !== undefined) openChannel(target.channel, target.ts);
    else if (first) openChannel(first.id);
    api.followChanges({
      onChange(change) {
        if (change.kind === 'home_published' && store.get().home && change.user === store.get().workspace?.me) {
          homeTab.redraw();
        }
        const outcome = afterChange(store.get(), change);
        store.update(() => outcome.state);
        reloads.schedule({ workspace: outcome.reloadWorkspace, channel: outcome.reloadChannel });
      },
      // After a reconnection, catch up on whatever happened meanwhile.
      onOpen: () => {
        reloads.schedule({ workspace: true, channel: store.get().current !== null });
        if (store.get().home) homeTab.redraw();
      },
    });
    if (window.matchMedia('(min-width: 761px)').matches) composer.focus();
  })
  .catch((error) => toast(`Could not reach the Slack stand-in: ${messageOf(error)}`, 'error'));
