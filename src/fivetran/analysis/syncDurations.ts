import type { Row } from '../../warehouse/types';
import { readCell } from '../readCell';
import type { SyncDurationStats } from './types';

const seconds = (value: Row[string] | undefined) => Math.round(readCell.count(value));

/** Pure: the durations statement's rows, slowest p95 first as the statement orders them; whole seconds. */
export function assembleSyncDurations(rows: readonly Row[]): SyncDurationStats[] {
  return rows.map((row) => ({
    connectorType: readCell.text(row.connector_type) ?? 'unknown',
    connectorTypeName: readCell.text(row.connector_type_name),
    syncs: readCell.count(row.syncs),
    connections: readCell.count(row.connections),
    p50Seconds: seconds(row.p50_seconds),
    p95Seconds: seconds(row.p95_seconds),
    maxSeconds: seconds(row.max_seconds),
  }));
}
