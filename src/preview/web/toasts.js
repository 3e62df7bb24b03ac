// @ts-check
/** Short notes in the corner: what a job did, or why something failed. */
import { h } from './dom.js';

/** @typedef {'info' | 'error'} ToastKind */

/**
 * @param {HTMLElement} container
 * @returns {(text: string, kind?: ToastKind) => void}
 */
export function createToasts(container) {
  return (text, kind = 'info') => {
    const error = kind === 'error';
    const node = h('div', { class: `toast${error ? ' error' : ''}`, role: error ? 'alert' : 'status' }, text);
    container.append(node);
    // Errors stay longer: they are worth reading.
    setTimeout(() => node.remove(), error ? 6000 : 3500);
  };
}
