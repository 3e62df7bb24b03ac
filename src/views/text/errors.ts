import type { LogMessage } from '../../fivetran/types';
import type { Assessment, ConnectionAssessment } from '../../health/types';
import { worstFirst } from '../connectionOrder';
import { findConnection } from '../../health/scope';
import { connectionNotFound } from './connections';
import { formatRelative, formatWhen, palette, renderTable, wrap, type Paint, type TextOptions } from './format';
import { renderHeader } from './header';
import { isErrorLevel, logLevelWords } from '../vocabulary/logLevel';

const MESSAGE_IN_TABLE = 80;
const MESSAGE_IN_DETAIL = 1200;

export interface ErrorsOptions extends TextOptions {
  connectionId?: string;
}

const paintEvent = (event: string, paint: Paint) => (isErrorLevel(event) ? paint.red : paint.yellow);

function noneLine(stale: boolean, scope = ''): string {
  const what = `No errors or warnings${scope ? ` ${scope}` : ''}`;
  return stale ? `${what} in the data loaded, but it is stale: newer ones may exist.` : `${what} in the last 30 days.`;
}

function oneConnection(assessment: Assessment, c: ConnectionAssessment, options: TextOptions, paint: Paint): string {
  const counts = `${c.severeSinceLastSync} errors and ${c.warningsSinceLastSync} warnings since the last sync; ${c.severe24h} and ${c.warnings24h} in 24 h.`;
  if (c.latestErrors.length === 0) return `${paint.bold(c.connectionName)} (${c.connectionId})\n${counts}\n\n${noneLine(assessment.stale, 'for this connection')}`;
  const entries = c.latestErrors.map((e) => {
    const head = `${paintEvent(e.event, paint)(logLevelWords(e.event))} ${e.type ? paint.bold(e.type) : ''} ${paint.dim(formatWhen(e.at, options.now, '—', options.timeZone))}`.replace(/ +/g, ' ');
    const messageWidth = Math.max(20, Math.min(96, (options.width ?? Infinity) - 4));
    return [`- ${head}`, ...wrap(e.message, messageWidth, MESSAGE_IN_DETAIL).map((line) => `    ${line}`)].join('\n');
  });
  return `${paint.bold(c.connectionName)} (${c.connectionId})\n${counts}\n\nLatest errors and warnings (newest first, repeats once):\n${entries.join('\n')}`;
}

/** `errors`: the newest errors and warnings of every connection, or of one in full. */
export function renderErrors(assessment: Assessment, options: ErrorsOptions): string {
  const { now } = options;
  const paint = palette(options.color);
  const header = renderHeader('Errors and warnings', assessment, options, paint);

  if (options.connectionId !== undefined) {
    const lookup = findConnection(assessment.connections, options.connectionId);
    return `${header}\n\n${lookup.kind === 'found' ? oneConnection(assessment, lookup.connection, options, paint) : connectionNotFound(assessment, options.connectionId, lookup)}\n`;
  }

  const affected = worstFirst(assessment.connections, assessment.alerts).filter((c) => c.severe24h + c.warnings24h + c.severeSinceLastSync + c.warningsSinceLastSync > 0);
  const messages = assessment.connections
    .flatMap((c) => c.latestErrors.map((e): [ConnectionAssessment, LogMessage] => [c, e]))
    .sort((a, b) => b[1].at.localeCompare(a[1].at));
  if (messages.length === 0 && affected.length === 0) return `${header}\n\n${noneLine(assessment.stale)}\n`;

  const sections = [header];
  if (affected.length > 0) {
    sections.push(
      `${paint.bold('Connections with errors or warnings')}\n${renderTable(
        [
          { header: 'CONNECTION', max: 32, min: 16 },
          { header: 'TENANT', max: 18, importance: 1 },
          { header: 'ERRORS 24 H', align: 'right' },
          { header: 'WARNINGS 24 H', align: 'right' },
          { header: 'ERRORS SINCE LAST SYNC', align: 'right' },
        ],
        affected.map((c) => [c.connectionName, c.tenantId ?? '—', String(c.severe24h), String(c.warnings24h), String(c.severeSinceLastSync)]),
        { paint, width: options.width },
      )}`,
    );
  }
  if (messages.length > 0) {
    sections.push(
      `${paint.bold('Latest messages')} (newest first; up to 5 distinct per connection, last 30 days)\n${renderTable(
        [
          { header: 'WHEN', importance: 4 },
          { header: 'CONNECTION', max: 32, importance: 5, min: 16 },
          { header: 'LEVEL', importance: 2 },
          { header: 'TYPE', max: 28, importance: 1 },
          { header: 'MESSAGE', max: MESSAGE_IN_TABLE, importance: 3, min: 20 },
        ],
        messages.map(([c, e]) => [formatRelative(e.at, now), c.connectionName, { text: logLevelWords(e.event), paint: paintEvent(e.event, paint) }, e.type ?? '', e.message]),
        { paint, width: options.width },
      )}`,
    );
  }
  return `${sections.join('\n\n')}\n`;
}
