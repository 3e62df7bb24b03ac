import { renderStatus } from '../../views/text';
import { statusJson } from '../../views/json/assessmentJson';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { textOptions } from '../options';

export const status: WarehouseCommand = {
  kind: 'warehouse',
  name: 'status',
  usage: '[connection]',
  summary: "every connection's health, or one connection in detail",
  minArgs: 0,
  maxArgs: 1,
  takes: ['tenant'],
  async run(context, [connection], options, io) {
    const { assessment, connectionId } = narrowed(await judged(context, options), connection);
    print(io, options, statusJson(assessment), () => renderStatus(assessment, { ...textOptions(options, context.config), ...(connectionId ? { connectionId } : {}) }));
    return 0;
  },
};
