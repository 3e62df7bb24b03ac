// @ts-check
/** Message times as the page shows them, in the reader's time zone and language. */

/**
 * A Slack timestamp (`1700000000.000100`) as a date.
 * @param {string} ts
 */
export function dateOf(ts) {
  return new Date(Number(ts) * 1000);
}

/** @param {string} ts */
export function timeOf(ts) {
  return dateOf(ts).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

/**
 * "Today", "Yesterday", or the weekday and date.
 * @param {Date} date
 */
export function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' });
}
