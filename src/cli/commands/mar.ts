import { marJson } from '../../views/json/assessmentJson';
import { renderMar } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged } from '../lookups';
import { textOptions } from '../options';

export const mar: WarehouseCommand = {
  kind: 'warehouse',
  name: 'mar',
  usage: '',
  summary: 'monthly active rows this month, by tenant and connection',
  minArgs: 0,
  maxArgs: 0,
  takes: ['tenant'],
  async run(context, _args, options, io) {
    const assessment = await judged(context, options);
    print(io, options, marJson(assessment), () => renderMar(assessment, textOptions(options, context.config)));
    return 0;
  },
};
