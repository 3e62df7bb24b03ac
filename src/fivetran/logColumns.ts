import type { SchemaNaming } from './schemaNaming';

/** LOG's connection id: both columns may exist on a schema that lived through the rename. */
export function logConnectionId(naming: SchemaNaming, alias = ''): string {
  const prefix = alias ? `${alias}.` : '';
  const columns = naming.logIdColumns.map((c) => `${prefix}${c}`);
  return columns.length === 1 ? (columns[0] as string) : `COALESCE(${columns.join(', ')})`;
}
