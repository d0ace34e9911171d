import { recipeStatusEventPattern } from '../infra/event-pattern.ts';
import { formatTable } from './format.ts';
import { type Io, printJsonLines } from './io.ts';
import type { InputEntry } from './read-events.ts';
import { replay } from './replay.ts';
import type { StoreConnection } from './store-connection.ts';
import { now, storeFor } from './with-store.ts';

/**
 * Replays events into an open store and prints one line per event (`--json`:
 * NDJSON), then a count per outcome. Shared by `replay` and `demo`.
 * Returns the exit code: a rejected event is an outcome; only input that
 * could not be read fails the command.
 */
export const replayIntoStore = async (
  connection: StoreConnection,
  entries: readonly InputEntry[],
  json: boolean,
  io: Io,
  /** Match only events from this account, as the deployed rule does; any account when absent. */
  account?: string,
): Promise<number> => {
  const lines = await replay(entries, {
    store: storeFor(connection),
    now,
    pattern: recipeStatusEventPattern(undefined, account),
    onProgress: (done, total) => {
      if (io.stderrIsTty && total > 1_000 && (done % 100 === 0 || done === total)) {
        io.stderr(`\rreplayed ${done}/${total}${done === total ? '\n' : ''}`);
      }
    },
  });
  if (json) {
    printJsonLines(io, lines);
  } else {
    io.stdout(
      `${formatTable(
        ['LINE', 'OUTCOME', 'EVENT ID', 'RECIPE', 'REASONS'],
        lines.map((line) => [
          String(line.line),
          line.outcome,
          line.eventId ?? '-',
          line.recipeUid ?? '-',
          (line.reasons ?? []).join('; '),
        ]),
      )}\n`,
    );
    const counts = new Map<string, number>();
    for (const line of lines) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
    io.stdout(
      `\n${lines.length} events: ${[...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ')}\n`,
    );
  }
  return lines.some((line) => line.outcome === 'unreadable') ? 1 : 0;
};
