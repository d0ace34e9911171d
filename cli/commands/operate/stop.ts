import { stopLocalStore } from '../../local-store/local-store.ts';
import { DATA_DIR_OPTION } from '../../options/common-options.ts';
import { defaultDataDir } from '../../store/open-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { displayText } from '../../toolkit/display.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

/** The local store stops by itself once idle (local-store.ts); this stops it now. */
export const stopCommand = defineCommand({
  name: 'stop',
  summary: "stop the local store's DynamoDB Local now, unless a command uses it (it also stops when idle)",
  usage: '',
  options: DATA_DIR_OPTION,
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const result = await stopLocalStore(dataDir);
    io.stdout(
      `${displayText(
        result.stopped
          ? `stopped the local store in ${dataDir} (DynamoDB Local at ${result.endpoint})`
          : `no local store is running for ${dataDir}`,
      )}\n`,
    );
    return 0;
  },
});
