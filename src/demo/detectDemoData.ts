import { DEMO_MARKER_TABLE, DEMO_TENANTS_SCHEMA } from './demoSchema';
import { informationSchemaRead } from '../warehouse/informationSchema';
import type { Warehouse } from '../warehouse/types';

/**
 * Whether the Platform Connector data is Pulse's generated demo: the demo leaves its marker table
 * (PUBLIC.PULSE_DEMO) in the database it fills. Read through INFORMATION_SCHEMA, so it answers
 * alike on both engines and never fails on a warehouse without the table.
 */
export async function detectDemoData(warehouse: Warehouse, fivetranSchema: string): Promise<boolean> {
  const parts = fivetranSchema.split('.');
  const database = parts.length === 2 ? `${parts[0]}.` : '';
  const info = informationSchemaRead(warehouse.engine, `${database}${DEMO_TENANTS_SCHEMA}`, 'TABLES');
  const rows = await warehouse.query(`SELECT COUNT(*) AS found FROM ${info.source} WHERE ${info.where} AND UPPER(table_name) = ?`, [...info.binds, DEMO_MARKER_TABLE], {
    tag: 'pulse:detect-demo',
  });
  return Number(rows[0]?.found ?? 0) > 0;
}
