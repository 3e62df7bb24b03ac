import { renderStatus } from '../../views/text';
import { statusJson } from '../../views/json/assessmentJson';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { nowOf } from '../options';

export const status: WarehouseCommand = {
  kind: 'warehouse',
  name: 'status',
  usage: '[connection]',
  summary: "every connection's health, or one connection in detail",
  minArgs: 0,
  maxArgs: 1,
  async run(context, [connection], options, io) {
    const { assessment, connectionId } = narrowed(await judged(context, options), connection);
    print(io, options.json, statusJson(assessment), () => renderStatus(assessment, { now: nowOf(options), color: options.color, ...(connectionId ? { connectionId } : {}) }));
    return 0;
  },
};
