/** "1,234,567": grouped the same way whatever the machine's locale; `whenMissing` for no number. */
export function formatCount(value: number | null | undefined, whenMissing = '0'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return whenMissing;
  const rounded = Math.round(value);
  const digits = Math.abs(rounded).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** "1 connection", "3 connections". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
