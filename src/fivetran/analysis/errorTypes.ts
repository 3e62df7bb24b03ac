import type { Row } from '../../warehouse/types';
import { describeMessage, parseMessageData, textField } from '../messageData';
import { dedupeLogRows } from '../dedupeLogRows';
import { readCell } from '../readCell';
import { ERROR_CONNECTIONS_LISTED, type ErrorAnalysis, type ErrorTypeCount } from './types';

export const NO_TYPE = '(no type)';

interface TypeTally {
  count: number;
  byConnection: Map<string, number>;
  firstAt: string;
  lastAt: string;
  sampleMessage: string;
}

/**
 * Pure: error rows, newest first, into counts by error type. A row whose message_data cannot be
 * read still counts, under {@link NO_TYPE}.
 */
export function assembleErrorTypes(rows: readonly Row[], rowLimit: number): ErrorAnalysis {
  const unique = dedupeLogRows(rows);
  const tallies = new Map<string, TypeTally>();
  for (const row of unique) {
    const at = String(row.time_stamp);
    const fields = parseMessageData(row.message_data);
    const type = textField(fields, 'type')?.trim() || NO_TYPE;
    const connection = readCell.text(row.connection_name) ?? readCell.text(row.cid) ?? '(account)';
    let tally = tallies.get(type);
    if (!tally) {
      // Rows arrive newest first: the first one seen is the newest message of its type.
      tally = { count: 0, byConnection: new Map(), firstAt: at, lastAt: at, sampleMessage: describeMessage(row.message_data, fields) };
      tallies.set(type, tally);
    }
    tally.count += 1;
    tally.byConnection.set(connection, (tally.byConnection.get(connection) ?? 0) + 1);
    if (at < tally.firstAt) tally.firstAt = at;
    if (at > tally.lastAt) tally.lastAt = at;
  }

  const types: ErrorTypeCount[] = [...tallies.entries()].map(([type, t]) => ({
    type,
    count: t.count,
    connections: t.byConnection.size,
    connectionNames: [...t.byConnection.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, ERROR_CONNECTIONS_LISTED)
      .map(([name]) => name),
    firstAt: t.firstAt,
    lastAt: t.lastAt,
    sampleMessage: t.sampleMessage,
  }));
  types.sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.type.localeCompare(b.type));

  const truncated = rows.length >= rowLimit;
  const oldest = rows[rows.length - 1];
  return { total: unique.length, types, truncated, countedFrom: truncated && oldest ? String(oldest.time_stamp) : null };
}
