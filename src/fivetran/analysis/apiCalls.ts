import type { Row } from '../../warehouse/types';
import { numberField, parseMessageData } from '../messageData';
import { dayRange, daysOf } from './period';
import { dedupeLogRows } from '../dedupeLogRows';
import { readCell } from '../readCell';
import type { ApiCallsByConnection, ApiCallsDay, ApiCallsReport, Period } from './types';

/** Account-level rows carry no connection id; they are still counted, under this key. */
export const NO_CONNECTION = '(no connection)';

/**
 * Pure: api_call counts and extract_summary rows (newest first) into per-day and per-connection
 * totals. The query count is read in code under either spelling; a summary that cannot be read
 * counts as a summary with no queries, and is reported as unreadable.
 */
export function assembleApiCalls(
  period: Period,
  connectionId: string | null,
  apiCallRows: readonly Row[],
  extractRows: readonly Row[],
  extractRowLimit: number,
): ApiCallsReport {
  const days = new Map<string, ApiCallsDay>(daysOf(dayRange(period)).map((d) => [d, { day: d, apiCalls: 0, extractQueries: 0, extractSummaries: 0 }]));
  const connections = new Map<string, ApiCallsByConnection>();
  const dayEntry = (value: Row[string] | undefined) => {
    const key = readCell.day(value) ?? 'unknown';
    let entry = days.get(key);
    if (!entry) {
      entry = { day: key, apiCalls: 0, extractQueries: 0, extractSummaries: 0 };
      days.set(key, entry);
    }
    return entry;
  };
  const connectionEntry = (row: Row) => {
    const id = readCell.text(row.cid) ?? NO_CONNECTION;
    let entry = connections.get(id);
    if (!entry) {
      entry = { connectionId: id, connectionName: readCell.text(row.connection_name), apiCalls: 0, extractQueries: 0, extractSummaries: 0 };
      connections.set(id, entry);
    }
    return entry;
  };

  for (const row of apiCallRows) {
    const calls = readCell.count(row.api_calls);
    dayEntry(row.log_day).apiCalls += calls;
    connectionEntry(row).apiCalls += calls;
  }

  let unreadableSummaries = 0;
  for (const row of dedupeLogRows(extractRows)) {
    const queries = numberField(parseMessageData(row.message_data), 'total_queries');
    if (queries === null) unreadableSummaries += 1;
    const d = dayEntry(row.log_day);
    const c = connectionEntry(row);
    d.extractSummaries += 1;
    c.extractSummaries += 1;
    d.extractQueries += queries ?? 0;
    c.extractQueries += queries ?? 0;
  }

  const oldest = extractRows[extractRows.length - 1];
  const byConnection = [...connections.values()].sort(
    (a, b) => b.apiCalls + b.extractQueries - (a.apiCalls + a.extractQueries) || a.connectionId.localeCompare(b.connectionId),
  );
  const dayList = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  return {
    period,
    connectionId,
    days: dayList,
    byConnection,
    totals: {
      apiCalls: dayList.reduce((sum, d) => sum + d.apiCalls, 0),
      extractQueries: dayList.reduce((sum, d) => sum + d.extractQueries, 0),
      extractSummaries: dayList.reduce((sum, d) => sum + d.extractSummaries, 0),
    },
    unreadableSummaries,
    extractQueriesCompleteFrom: extractRows.length >= extractRowLimit && oldest ? String(oldest.time_stamp) : null,
  };
}
