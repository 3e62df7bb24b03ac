import type { WarehouseCommand } from '../command';

export const runAlerts: WarehouseCommand = {
  kind: 'warehouse',
  name: 'run-alerts',
  usage: '',
  summary: 'run the alert cycle once, then exit',
  minArgs: 0,
  maxArgs: 0,
  // Slack's Web API client is loaded only for the runs that post.
  run: async (context, _args, options, io) => (await import('../scheduledJob')).runScheduledJob('alerts', context, options, io),
};
