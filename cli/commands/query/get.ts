import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatRecord } from '../../output/format-records.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError, NOT_FOUND_EXIT_CODE } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

export const getCommand = defineCommand({
  name: 'get',
  summary: 'current status of a recipe',
  usage: '<recipeUid>',
  options: { ...STORE_OPTIONS, ...JSON_OPTION },
  run: async ({ values, positionals }, io) => {
    const recipeUid = onePositional(positionals, 'the recipe uid');
    const record = await withStore(values, (connection) =>
      queriesFor(connection).getRecipe(recipeUid, { consistentRead: true }),
    );
    if (record === undefined) throw new CliError(`recipe ${recipeUid} not found`, NOT_FOUND_EXIT_CODE);
    printResult(io, values.json, formatRecord(record), record);
    return 0;
  },
});
