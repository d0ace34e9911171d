import { CliError, NOT_FOUND_EXIT_CODE } from '../cli-error.ts';
import { defineCommand } from '../command.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { formatRecord } from '../format.ts';
import { printResult } from '../io.ts';
import { onePositional } from '../positionals.ts';
import { queriesFor, withStore } from '../with-store.ts';

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
