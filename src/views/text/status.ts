import type { Assessment } from '../../health/types';
import { alertCounts } from './alerts';
import { renderConnectionDetail } from './connectionDetail';
import { connectionTable, healthCounts } from './connectionTable';
import { worstFirst } from '../connectionOrder';
import { findConnection } from '../../health/scope';
import { connectionNotFound } from './connections';
import { palette, type TextOptions } from './format';
import { renderHeader } from './header';

export interface StatusOptions extends TextOptions {
  /** One connection (id or name) in detail, instead of the table of all. */
  connectionId?: string;
}

/** `status`: every connection worst first, or one connection in detail. */
export function renderStatus(assessment: Assessment, options: StatusOptions): string {
  const paint = palette(options.color);

  if (options.connectionId !== undefined) {
    const lookup = findConnection(assessment.connections, options.connectionId);
    const header = renderHeader('Fivetran Pulse: connection status', assessment, options, paint);
    if (lookup.kind !== 'found') return `${header}\n\n${connectionNotFound(assessment, options.connectionId, lookup)}\n`;
    return `${header}\n\n${renderConnectionDetail(assessment, lookup.connection, options, paint)}\n`;
  }

  const header = renderHeader('Fivetran Pulse: status', assessment, options, paint);
  const summary = [healthCounts(assessment.connections, paint), `Alerts: ${alertCounts(assessment.alerts)}${assessment.stale && assessment.alerts.length === 0 ? ' (the data is stale: not "all healthy")' : ''}`];
  if (assessment.connections.length === 0) {
    return `${header}\n\n${summary.join('\n')}\n\nNo connections in the monitoring data: the connection table is empty or every connection is deleted.\n`;
  }
  return `${header}\n\n${summary.join('\n')}\n\n${connectionTable(assessment, worstFirst(assessment.connections, assessment.alerts), options, paint)}\n`;
}
