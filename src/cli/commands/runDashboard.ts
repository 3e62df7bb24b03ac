import type { WarehouseCommand } from '../command';

export const runDashboard: WarehouseCommand = {
  kind: 'warehouse',
  name: 'run-dashboard',
  usage: '',
  summary: 'post the morning dashboard once, then exit',
  minArgs: 0,
  maxArgs: 0,
  // Slack's Web API client is loaded only for the runs that post.
  run: async (context, _args, options, io) => (await import('../scheduledJob')).runScheduledJob('dashboard', context, options, io),
};
