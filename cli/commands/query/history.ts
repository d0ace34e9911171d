import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatStatusRecords } from '../../output/format-records.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

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
