import type { PlannedLooseEvent } from './plan';

/** message_data payloads in the shapes Fivetran writes them. */

export const PRIORITY_FIRST_REASON =
  'We have rescheduled the connection to force flush data from the forward sync into your destination. This is intended behavior and means that the connection is working as expected.';
export const USER_CANCELED_REASON = 'Sync has been cancelled because of a user action in the dashboard.';

export function userAction(at: number, messageEvent: string, actor: string, connectionId: string, properties: Record<string, unknown> = {}): PlannedLooseEvent {
  return { at, event: 'INFO', messageEvent, data: JSON.stringify({ actor, id: connectionId, properties }) };
}

export function createTable(at: number, schema: string, table: string, columns: Record<string, string>): PlannedLooseEvent {
  return { at, event: 'INFO', messageEvent: 'create_table', data: JSON.stringify({ schema, name: table, columns }) };
}

export function createSchema(at: number, schema: string): PlannedLooseEvent {
  return { at, event: 'INFO', messageEvent: 'create_schema', data: JSON.stringify({ schema }) };
}

export function addColumn(at: number, table: string, columnName: string, dataType: string): PlannedLooseEvent {
  return { at, event: 'INFO', messageEvent: 'alter_table', data: JSON.stringify({ type: 'ADD_COLUMN', table, properties: { columnName, dataType } }) };
}

export function changeColumnType(at: number, table: string, columnName: string, dataType: string): PlannedLooseEvent {
  return { at, event: 'INFO', messageEvent: 'alter_table', data: JSON.stringify({ type: 'CHANGE_COLUMN_TYPE', table, properties: { columnName, dataType } }) };
}

export function setupError(at: number, type: string, message: string): PlannedLooseEvent {
  return { at, event: 'SEVERE', messageEvent: 'error', data: JSON.stringify({ type, message }) };
}

/** Rounded size as the dashboard shows it (`45 KB`). */
export function roundedSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}
