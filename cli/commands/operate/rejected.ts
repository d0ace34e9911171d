import type { RejectedRecord } from '../../../lambda/records/records.ts';
import { createRejectedRecords } from '../../../lambda/store/rejected-records.ts';
import { JSON_OPTION, RULE_OPTIONS, rulePattern, STORE_OPTIONS } from '../../options/common-options.ts';
import { formatRejected } from '../../output/format-records.ts';
import { type ReprocessLine, reprocessRejected } from '../../pipelines/reprocess.ts';
import { statusPathFor } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { formatTable } from '../../toolkit/format-table.ts';
import { type Io, printJsonLines, printResult } from '../../toolkit/io.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since 24h` (ago, in m, h or d) or an ISO date or time, as the ISO time rejected records are keyed by. */
export const sinceTime = (text: string | undefined, at: Date = new Date()): string | undefined => {
  if (text === undefined) return undefined;
  const relative = /^(\d+)([mhd])$/.exec(text);
  const time =
    relative !== null
      ? at.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]
      : /^\d{4}-\d{2}-\d{2}/.test(text)
        ? Date.parse(text)
        : Number.NaN;
  // Before 1970 no record was received, and a date must be one JavaScript can write.
  if (!(time >= 0 && Number.isFinite(new Date(time).getTime())))
    throw new CliError(
      `--since must be a time ago (90m, 24h, 7d) or an ISO date or time, from 1970 on, got "${text}"`,
    );
  return new Date(time).toISOString();
};

const printReprocess = (lines: readonly ReprocessLine[], json: boolean, io: Io): void => {
  if (json) {
    printJsonLines(io, lines);
    return;
  }
  const table = formatTable(
    ['RECEIVED AT', 'EVENT ID', 'RECIPE', 'OUTCOME', 'ACTION', 'REASONS'],
    lines.map((line) => [
      line.receivedAt,
      line.eventId ?? '-',
      line.recipeUid ?? '-',
      line.outcome,
      line.action,
      (line.reasons ?? []).join('; '),
    ]),
  );
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.action, (counts.get(line.action) ?? 0) + 1);
  const summary = [...counts].map(([action, count]) => `${count} ${action}`).join(', ');
  io.stdout(
    `${lines.length === 0 ? '(none)' : table}\n\n${lines.length} rejected records: ${summary || 'nothing to do'}\n`,
  );
};

export const rejectedCommand = defineCommand({
  name: 'rejected',
  summary: 'rejected events, newest first; --reprocess runs them through the current contract',
  usage: '',
  options: {
    since: {
      type: 'string',
      value: 'time',
      description: 'only those received since: 24h, 7d, or an ISO time',
    },
    reprocess: {
      type: 'boolean',
      description:
        'run each through the rule and the handler now: accepted ones are recorded and their rejected record removed',
    },
    'dry-run': {
      type: 'boolean',
      description: 'with --reprocess: report what would happen, from reads only; write nothing',
    },
    ...RULE_OPTIONS,
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const since = sinceTime(values.since);
    const request = since === undefined ? {} : { since };
    if (values['dry-run'] && !values.reprocess) throw new CliError('--dry-run goes with --reprocess');
    if ((values.account ?? values.source) !== undefined && !values.reprocess)
      throw new CliError('--source and --account go with --reprocess');
    if (!values.reprocess) {
      const records = await withStore(values, async (connection) => {
        const list: RejectedRecord[] = [];
        const rejected = createRejectedRecords(connection.documentClient, connection.tableName);
        for await (const record of rejected.list({ ...request, newestFirst: true })) list.push(record);
        return list;
      });
      printResult(io, values.json, formatRejected(records), records);
      return 0;
    }
    const dryRun = values['dry-run'];
    const lines = await withStore(
      values,
      (connection) => {
        const rejected = createRejectedRecords(connection.documentClient, connection.tableName);
        return reprocessRejected(rejected.list(request), {
          status: statusPathFor(connection, { dryRun }),
          rejected,
          pattern: rulePattern(values),
          dryRun,
        });
      },
      { access: 'update', announce: { io, dryRun } },
    );
    printReprocess(lines, values.json, io);
    return lines.some((line) => line.outcome === 'failed') ? 1 : 0;
  },
});
