import { readApiCalls } from '../../fivetran/analysis/readApiCalls';
import { renderApiCalls } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { periodOf, textOptions } from '../options';

export const apiCalls: WarehouseCommand = {
  kind: 'warehouse',
  name: 'api-calls',
  usage: '[connection] [--days N]',
  summary: 'API calls and extract queries per day',
  minArgs: 0,
  maxArgs: 1,
  takes: ['days'],
  async run(context, [connection], options, io) {
    const { monitor } = context;
    // An unknown connection is refused with its own code (PULSE_INPUT_UNKNOWN_CONNECTION) and answered like bad input.
    const report = await readApiCalls(monitor.warehouse, monitor.naming, { ...periodOf(options, 14), ...(connection ? { connectionId: connection } : {}) });
    print(io, options, report, () => renderApiCalls(report, textOptions(options, context.config)));
    return 0;
  },
};
