/** The terminal reports of the CLI: pure functions from judgments and reads to text. */
export { renderAlerts } from './alerts';
export { renderAnalysis } from './analysis';
export { renderApiCalls } from './apiCalls';
export { renderCheck } from './check';
export { connectionNotFound } from './connections';
export { renderErrors, type ErrorsOptions } from './errors';
export { formatRelative, type TextOptions } from './format';
export { renderMar } from './mar';
export { renderSchemaChanges } from './schemaChanges';
export { renderStatus, type StatusOptions } from './status';
export { renderSyncs, type SyncsOptions } from './syncs';
export { renderTenant } from './tenant';
