import { errorsJson } from '../../views/json/assessmentJson';
import { renderErrors } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged, narrowed } from '../lookups';
import { textOptions } from '../options';

export const errors: WarehouseCommand = {
  kind: 'warehouse',
  name: 'errors',
  usage: '[connection]',
  summary: 'recent errors and warnings',
  minArgs: 0,
  maxArgs: 1,
  takes: ['tenant'],
  async run(context, [connection], options, io) {
    const { assessment, connectionId } = narrowed(await judged(context, options), connection);
    print(io, options, errorsJson(assessment), () => renderErrors(assessment, { ...textOptions(options, context.config), ...(connectionId ? { connectionId } : {}) }));
    return 0;
  },
};
