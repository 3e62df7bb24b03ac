/**
 * Which naming a Platform Connector schema holds. Connections created before the Q1 2025 rename
 * may still have CONNECTOR / connector_id; INCREMENTAL_MAR has had three name columns.
 * Detected once at start-up from INFORMATION_SCHEMA.COLUMNS; queries are built from it.
 */
export interface SchemaNaming {
  /** The schema as configured (FIVETRAN_LOG or DB.FIVETRAN_LOG), safe to interpolate. */
  schema: string;
  /** CONNECTION (current) or CONNECTOR (legacy). */
  connectionTable: 'CONNECTION' | 'CONNECTOR';
  /** connection_id / connector_id in that table. */
  connectionIdColumn: 'connection_id' | 'connector_id';
  /** connection_name / connector_name in that table. */
  connectionNameColumn: 'connection_name' | 'connector_name';
  /** connector_type_id, or legacy connector_type. */
  connectorTypeColumn: 'connector_type_id' | 'connector_type';
  /** LOG's id columns present; both may exist and are coalesced (connection_id first). */
  logIdColumns: Array<'connection_id' | 'connector_id'>;
  /** INCREMENTAL_MAR's name column; null when the table is absent (MAR then reads as 0). */
  marNameColumn: 'connection_name' | 'connector_name' | 'connector_id' | null;
  /** Optional tables: their absence degrades a view, never fails a cycle. */
  hasConnectorTypeTable: boolean;
  hasDestinationTable: boolean;
  /** CONNECTION has _fivetran_deleted. */
  hasDeletedColumn: boolean;
}
