import { usageLine, type StandaloneCommand } from '../command';

export const demoData: StandaloneCommand = {
  kind: 'standalone',
  name: 'demo-data',
  usage: '--out FILE [options]',
  summary: 'write a demo Platform Connector database (see demo-data --help)',
  // It makes a warehouse rather than reading one: it needs no configuration. The generator (and
  // DuckDB with it) is loaded only when this command runs, so no other command pays for it.
  run: async (argv, io) => (await import('./demoDataRun')).runDemoData(argv, io, usageLine(demoData)),
};
