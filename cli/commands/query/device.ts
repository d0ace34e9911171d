import { collectAll } from '../../../lambda/store/queries/queries.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatStatusRecords } from '../../output/format-records.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

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
