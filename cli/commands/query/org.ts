import { RecipeStatusSchema } from '../../../lambda/contract/event-schema.ts';
import { collectAll } from '../../../lambda/store/queries/queries.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatStatusRecords } from '../../output/format-records.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

export const orgCommand = defineCommand({
  name: 'org',
  summary: 'recipes of an organization, newest first',
  usage: '<organizationUid>',
  options: {
    // The statuses are the contract's: a status added there is accepted here.
    status: {
      type: 'string',
      choices: RecipeStatusSchema.options,
      description: 'only recipes in this status',
    },
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    const organizationUid = onePositional(positionals, 'the organization uid');
    const { status } = values;
    const records = await withStore(values, (connection) => {
      const queries = queriesFor(connection);
      return collectAll((cursor) =>
        queries.listOrganizationRecipes(organizationUid, {
          ...(cursor !== undefined && { cursor }),
          ...(status !== undefined && { status }),
        }),
      );
    });
    printResult(io, values.json, formatStatusRecords(records), records);
    return 0;
  },
});
