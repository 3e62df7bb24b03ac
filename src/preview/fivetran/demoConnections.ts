import type { StandInConnectionInput } from './types';

/**
 * A row of the Platform Connector's CONNECTION table (either naming), as the preview reads it from
 * the demo warehouse, with what the warehouse last saw of its syncs when the caller knows it.
 */
export interface WarehouseConnectionRow {
  /** connection_id (connector_id in the legacy naming): the id Fivetran's API uses too. */
  connectionId: string;
  /** connection_name (connector_name): the destination schema, the API's `schema`. */
  connectionName: string;
  /** connector_type_id (connector_type): the API's `service`. */
  connectorTypeId: string;
  /** destination_id: the API's `group_id`. */
  destinationId: string;
  paused: boolean | null;
  /** Minutes. */
  syncFrequency: number | null;
  signedUp?: string | Date | null;
  deleted?: boolean | null;
  lastSuccessAt?: string | Date | null;
  lastFailureAt?: string | Date | null;
  /** Fivetran's setup state when the caller knows it (a never-synced connection is `incomplete`); connected unless given. */
  setupState?: 'incomplete' | 'connected' | 'broken';
}

const iso = (value: string | Date | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const date = typeof value === 'string' ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`) : value;
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/**
 * The stand-in's connections for the demo warehouse's: the same ids, schema names, services and
 * destinations, so what the live view says lines up with the warehouse's rows connection for
 * connection. Deleted connections are left out, as Fivetran's API does.
 */
export function standInConnectionsFromWarehouse(rows: readonly WarehouseConnectionRow[]): StandInConnectionInput[] {
  return rows
    .filter((row) => row.deleted !== true)
    .map((row) => {
      const succeededAt = iso(row.lastSuccessAt);
      const failedAt = iso(row.lastFailureAt);
      const paused = row.paused === true;
      const connection: StandInConnectionInput = {
        id: row.connectionId,
        groupId: row.destinationId,
        service: row.connectorTypeId,
        schema: row.connectionName,
        paused,
        succeededAt,
        failedAt,
        syncFrequency: row.syncFrequency ?? 360,
        setupState: row.setupState ?? 'connected',
      };
      const createdAt = iso(row.signedUp);
      if (createdAt) connection.createdAt = createdAt;
      return connection;
    });
}
