import type { Assessment } from '../../health/types';
import { formatRelative, palette, renderTable, type TextOptions } from './format';
import { renderHeader } from './header';

/** `schema-changes`: the last 30 days' schema changes of every connection, newest first. */
export function renderSchemaChanges(assessment: Assessment, options: TextOptions): string {
  const { now } = options;
  const paint = palette(options.color);
  const header = renderHeader('Schema changes (last 30 days)', assessment, options, paint);
  const changes = assessment.connections
    .flatMap((c) => c.schemaChanges30d.map((change) => ({ c, change })))
    .sort((a, b) => b.change.at.localeCompare(a.change.at) || a.c.connectionName.localeCompare(b.c.connectionName));
  if (changes.length === 0) {
    const none = assessment.stale ? 'No schema changes in the data loaded, but it is stale: newer ones may exist.' : 'No schema changes in the last 30 days.';
    return `${header}\n\n${none}\n`;
  }
  const table = renderTable(
    [{ header: 'WHEN', importance: 3 }, { header: 'CONNECTION', max: 32, importance: 4, min: 16 }, { header: 'TENANT', max: 18, importance: 1 }, { header: 'CHANGE', max: 90, importance: 2, min: 20 }],
    changes.map(({ c, change }) => [formatRelative(change.at, now), c.connectionName, c.tenantId ?? '—', change.summary]),
    { paint, width: options.width },
  );
  return `${header}\n\n${changes.length} change${changes.length === 1 ? '' : 's'} (the newest 5 per connection).\n\n${table}\n`;
}
