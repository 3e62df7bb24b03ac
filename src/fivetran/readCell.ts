/**
 * Reading one cell of a warehouse row, whatever the engine returned: numbers as numbers or as
 * text, booleans as booleans, 1/0 or text, dates and timestamps as text. Every read of a row in the
 * read model goes through these, so a value means the same wherever it is read.
 */
export const readCell = {
  /** The cell as text; null when it is null. */
  text(value: unknown): string | null {
    return value === null || value === undefined ? null : String(value);
  },

  /** Text a person typed into a table: trimmed, and null when nothing is left. */
  trimmedText(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    const trimmed = String(value).trim();
    return trimmed === '' ? null : trimmed;
  },

  /** A count or sum: 0 when it is null or not a number. */
  count(value: unknown): number {
    const n = typeof value === 'number' ? value : Number(value ?? 0);
    return Number.isFinite(n) ? n : 0;
  },

  /** A number that may be unknown (a sync frequency): null when it is null, blank or not a number. */
  numberOrNull(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  },

  flag(value: unknown): boolean {
    return value === true || value === 1 || value === 'true' || value === '1';
  },

  /** A DATE cell as `YYYY-MM-DD`, whether it came as a date or a timestamp. */
  day(value: unknown): string | null {
    return value === null || value === undefined ? null : String(value).slice(0, 10);
  },
};
