import { STATE_TABLES, type AlertStore } from '../alerts/store';
import type { Logger } from '../log/logger';
import type { PreviewJob, SlackStandIn } from '../preview/standin';
import { isDuckDbWarehouse, type DuckDbWarehouse } from '../warehouse/duckdb';
import { readDemoMarker, resetDemoData } from './refreshDemoData';
import type { Warehouse } from '../warehouse/types';

/** Regenerating the demo takes seconds; waiting for the file (the CLI may hold it) gets as long. */
const RESET_DEADLINE_MS = 5 * 60_000;

export const RESET_DEMO_CONFIRMATION =
  'Start the demo over? New demo data is generated, every alert, acknowledgement and snooze is forgotten, and every channel of this preview is emptied.';

export interface DemoResetDeps {
  warehouse: DuckDbWarehouse;
  stateSchema: string;
  store: AlertStore;
  standIn: SlackStandIn;
  logger: Logger;
  clock?: () => Date;
  /** Drops the judgment kept for reuse: it was made from the data the reset replaced. */
  forgetJudgments?: () => void;
}

/**
 * Starts the try-it path over: the demo data generated anew for now, Pulse's alert state dropped
 * (in the same transaction, so neither survives without the other) and created again empty, then
 * the preview's workspace emptied, so no message is left whose alert Pulse has forgotten.
 */
export async function resetDemo(deps: DemoResetDeps): Promise<void> {
  const now = (deps.clock ?? (() => new Date()))();
  const stateTables = STATE_TABLES.map((table) => `${deps.stateSchema}.${table}`);
  const reset = await deps.warehouse.withConnection((connection) => resetDemoData(connection, stateTables, now), { tag: 'pulse:reset-demo', deadlineMs: RESET_DEADLINE_MS });
  if (!reset) throw new Error('this warehouse holds no generated demo data, so nothing was reset');
  deps.forgetJudgments?.();
  await deps.store.init();
  await deps.standIn.resetWorkspace();
  deps.logger.info({ generatedFor: now.toISOString() }, 'started the demo over: new demo data, no alert state, empty preview channels');
}

/** The preview's "Reset demo" control, for a warehouse that is a generated demo; null for any other. */
export async function demoResetJob(warehouse: Warehouse, deps: Omit<DemoResetDeps, 'warehouse'>): Promise<PreviewJob | null> {
  if (!isDuckDbWarehouse(warehouse)) return null;
  const marker = await warehouse.withConnection(readDemoMarker, { tag: 'pulse:demo-marker' });
  if (!marker) return null;
  return { label: 'Reset demo', confirm: RESET_DEMO_CONFIRMATION, run: () => resetDemo({ ...deps, warehouse }) };
}
