import type { WarehouseCommand } from '../command';
import { runScheduledJob } from '../scheduledJob';

export const runAlerts: WarehouseCommand = {
  kind: 'warehouse',
  name: 'run-alerts',
  usage: '',
  summary: 'run the alert cycle once, then exit',
  minArgs: 0,
  maxArgs: 0,
  run: (context, _args, options, io) => runScheduledJob('alerts', context, options, io),
};
