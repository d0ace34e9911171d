import { defineCommand } from '../command.ts';
import { ACCOUNT_OPTION, JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { readInput } from '../io.ts';
import { onePositional } from '../positionals.ts';
import { readEvents } from '../read-events.ts';
import { replayIntoStore } from '../replay-into-store.ts';
import { withStore } from '../with-store.ts';

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'run EventBridge events through the rule and the handler',
  usage: '<file|->',
  options: { ...ACCOUNT_OPTION, ...STORE_OPTIONS, ...JSON_OPTION },
  run: async ({ values, positionals }, io) => {
    const source = onePositional(positionals, 'the events file (or - for stdin)');
    const entries = readEvents(readInput(source, io));
    return withStore(
      values,
      (connection) => replayIntoStore(connection, entries, values.json, io, values.account),
      'write',
    );
  },
});
