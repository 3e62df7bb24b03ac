/**
 * A series as a line of Unicode blocks, ▁ lowest to █ highest: a trend read at a glance in a
 * terminal. Pure.
 */

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Blocks a report's sparkline has at most: a month of days, and a terminal line to spare. */
export const SPARKLINE_MAX = 90;

/**
 * One block per value, scaled from zero (or the lowest value, when that is negative) to the
 * highest; a missing value is a space. Longer than `width`, the values are taken in even groups,
 * each shown by its highest, so a spike never vanishes.
 */
export function sparkline(values: readonly (number | null)[], width = Infinity): string {
  const shown = values.length > width ? bucketMax(values, Math.max(1, Math.floor(width))) : values;
  const known = shown.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return ' '.repeat(shown.length);
  const low = Math.min(0, ...known);
  const high = Math.max(...known);
  return shown
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (high === low) return v > 0 ? BLOCKS[3] : BLOCKS[0];
      // Anything above the floor gets at least the second block, so a small value is not read as none.
      const level = Math.round(((v - low) / (high - low)) * (BLOCKS.length - 1));
      return BLOCKS[v > low && level === 0 ? 1 : level];
    })
    .join('');
}

function bucketMax(values: readonly (number | null)[], width: number): (number | null)[] {
  return Array.from({ length: width }, (_, i) => {
    const group = values.slice(Math.floor((i * values.length) / width), Math.floor(((i + 1) * values.length) / width)).filter((v): v is number => v !== null);
    return group.length === 0 ? null : Math.max(...group);
  });
}
