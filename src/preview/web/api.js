// @ts-check
/** The stand-in's preview API (see PreviewRoutes), typed with the stand-in's own types. */

/** @typedef {import('../standin/types').PreviewState} PreviewState */
/** @typedef {import('../standin/types').PreviewChannelEntries} PreviewChannelEntries */
/** @typedef {import('../standin/types').PreviewDelivery} PreviewDelivery */
/** @typedef {import('../standin/types').PreviewCommandRequest} PreviewCommandRequest */
/** @typedef {import('../standin/types').PreviewActionRequest} PreviewActionRequest */
/** @typedef {import('../standin/types').StandInChange} StandInChange */
/** @typedef {import('../standin/types').PreviewHome} PreviewHome */
/** @typedef {import('../standin/types').PreviewHomeActionRequest} PreviewHomeActionRequest */

/**
 * A GET (no body) or a JSON POST; a refusal throws with the stand-in's reason.
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<unknown>}
 */
async function request(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? { headers: { accept: 'application/json' } }
      : { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) },
  );
  /** @type {unknown} */
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reason = typeof data === 'object' && data !== null && 'error' in data && data.error ? String(data.error) : `HTTP ${response.status}`;
    throw new Error(reason);
  }
  return data;
}

/** @returns {Promise<PreviewState>} */
export async function loadWorkspace() {
  return /** @type {PreviewState} */ (await request('/preview/state'));
}

/**
 * @param {string} channelId
 * @returns {Promise<PreviewChannelEntries>}
 */
export async function loadChannel(channelId) {
  return /** @type {PreviewChannelEntries} */ (await request(`/preview/channels/${encodeURIComponent(channelId)}`));
}

/**
 * @param {PreviewCommandRequest} command
 * @returns {Promise<PreviewDelivery>}
 */
export async function sendCommand(command) {
  return /** @type {PreviewDelivery} */ (await request('/preview/command', command));
}

/**
 * @param {PreviewActionRequest} action
 * @returns {Promise<PreviewDelivery>}
 */
export async function sendAction(action) {
  return /** @type {PreviewDelivery} */ (await request('/preview/actions', action));
}

/**
 * Opens the app's Home tab: the stand-in sends app_home_opened, and the app publishes the view.
 * @returns {Promise<PreviewDelivery>}
 */
export async function openHome() {
  return /** @type {PreviewDelivery} */ (await request('/preview/home/open', {}));
}

/** @returns {Promise<PreviewHome>} */
export async function loadHome() {
  return /** @type {PreviewHome} */ (await request('/preview/home'));
}

/**
 * @param {PreviewHomeActionRequest} action
 * @returns {Promise<PreviewDelivery>}
 */
export async function sendHomeAction(action) {
  return /** @type {PreviewDelivery} */ (await request('/preview/home/actions', action));
}

/**
 * @param {string} name
 * @param {string} [choice] what it runs on, for a job with choices
 */
export async function runJob(name, choice) {
  await request(`/preview/jobs/${encodeURIComponent(name)}`, choice === undefined ? {} : { choice });
}

/**
 * Follows the stand-in's changes; `onOpen` is told on every (re)connection, so the page can catch up.
 * @param {{ onChange: (change: StandInChange) => void, onOpen: () => void }} listeners
 */
export function followChanges({ onChange, onOpen }) {
  const source = new EventSource('/preview/events');
  source.addEventListener('change', (event) => {
    /** @type {StandInChange} */
    let change;
    try {
      /** @type {unknown} */
      const parsed = JSON.parse(String(event.data));
      change = /** @type {StandInChange} */ (parsed);
    } catch {
      return; // a malformed event is ignored
    }
    onChange(change);
  });
  source.addEventListener('open', onOpen);
}
