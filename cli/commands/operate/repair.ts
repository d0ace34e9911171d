import { InvalidCursorError } from '../../../lambda/store/queries/cursor.ts';
import { type RepairReport, type RepairTarget, repairRecipe } from '../../../lambda/store/repair/repair.ts';
import {
  emptyCounts,
  type RepairAllSummary,
  type RepairCounts,
  readRepairCursor,
  repairAll,
} from '../../../lambda/store/repair/repair-all.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { futureToleranceMs } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError, NOT_FOUND_EXIT_CODE, SEE_USAGE } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { formatTable } from '../../toolkit/format-table.ts';
import { catchInterruption, SIGNAL_EXIT_CODES } from '../../toolkit/interruption.ts';
import { type Io, printJsonLines } from '../../toolkit/io.ts';

const summary = (report: RepairReport, side: 'before' | 'after'): string => {
  const event = report[side];
  return event === undefined ? '-' : `${event.status} ${event.eventId} (${event.occurredAt})`;
};

const printReports = (reports: readonly RepairReport[], io: Io): void => {
  io.stdout(
    `${formatTable(
      ['RECIPE', 'RESULT', 'BEFORE', 'AFTER', 'HISTORY REWRITTEN', 'REASON'],
      reports.map((report) => [
        report.recipeUid,
        report.result,
        summary(report, 'before'),
        summary(report, 'after'),
        String(report.history.length),
        report.reason ?? '',
      ]),
    )}\n`,
  );
};

/** What the walk did and where it ends: done, or the cursor to resume from, on a terminal or not. */
const printSummary = (result: RepairAllSummary, end: string | undefined, io: Io): void => {
  const { recipes, ...byResult } = result.counts;
  const counted = Object.entries(byResult)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${name}`);
  io.stdout(`\n${recipes} recipes: ${counted.join(', ') || 'none'}\n`);
  if (result.nextCursor !== undefined)
    io.stdout(`${end === undefined ? '' : `${end}: `}resume with --cursor ${result.nextCursor}\n`);
  else if (end !== undefined)
    io.stdout(`${end} on its first page: resume by running it again without --cursor\n`);
  else io.stdout('every recipe visited\n');
};

/** What the operator can act on: a conflict, a refusal or an unreadable item needs another look. */
const exitCode = (reports: readonly RepairReport[]): number =>
  reports.some((report) => ['conflict', 'refused', 'unreadable'].includes(report.result)) ? 1 : 0;

interface WalkOptions {
  readonly dryRun: boolean;
  readonly cursor: string | undefined;
  readonly rate: number | undefined;
  readonly json: boolean;
}

/** `repair --all`: reports what it did and where to resume when it ends, fails or is interrupted. */
const walkAll = async (target: RepairTarget, options: WalkOptions, io: Io): Promise<number> => {
  const interruption = catchInterruption();
  const changed: RepairReport[] = [];
  let progress: { counts: RepairCounts; resumeCursor: string | undefined } | undefined;
  const print = (result: RepairAllSummary, end: string | undefined) => {
    if (io.stderrIsTty) io.stderr('\n');
    if (options.json) printJsonLines(io, [{ ...result, ...(end !== undefined && { ended: end }) }]);
    else {
      if (result.changed.length > 0) printReports(result.changed, io);
      printSummary(result, end, io);
    }
  };
  try {
    const result = await repairAll(target, {
      dryRun: options.dryRun,
      ...(options.cursor !== undefined && { cursor: options.cursor }),
      ...(options.rate !== undefined && { recipesPerSecond: options.rate }),
      signal: interruption.signal,
      onProgress: ({ counts, last, resumeCursor }) => {
        progress = { counts, resumeCursor };
        if (last.result !== 'unchanged') changed.push(last);
        if (io.stderrIsTty)
          io.stderr(`\rrepair: ${counts.recipes} recipes${resumeCursor ? ` (resume: ${resumeCursor})` : ''}`);
      },
    });
    const stoppedBy = interruption.stoppedBy();
    print(result, stoppedBy === undefined ? undefined : `interrupted (${stoppedBy})`);
    return stoppedBy === undefined ? exitCode(result.changed) : SIGNAL_EXIT_CODES[stoppedBy];
  } catch (error) {
    const cursor = progress?.resumeCursor ?? options.cursor;
    const counts = progress?.counts ?? emptyCounts();
    print({ counts, changed, ...(cursor !== undefined && { nextCursor: cursor }) }, 'failed');
    throw error;
  } finally {
    interruption.release();
  }
};

const MIN_RATE = 0.01;
const MAX_RATE = 1_000;

/** Recipes a second: bounded so that the wait between two recipes is a timer Node.js can set. */
const rateOf = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const rate = Number(text);
  if (!(text.trim() !== '' && rate >= MIN_RATE && rate <= MAX_RATE))
    throw new CliError(
      `--rate must be a number of recipes a second from ${MIN_RATE} to ${MAX_RATE}, got "${text}"`,
    );
  return rate;
};

const checkCursor = (cursor: string): void => {
  try {
    readRepairCursor(cursor);
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    throw new CliError(
      `--cursor must be one a repair --all run printed ("resume with --cursor …"), got "${cursor}"`,
    );
  }
};

export const repairCommand = defineCommand({
  name: 'repair',
  summary: "recompute a recipe's current record from its history under the current ordering rule",
  usage: '<recipeUid> | --all',
  options: {
    ...STORE_OPTIONS,
    ...JSON_OPTION,
    'dry-run': { type: 'boolean', description: 'report what would change, write nothing' },
    all: { type: 'boolean', description: 'every recipe: a paginated, rate-limited Scan' },
    cursor: { type: 'string', value: 'cursor', description: 'with --all: resume where a run stopped' },
    rate: {
      type: 'string',
      value: 'recipes/s',
      description: 'with --all: at most this many recipes a second (default 10)',
    },
  },
  run: async ({ values, positionals }, io) => {
    const [recipeUid, extra] = positionals;
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`);
    if (values.all === (recipeUid !== undefined))
      throw new CliError(`repair takes either a recipe uid or --all. ${SEE_USAGE}`);
    if (!values.all && (values.cursor !== undefined || values.rate !== undefined))
      throw new CliError('--cursor and --rate go with --all');
    const rate = rateOf(values.rate);
    if (values.cursor !== undefined) checkCursor(values.cursor);
    const dryRun = values['dry-run'];
    return withStore(
      values,
      async (connection) => {
        const target = {
          client: connection.documentClient,
          tableName: connection.tableName,
          futureToleranceMs: futureToleranceMs(),
        };
        if (recipeUid !== undefined) {
          const report = await repairRecipe(target, recipeUid, { dryRun });
          if (values.json) printJsonLines(io, [report]);
          else printReports([report], io);
          return report.result === 'not-found' ? NOT_FOUND_EXIT_CODE : exitCode([report]);
        }
        return walkAll(target, { dryRun, cursor: values.cursor, rate, json: values.json }, io);
      },
      { access: 'update', announce: { io, dryRun } },
    );
  },
});
