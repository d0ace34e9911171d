import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { recipeStatusEventPattern } from '../../infra/event-pattern.ts';
import { stringAt } from '../../lambda/shared/value-path.ts';
import { defineCommand } from '../command.ts';
import { STORE_OPTIONS } from '../common-options.ts';
import { formatStatusRecords } from '../format.ts';
import { EXAMPLES } from '../paths.ts';
import { noPositionals } from '../positionals.ts';
import { readEvents } from '../read-events.ts';
import { replayIntoStore } from '../replay-into-store.ts';
import { queriesFor, withStore } from '../with-store.ts';
import { printChanges } from './changes.ts';

/** `npm start`: the example day in, every recipe's status out. */
export const demoCommand = defineCommand({
  name: 'demo',
  summary:
    "replay examples/events.ndjson into the local store and show every recipe's status (what npm start runs)",
  usage: '',
  options: STORE_OPTIONS,
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const entries = readEvents(readFileSync(EXAMPLES, 'utf8'));
    const recipeUids = [
      ...new Set(
        entries.flatMap((entry) => {
          const uid = 'error' in entry ? undefined : stringAt(entry.event, 'detail', 'payload', 'uid');
          return uid === undefined || uid === '' ? [] : [uid];
        }),
      ),
    ];
    return withStore(
      values,
      async (connection) => {
        io.stdout(`Replaying ${relative(process.cwd(), EXAMPLES)}\n\n`);
        const since = new Date().toISOString();
        const code = await replayIntoStore(
          connection,
          entries,
          { json: false, pattern: recipeStatusEventPattern() },
          io,
        );
        const queries = queriesFor(connection);
        const found = await Promise.all(
          recipeUids.map((uid) => queries.getRecipe(uid, { consistentRead: true })),
        );
        const records = found.filter((record) => record !== undefined);
        io.stdout(`\nCurrent status of every recipe:\n\n${formatStatusRecords(records)}\n`);
        io.stdout('\nChange events the component publishes for this replay (recipe-status changes):\n\n');
        const options = { since, json: false, mayEnableStream: true };
        if ((await printChanges(connection, options, io)) === 0) io.stdout('(none: no status changed)\n');
        io.stdout(
          '\nRun it again and the valid events come back as duplicates. Ask the store yourself:\n' +
            '  npx recipe-status org org-acme --status Failed\n' +
            '  npx recipe-status history rcp-player-store-17\n' +
            '  npx recipe-status rejected\n' +
            '  npx recipe-status changes --json\n',
        );
        return code;
      },
      { access: 'create', announce: { io } },
    );
  },
});
