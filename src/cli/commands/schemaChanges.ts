import { schemaChangesJson } from '../../views/json/assessmentJson';
import { renderSchemaChanges } from '../../views/text';
import type { WarehouseCommand } from '../command';
import { print } from '../io';
import { judged } from '../lookups';
import { textOptions } from '../options';

export const schemaChanges: WarehouseCommand = {
  kind: 'warehouse',
  name: 'schema-changes',
  usage: '',
  summary: 'schema changes of the last 30 days',
  minArgs: 0,
  maxArgs: 0,
  takes: ['tenant'],
  async run(context, _args, options, io) {
    const assessment = await judged(context, options);
    print(io, options, schemaChangesJson(assessment), () => renderSchemaChanges(assessment, textOptions(options, context.config)));
    return 0;
  },
};
