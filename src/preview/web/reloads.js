// @ts-check
/**
 * Reloads after the stand-in's changes, gathered: changes arrive in bursts (a post, then its
 * thread parent's update), and each burst costs one reload of what it touched.
 */

/** How long a burst may take, in milliseconds. */
const BURST_MS = 40;

/**
 * @typedef {object} ReloadRequest
 * @property {boolean} [workspace]
 * @property {boolean} [channel] the open channel's messages
 */

/**
 * @param {{ workspace: () => Promise<void>, channel: () => Promise<void> }} reload
 */
export function createReloads(reload) {
  let workspace = false;
  let channel = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;

  function flush() {
    timer = null;
    const work = [...(workspace ? [reload.workspace()] : []), ...(channel ? [reload.channel()] : [])];
    workspace = false;
    channel = false;
    Promise.all(work).catch(() => {
      /* the next change or reconnection retries */
    });
  }

  return {
    /** @param {ReloadRequest} what */
    schedule(what) {
      workspace ||= Boolean(what.workspace);
      channel ||= Boolean(what.channel);
      if ((workspace || channel) && timer === null) timer = setTimeout(flush, BURST_MS);
    },
  };
}
