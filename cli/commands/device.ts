import { collectAll } from '../../lambda/store/queries.ts';
import { defineCommand } from '../command.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { formatStatusRecords } from '../format.ts';
import { printResult } from '../io.ts';
import { onePositional } from '../positionals.ts';
import { queriesFor, withStore } from '../with-store.ts';

export const deviceCommand = defineCommand({
  name: 'device',
  summary: 'all recipes of a device',
  usage: '<deviceIdentityHash>',
  options: { ...STORE_OPTIONS, ...JSON_OPTION },
  run: async ({ values, positionals }, io) => {
    const deviceIdentityHash = onePositional(positionals, 'the device identity hash');
    const records = await withStore(values, (connection) => {
      const queries = queriesFor(connection);
      return collectAll((cursor) =>
        queries.listDeviceRecipes(deviceIdentityHash, cursor === undefined ? {} : { cursor }),
      );
    });
    printResult(io, values.json, formatStatusRecords(records), records);
    return 0;
  },
});
