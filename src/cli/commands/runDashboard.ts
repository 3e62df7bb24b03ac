import type { WarehouseCommand } from '../command';
import { runScheduledJob } from '../scheduledJob';

export const runDashboard: WarehouseCommand = {
  kind: 'warehouse',
  name: 'run-dashboard',
  usage: '',
  summary: 'post the morning dashboard once, then exit',
  minArgs: 0,
  maxArgs: 0,
  run: (context, _args, options, io) => runScheduledJob('dashboard', context, options, io),
};
