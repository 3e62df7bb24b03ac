import type { Warehouse } from '../../warehouse/types';
import { auditTrail, type AuditTrail } from './audit';
import { postings, type Postings } from './claims';
import { deliveryQueue, type DeliveryQueue } from './deliveries';
import { runExclusively } from './exclusive';
import { incidentChanges, type IncidentChanges } from './incidentChanges';
import { incidentReads, type IncidentReads } from './incidentReads';
import { monitorState, type MonitorState } from './monitorState';
import { createMissingTables, stateTablesIn } from './schema';
import { sqlRunner } from './sql';

export { postingKey, type PostingClaim } from './claims';
export type { DeliveryKind, PendingDelivery, QueuedDelivery } from './deliveries';
export { STATE_TABLES } from './schema';

/**
 * Alert state and its audit trail, in tables next to the monitored data. Every statement is in the
 * SQL subset Snowflake and DuckDB share; timestamps are bound as ISO strings and cast in SQL.
 * Writes that concern several rows go in one statement per chunk, never one per alert.
 */
export interface AlertStore extends IncidentReads, IncidentChanges, Postings, AuditTrail, MonitorState, DeliveryQueue {
  /** Creates the schema and tables when missing. Safe to call at every start. */
  init(): Promise<void>;
  /**
   * Runs `work` while no other work for the same warehouse and schema runs in this process, so
   * two alert runs never interleave (the scheduler runs on one replica only).
   */
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
}

export function createAlertStore(warehouse: Warehouse, stateSchema: string): AlertStore {
  const tables = stateTablesIn(stateSchema);
  const run = sqlRunner(warehouse);
  return {
    init: () => createMissingTables(warehouse, run, stateSchema),
    ...incidentReads(run, tables),
    ...incidentChanges(run, tables),
    ...postings(run, tables),
    ...auditTrail(run, tables),
    ...monitorState(run, tables),
    ...deliveryQueue(run, tables),
    runExclusive: (work) => runExclusively(warehouse, stateSchema, work),
  };
}
