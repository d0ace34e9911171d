import { defineCommand } from '../command.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { formatStatusRecords } from '../format.ts';
import { printResult } from '../io.ts';
import { onePositional } from '../positionals.ts';
import { queriesFor, withStore } from '../with-store.ts';

export const historyCommand = defineCommand({
  name: 'history',
  summary: 'every accepted event of a recipe, in order',
  usage: '<recipeUid>',
  options: { ...STORE_OPTIONS, ...JSON_OPTION },
  run: async ({ values, positionals }, io) => {
    const recipeUid = onePositional(positionals, 'the recipe uid');
    const records = await withStore(values, (connection) =>
      queriesFor(connection).getRecipeHistory(recipeUid),
    );
    printResult(io, values.json, formatStatusRecords(records), records);
    return 0;
  },
});
