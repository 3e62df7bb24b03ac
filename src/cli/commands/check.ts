import { checkJson } from '../../views/json/assessmentJson';
import { renderCheck } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { nowOf } from '../options';

export const check: WarehouseCommand = {
  kind: 'warehouse',
  name: 'check',
  usage: '',
  summary: "the monitoring data's own health and freshness, and the Quickstart model",
  minArgs: 0,
  maxArgs: 0,
  async run(context, _args, options, io) {
    const report = await context.monitor.check(options.at);
    print(io, options.json, checkJson(report), () => renderCheck(report, { now: nowOf(options) }));
    return 0;
  },
};
