/**
 * An identifier as words a person reads: `update_credentials` → "update credentials",
 * `ConnectionFailure` → "connection failure". For values Fivetran writes as identifiers (task and
 * error types, sync statuses) wherever they are shown as text rather than as data to copy.
 */
export function identifierWords(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
