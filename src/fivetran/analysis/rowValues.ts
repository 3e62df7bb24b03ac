import type { Row } from '../../warehouse/types';

/** Cell readers that accept what either engine returns (numbers as numbers or text, dates as text). */
export const text = (value: Row[string] | undefined): string | null => (value === null || value === undefined ? null : String(value));

export const count = (value: Row[string] | undefined): number => {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
};

export const flag = (value: Row[string] | undefined): boolean => value === true || value === 1 || value === 'true' || value === '1';

/** A DATE cell as `YYYY-MM-DD`, whether it came as a date or a timestamp. */
export const day = (value: Row[string] | undefined): string | null => (value === null || value === undefined ? null : String(value).slice(0, 10));

/** LOG repeats some rows (same id and time): each is counted once. */
export function dedupeLogRows(rows: readonly Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.cid}\u0000${row.id}\u0000${row.time_stamp}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
