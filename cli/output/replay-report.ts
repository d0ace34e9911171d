import type { ReplayLine, ReplayReport } from '../pipelines/replay.ts';
import { formatTable } from '../toolkit/format-table.ts';
import { type Io, printJsonLines } from '../toolkit/io.ts';

// What `replay` and `demo` print of a replay: one line per event, then a count per outcome.

/** A progress line on a terminal for a long run; never in a pipe or a log. */
const PROGRESS_FROM = 1_000;

/** The progress callback of a replay of `total` events. */
export const replayProgress =
  (io: Io) =>
  (done: number, total: number): void => {
    if (io.stderrIsTty && total > PROGRESS_FROM && (done % 100 === 0 || done === total))
      io.stderr(`\rreplayed ${done}/${total}${done === total ? '\n' : ''}`);
  };

const countOutcomes = (lines: readonly ReplayLine[], notRun: number): string => {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
  if (notRun > 0) counts.set('not run', notRun);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
};

/** Prints the report of a replay of `total` events (`json`: NDJSON, one line per event), and where a run stopped early resumes. */
export const printReplay = (
  report: ReplayReport,
  total: number,
  {
    json,
    io,
    stoppedBy,
  }: { readonly json: boolean; readonly io: Io; readonly stoppedBy?: string | undefined },
): void => {
  const { lines, notRun } = report;
  if (io.stderrIsTty && notRun > 0 && total > PROGRESS_FROM) io.stderr('\n');
  if (json) printJsonLines(io, lines);
  else {
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
    io.stdout(`\n${total} events: ${countOutcomes(lines, notRun)}\n`);
  }
  if (notRun === 0) return;
  const failed = lines.find((line) => line.outcome === 'failed');
  const why =
    stoppedBy !== undefined
      ? `interrupted (${stoppedBy})`
      : `stopped after the failure at line ${failed?.line} (--stop-on-error)`;
  io.stderr(`recipe-status: ${why}: ${notRun} events not run; resume from line ${report.resumeLine}\n`);
};
