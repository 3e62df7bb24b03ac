export { DEMO_SCENARIOS, DEMO_PLATFORM_SYNC_FREQUENCY, type DemoScenario } from './scenarios';
export {
  generateDemoData,
  resolveDemoOptions,
  DemoOptionsError,
  DEMO_DEFAULTS,
  DEMO_LIMITS,
  type DemoDataOptions,
  type DemoDataSummary,
  type ResolvedDemoOptions,
} from './generateDemoData';
export { writeDemoDatabase, DemoFileExistsError, type PublishOptions } from './writeDemoDatabase';
export { DEMO_SCHEMA, DEMO_TENANTS_SCHEMA, DEMO_TENANTS_TABLE, type DemoNaming } from './demoSchema';
