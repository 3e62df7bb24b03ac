import { syncsJson } from '../../views/json/assessmentJson';
import { renderSyncs } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { nowOf } from '../options';

export const syncs: WarehouseCommand = {
  kind: 'warehouse',
  name: 'syncs',
  usage: '[connection]',
  summary: 'recent syncs, durations, syncs running now',
  minArgs: 0,
  maxArgs: 1,
  async run(context, [connection], options, io) {
    const { assessment, connectionId } = narrowed(await judged(context, options), connection);
    print(io, options.json, syncsJson(assessment), () => renderSyncs(assessment, { now: nowOf(options), color: options.color, ...(connectionId ? { connectionId } : {}) }));
    return 0;
  },
};
