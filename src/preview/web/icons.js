// @ts-check
/** The page's icons, built as SVG elements. */
import { svg } from './dom.js';

/** The app's avatar: a pulse line. */
export function pulseIcon() {
  return svg(
    'svg',
    { viewBox: '0 0 24 24', 'aria-hidden': 'true' },
    svg('path', {
      d: 'M3 13h4l2.2-5.5 3.6 10 2.6-6.5 1.6 2H21',
      fill: 'none',
      stroke: '#fff',
      'stroke-width': '2.2',
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    }),
  );
}

/** Beside "Only visible to you". */
export function eyeIcon() {
  return svg(
    'svg',
    { viewBox: '0 0 16 16', 'aria-hidden': 'true' },
    svg('path', { d: 'M1 8s2.6-5 7-5 7 5 7 5-2.6 5-7 5-7-5-7-5Z', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.4' }),
    svg('circle', { cx: '8', cy: '8', r: '2', fill: 'currentColor' }),
  );
}

/** A job control that runs something. */
export function playIcon() {
  return svg(
    'svg',
    { class: 'play', viewBox: '0 0 16 16', width: '14', height: '14', 'aria-hidden': 'true' },
    svg('path', { d: 'M4 2.5v11l9-5.5-9-5.5Z', fill: 'currentColor' }),
  );
}

/** A job control that starts something over. */
export function resetIcon() {
  return svg(
    'svg',
    { class: 'play', viewBox: '0 0 16 16', width: '14', height: '14', 'aria-hidden': 'true' },
    svg('path', {
      d: 'M3 8a5 5 0 1 0 1.5-3.6M3 2.5v2.8h2.8',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': '1.6',
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    }),
  );
}
