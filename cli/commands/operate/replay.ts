import { JSON_OPTION, RULE_OPTIONS, rulePattern, STORE_OPTIONS } from '../../options/common-options.ts';
import { printReplay, replayProgress } from '../../output/replay-report.ts';
import { readEvents } from '../../pipelines/read-events.ts';
import { replay, replayExitCode } from '../../pipelines/replay.ts';
import { handlerFor } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { catchInterruption, SIGNAL_EXIT_CODES } from '../../toolkit/interruption.ts';
import { readInput } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

const MAX_CONCURRENCY = 64;

const concurrencyOf = (text: string | undefined): number => {
  if (text === undefined) return 1;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY)
    throw new CliError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${text}"`);
  return value;
};

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'run EventBridge events through the rule and the handler',
  usage: '<file|->',
  options: {
    concurrency: {
      type: 'string',
      value: 'n',
      description: `events run at once, never two of one recipe (default 1, at most ${MAX_CONCURRENCY})`,
    },
    'stop-on-error': {
      type: 'boolean',
      description: 'stop at the first event the store fails on (default: report it and go on)',
    },
    ...RULE_OPTIONS,
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    const source = onePositional(positionals, 'the events file (or - for stdin)');
    const concurrency = concurrencyOf(values.concurrency);
    const entries = readEvents(readInput(source, io));
    if (entries.length === 0) throw new CliError(`no events in ${source === '-' ? 'stdin' : source}`);
    const interruption = catchInterruption();
    try {
      const report = await withStore(
        values,
        (connection) =>
          replay(entries, {
            pattern: rulePattern(values),
            handle: handlerFor(connection),
            concurrency,
            stopOnError: values['stop-on-error'],
            signal: interruption.signal,
            onProgress: replayProgress(io),
          }),
        { access: 'create', announce: { io } },
      );
      const stoppedBy = interruption.stoppedBy();
      printReplay(report, entries.length, { json: values.json, io, stoppedBy });
      return stoppedBy === undefined ? replayExitCode(report) : SIGNAL_EXIT_CODES[stoppedBy];
    } finally {
      interruption.release();
    }
  },
});
