// @ts-check
/**
 * A value that changes only through update(), which tells every subscriber. The page keeps its
 * state in one of these and treats each state as read-only: update() gets a new one.
 */

/**
 * @template S
 * @typedef {object} Store
 * @property {() => S} get
 * @property {(change: (state: S) => S) => void} update
 * @property {(listener: (state: S, previous: S) => void) => () => void} subscribe the returned function unsubscribes
 */

/**
 * @template S
 * @param {S} initial
 * @returns {Store<S>}
 */
export function createStore(initial) {
  let state = initial;
  /** @type {Set<(state: S, previous: S) => void>} */
  const listeners = new Set();
  return {
    get: () => state,
    update(change) {
      const previous = state;
      state = change(previous);
      if (state === previous) return;
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
