import type { ApiCallsReport } from '../../fivetran/analysis/types';
import { formatCount } from '../vocabulary/counts';
import { formatInstant, palette, renderTable, type Paint, type TextOptions } from './format';
import type { TimeZone } from '../../time/timeZone';

const CONNECTIONS_SHOWN = 20;

export function periodLine(period: { from: string; to: string }, zone?: TimeZone): string {
  return `${formatInstant(period.from, '—', zone)} to ${formatInstant(period.to, '—', zone)}`;
}

/** The per-day table and its notes, shared by `api-calls` and `analyze`. */
export function renderApiCallsBody(report: ApiCallsReport, paint: Paint, options: Pick<TextOptions, 'timeZone' | 'width'> = {}): string {
  const { timeZone: zone, width } = options;
  const { totals } = report;
  if (totals.apiCalls === 0 && totals.extractSummaries === 0) {
    return 'No api_call or extract_summary events in the period.';
  }
  const days = renderTable(
    // Days are UTC days, as Fivetran's LOG dates them, whatever the zone of the other times.
    [{ header: 'DAY (UTC)' }, { header: 'API CALLS', align: 'right' }, { header: 'EXTRACT QUERIES', align: 'right' }, { header: 'SUMMARIES', align: 'right' }],
    [
      ...report.days.map((d) => [d.day, formatCount(d.apiCalls), formatCount(d.extractQueries), formatCount(d.extractSummaries)]),
      [{ text: 'TOTAL', paint: paint.bold }, formatCount(totals.apiCalls), formatCount(totals.extractQueries), formatCount(totals.extractSummaries)],
    ],
    { paint, width },
  );
  const sections = [days];
  if (report.connectionId === null && report.byConnection.length > 0) {
    const shown = report.byConnection.slice(0, CONNECTIONS_SHOWN);
    const more = report.byConnection.length - shown.length;
    sections.push(
      `${paint.bold('By connection')} (most first)\n${renderTable(
        [{ header: 'CONNECTION', max: 32, min: 16 }, { header: 'ID', max: 24, importance: 1 }, { header: 'API CALLS', align: 'right' }, { header: 'EXTRACT QUERIES', align: 'right' }],
        shown.map((c) => [c.connectionName ?? '(not in the connection table)', c.connectionId, formatCount(c.apiCalls), formatCount(c.extractQueries)]),
        { paint, width },
      )}${more > 0 ? `\n  … and ${more} more` : ''}`,
    );
  }
  const notes = ['API calls are legacy api_call events (connections created before Nov 2024); newer connections report extract queries in extract_summary.'];
  if (report.unreadableSummaries > 0) notes.push(`${formatCount(report.unreadableSummaries)} extract_summary event(s) had no readable query count and count as 0.`);
  if (report.extractQueriesCompleteFrom !== null) {
    notes.push(paint.yellow(`Too many extract_summary events to read them all: query counts are complete only from ${formatInstant(report.extractQueriesCompleteFrom, '—', zone)}; earlier days read low.`));
  }
  sections.push(notes.map((n) => `Note: ${n}`).join('\n'));
  return sections.join('\n\n');
}

/** `api-calls`: API calls and extract queries per day, for all connections or one. */
export function renderApiCalls(report: ApiCallsReport, options: TextOptions): string {
  const paint = palette(options.color);
  const scope = report.connectionId === null ? 'all connections' : `connection ${report.connectionId}`;
  return `${paint.bold(`API calls and extract queries, ${scope}`)}\n${periodLine(report.period, options.timeZone)}\n\n${renderApiCallsBody(report, paint, options)}\n`;
}
