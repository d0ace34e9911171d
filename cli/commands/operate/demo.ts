import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { stringAt } from '../../../lambda/contract/value-path.ts';
import { STORE_OPTIONS } from '../../options/common-options.ts';
import { formatStatusRecords } from '../../output/format-records.ts';
import { printReplay, replayProgress } from '../../output/replay-report.ts';
import { EXAMPLES } from '../../paths.ts';
import { readEvents } from '../../pipelines/read-events.ts';
import { replay, replayExitCode } from '../../pipelines/replay.ts';
import { queriesFor } from '../../store/open-store.ts';
import { handlerFor } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { noPositionals } from '../../toolkit/positionals.ts';
import { printChanges } from '../query/changes.ts';

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
        const report = await replay(entries, {
          pattern: recipeStatusEventPattern(),
          handle: handlerFor(connection),
          onProgress: replayProgress(io),
        });
        printReplay(report, entries.length, { json: false, io });
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
        return replayExitCode(report);
      },
      { access: 'create', announce: { io } },
    );
  },
});
