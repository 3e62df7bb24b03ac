import { FivetranApiClient } from '../../src/live/fivetranApiClient';
import { createLogger } from '../../src/log/logger';
import { standInConnectionsFromWarehouse, startFivetranStandIn, type FivetranStandIn } from '../../src/preview/fivetran';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import { makeDemoFile } from '../support/demoFile';

interface ConnectionRow extends Record<string, string | number | boolean | null> {
  connection_id: string;
  connection_name: string;
  connector_type_id: string;
  destination_id: string;
  paused: boolean | null;
  sync_frequency: number | null;
  deleted: boolean | null;
}

let standIn: FivetranStandIn | null = null;
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

it("seeds the stand-in from the demo warehouse's CONNECTION table, so the live view names the same connections", async () => {
  const demo = await makeDemoFile({ days: 7 });
  const warehouse = createDuckDbWarehouse({ path: demo.path, queryTimeoutSeconds: 60, logger: createLogger({ level: 'silent', format: 'json' }) });
  let rows: ConnectionRow[];
  try {
    rows = await warehouse.query<ConnectionRow>(
      'SELECT connection_id, connection_name, connector_type_id, destination_id, paused, sync_frequency, _fivetran_deleted AS deleted FROM FIVETRAN_LOG.CONNECTION ORDER BY connection_id',
    );
  } finally {
    await warehouse.close();
    demo.remove();
  }
  expect(rows.length).toBeGreaterThan(20);
  standIn = await startFivetranStandIn({
    apiKey: 'k',
    apiSecret: 's',
    connections: standInConnectionsFromWarehouse(
      rows.map((row) => ({
        connectionId: row.connection_id, connectionName: row.connection_name, connectorTypeId: row.connector_type_id, destinationId: row.destination_id,
        paused: row.paused, syncFrequency: row.sync_frequency, deleted: row.deleted,
      })),
    ),
  });
  const live = await new FivetranApiClient({ apiUrl: standIn.url, apiKey: 'k', apiSecret: 's', budgetShare: 0.5 }).listConnections();
  const kept = rows.filter((row) => row.deleted !== true);
  expect(live.map((c) => [c.connectionId, c.schema, c.service, c.groupId, c.paused, c.syncFrequencyMinutes])).toEqual(
    kept.map((row) => [row.connection_id, row.connection_name, row.connector_type_id, row.destination_id, row.paused === true, row.sync_frequency ?? 360]),
  );
});
