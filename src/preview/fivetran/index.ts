export { startFivetranStandIn, FivetranStandInOptionsError, systemStandInClock, type FivetranStandIn } from './server';
export { standInConnectionsFromWarehouse, type WarehouseConnectionRow } from './demoConnections';
export { signFivetranPayload } from './signing';
export { WEBHOOK_EVENTS, DEFAULT_RETRY_DELAYS_MS } from './webhooks';
export type * from './types';
