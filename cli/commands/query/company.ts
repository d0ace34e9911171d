import { RecipeStatusSchema } from '../../../lambda/contract/event-schema.ts';
import { collectAll } from '../../../lambda/store/queries/queries.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatStatusRecords } from '../../output/format-records.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

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
