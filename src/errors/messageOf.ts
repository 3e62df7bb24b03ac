/**
 * The message of anything thrown. Errors from the native DuckDB binding and from Node built-ins may
 * come from another realm (under jest, for one), so `instanceof Error` cannot be trusted.
 */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
