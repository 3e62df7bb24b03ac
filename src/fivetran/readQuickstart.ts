import { informationSchemaRead } from '../warehouse/informationSchema';
import type { Warehouse } from '../warehouse/types';

export interface QuickstartDeployment {
  deployed: boolean;
  schema: string | null;
  models: string[];
  freshestAt: string | null;
  /** Why freshness could not be read, when it could not. */
  problem: string | null;
}

const STATUS_MODELS = ['fivetran_platform__connection_status', 'fivetran_platform__connector_status'];

/**
 * Whether Fivetran's Quickstart data model (`fivetran_platform__*`) is deployed next to the
 * Platform Connector schema, and how fresh its status model is. Two small statements, for the
 * `check` command only: never part of a monitoring cycle.
 */
export async function readQuickstart(warehouse: Warehouse, fivetranSchema: string): Promise<QuickstartDeployment> {
  const parts = fivetranSchema.split('.');
  const catalog = parts.length === 2 ? `${parts[0]}.` : '';
  const info = informationSchemaRead(warehouse.engine, fivetranSchema, 'TABLES', true);
  const rows = await warehouse.query(
    `SELECT table_schema, table_name FROM ${info.source} WHERE ${info.where} AND LOWER(table_name) LIKE 'fivetran_platform%' ORDER BY table_schema, table_name`,
    info.binds,
    { tag: 'check:quickstart' },
  );
  const models = rows
    .map((row) => ({ schema: String(row.table_schema), name: String(row.table_name).toLowerCase() }))
    .filter((model) => model.name.startsWith('fivetran_platform__'));
  if (models.length === 0) return { deployed: false, schema: null, models: [], freshestAt: null, problem: null };

  const statusModel = models.find((m) => STATUS_MODELS.includes(m.name)) ?? null;
  const schema = (statusModel ?? models[0])?.schema ?? null;
  const inSchema = models.filter((m) => m.schema === schema).map((m) => m.name);
  if (!statusModel) return { deployed: true, schema, models: inSchema, freshestAt: null, problem: 'no connection status model (fivetran_platform__connection_status) was found' };

  try {
    const [fresh] = await warehouse.query(`SELECT MAX(last_sync_completed_at) AS freshest_at FROM ${catalog}${statusModel.schema}.${statusModel.name}`, [], { tag: 'check:quickstart-freshness' });
    const freshestAt = fresh?.freshest_at === null || fresh?.freshest_at === undefined ? null : String(fresh.freshest_at);
    return { deployed: true, schema, models: inSchema, freshestAt, problem: null };
  } catch (error) {
    return { deployed: true, schema, models: inSchema, freshestAt: null, problem: `its freshness could not be read: ${(error as Error).message}` };
  }
}
