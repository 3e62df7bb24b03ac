import type { Assessment } from '../../health/types';
import { formatRelative, palette, renderTable, type TextOptions } from './format';
import { renderHeader } from './header';

/** `schema-changes`: the last 30 days' schema changes of every connection, newest first. */
export function renderSchemaChanges(assessment: Assessment, options: TextOptions): string {
  const { now } = options;
  const paint = palette(options.color);
  const header = renderHeader('Schema changes (last 30 days)', assessment, now, paint);
  const changes = assessment.connections
    .flatMap((c) => c.schemaChanges30d.map((change) => ({ c, change })))
    .sort((a, b) => b.change.at.localeCompare(a.change.at) || a.c.connectionName.localeCompare(b.c.connectionName));
  if (changes.length === 0) {
    const none = assessment.stale ? 'No schema changes in the data loaded, but it is stale: newer ones may exist.' : 'No schema changes in the last 30 days.';
    return `${header}\n\n${none}\n`;
  }
  const table = renderTable(
    [{ header: 'WHEN' }, { header: 'CONNECTION', max: 32 }, { header: 'TENANT', max: 18 }, { header: 'CHANGE', max: 90 }],
    changes.map(({ c, change }) => [formatRelative(change.at, now), c.connectionName, c.tenantId ?? '—', change.summary]),
    { paint },
  );
  return `${header}\n\n${changes.length} change${changes.length === 1 ? '' : 's'} (the newest 5 per connection).\n\n${table}\n`;
}
