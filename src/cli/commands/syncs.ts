import { syncsJson } from '../../views/json/assessmentJson';
import { renderSyncs } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { textOptions } from '../options';

export const syncs: WarehouseCommand = {
  kind: 'warehouse',
  name: 'syncs',
  usage: '[connection]',
  summary: 'recent syncs, durations, syncs running now',
  minArgs: 0,
  maxArgs: 1,
  takes: ['tenant'],
  async run(context, [connection], options, io) {
    const { assessment, connectionId } = narrowed(await judged(context, options), connection);
    print(io, options, syncsJson(assessment), () => renderSyncs(assessment, { ...textOptions(options, context.config), ...(connectionId ? { connectionId } : {}) }));
    return 0;
  },
};
