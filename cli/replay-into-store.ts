import type { EventPattern } from '../lambda/shared/event-pattern.ts';
import { formatTable } from './output/format-records.ts';
import type { InputEntry } from './pipelines/read-events.ts';
import { type ReplayLine, replay } from './pipelines/replay.ts';
import type { StoreConnection } from './store/open-store.ts';
import { futureToleranceMs, now, storeFor } from './store/with-store.ts';
import { type Io, printJsonLines } from './toolkit/io.ts';

export interface ReplayIntoStoreOptions {
  readonly json: boolean;
  readonly concurrency?: number;
  readonly stopOnError?: boolean;
  /** The rule's pattern the events are matched against. */
  readonly pattern: EventPattern;
}

/** A progress line on a terminal for a long run; never in a pipe or a log. */
const PROGRESS_FROM = 1_000;

const countOutcomes = (lines: readonly ReplayLine[], notRun: number): string => {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
  if (notRun > 0) counts.set('not run', notRun);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
};

/**
 * Replays events into an open store and prints one line per event (`--json`:
 * NDJSON), then a count per outcome. Shared by `replay` and `demo`. Returns
 * the exit code: 1 when an event failed or a line could not be read; a
 * rejected event is an outcome, not a failure.
 */
export const replayIntoStore = async (
  connection: StoreConnection,
  entries: readonly InputEntry[],
  options: ReplayIntoStoreOptions,
  io: Io,
): Promise<number> => {
  const { lines, notRun } = await replay(entries, {
    store: storeFor(connection),
    now,
    pattern: options.pattern,
    futureToleranceMs: futureToleranceMs(),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.stopOnError !== undefined && { stopOnError: options.stopOnError }),
    onProgress: (done, total) => {
      if (io.stderrIsTty && total > PROGRESS_FROM && (done % 100 === 0 || done === total)) {
        io.stderr(`\rreplayed ${done}/${total}${done === total ? '\n' : ''}`);
      }
    },
  });
  if (io.stderrIsTty && notRun > 0 && entries.length > PROGRESS_FROM) io.stderr('\n');
  if (options.json) {
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
    io.stdout(`\n${entries.length} events: ${countOutcomes(lines, notRun)}\n`);
  }
  const failed = lines.filter((line) => line.outcome === 'failed');
  if (notRun > 0) {
    io.stderr(
      `recipe-status: stopped after the failure at line ${failed[0]?.line} (--stop-on-error): ${notRun} events not run\n`,
    );
  }
  return failed.length > 0 || lines.some((line) => line.outcome === 'unreadable') ? 1 : 0;
};
