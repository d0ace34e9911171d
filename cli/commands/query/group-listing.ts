import { type RecipeStatus, RecipeStatusSchema } from '../../../lambda/contract/event-schema.ts';
import type { StatusRecord } from '../../../lambda/records/records.ts';
import { collectAll, type Page, type RecipeStatusQueries } from '../../../lambda/store/queries/queries.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatStatusRecords } from '../../output/format-records.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

// A command listing a group's recipes (an organization's, a company's), newest first, optionally in one status.

export interface GroupListing {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** How the positional is named in an error: "the organization uid". */
  readonly uidName: string;
  readonly list: (
    queries: RecipeStatusQueries,
    uid: string,
    query: { status?: RecipeStatus; cursor?: string },
  ) => Promise<Page<StatusRecord>>;
}

export const groupListingCommand = (listing: GroupListing) =>
  defineCommand({
    name: listing.name,
    summary: listing.summary,
    usage: listing.usage,
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
      const uid = onePositional(positionals, listing.uidName);
      const { status } = values;
      const records = await withStore(values, (connection) => {
        const queries = queriesFor(connection);
        return collectAll((cursor) =>
          listing.list(queries, uid, {
            ...(status !== undefined && { status }),
            ...(cursor !== undefined && { cursor }),
          }),
        );
      });
      printResult(io, values.json, formatStatusRecords(records), records);
      return 0;
    },
  });
