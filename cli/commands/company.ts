import { RecipeStatusSchema } from '../../lambda/shared/event-schema.ts';
import { collectAll } from '../../lambda/store/queries.ts';
import { defineCommand } from '../command.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { formatStatusRecords } from '../format.ts';
import { printResult } from '../io.ts';
import { onePositional } from '../positionals.ts';
import { queriesFor, withStore } from '../with-store.ts';

export const companyCommand = defineCommand({
  name: 'company',
  summary: 'recipes of every organization of a parent company, newest first',
  usage: '<parentCompanyUid>',
  options: {
    status: {
      type: 'string',
      choices: RecipeStatusSchema.options,
      description: 'only recipes in this status',
    },
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    const parentCompanyUid = onePositional(positionals, 'the parent company uid');
    const { status } = values;
    const records = await withStore(values, (connection) =>
      collectAll((cursor) =>
        queriesFor(connection).listCompanyRecipes(parentCompanyUid, {
          ...(status !== undefined && { status }),
          ...(cursor !== undefined && { cursor }),
        }),
      ),
    );
    printResult(io, values.json, formatStatusRecords(records), records);
    return 0;
  },
});
