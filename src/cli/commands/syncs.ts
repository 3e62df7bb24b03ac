import { syncsJson } from '../../views/json/assessmentJson';
import { renderSyncs } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { readTimedSyncs } from '../../fivetran/analysis/dailySeries';
import { seriesPeriod, syncDurationSeries } from '../../views/series';
import { nowOf, textOptions } from '../options';

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
    // One connection's durations over the period, the series Slack charts; read only when one is named.
    const durations = connectionId
      ? syncDurationSeries(await readTimedSyncs(context.monitor.warehouse, context.monitor.naming, connectionId, seriesPeriod(nowOf(options))))
      : undefined;
    const json = durations ? { ...syncsJson(assessment), durations } : syncsJson(assessment);
    print(io, options, json, () => renderSyncs(assessment, { ...textOptions(options, context.config), ...(connectionId ? { connectionId, durations } : {}) }));
    return 0;
  },
};
