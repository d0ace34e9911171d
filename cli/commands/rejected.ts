import { collectAll } from '../../lambda/store/queries.ts';
import { defineCommand } from '../command.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { formatRejected } from '../format.ts';
import { printResult } from '../io.ts';
import { noPositionals } from '../positionals.ts';
import { queriesFor, withStore } from '../with-store.ts';

export const rejectedCommand = defineCommand({
  name: 'rejected',
  summary: 'rejected events, newest first',
  usage: '',
  options: { ...STORE_OPTIONS, ...JSON_OPTION },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const records = await withStore(values, (connection) => {
      const queries = queriesFor(connection);
      return collectAll((cursor) => queries.listRejected(cursor === undefined ? {} : { cursor }));
    });
    printResult(io, values.json, formatRejected(records), records);
    return 0;
  },
});
