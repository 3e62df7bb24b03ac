import { errorsJson } from '../../views/json/assessmentJson';
import { renderErrors } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { nowOf } from '../options';

export const errors: WarehouseCommand = {
  kind: 'warehouse',
  name: 'errors',
  usage: '[connection]',
  summary: 'recent errors and warnings',
  minArgs: 0,
  maxArgs: 1,
  async run(context, [connection], options, io) {
    const { assessment, connectionId } = narrowed(await judged(context, options), connection);
    print(io, options.json, errorsJson(assessment), () => renderErrors(assessment, { now: nowOf(options), color: options.color, ...(connectionId ? { connectionId } : {}) }));
    return 0;
  },
};
