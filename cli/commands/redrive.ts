import { SQSClient } from '@aws-sdk/client-sqs';
import { recipeStatusEventPattern } from '../../infra/event-pattern.ts';
import { defineCommand } from '../command.ts';
import { ACCOUNT_OPTION, JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { formatTable } from '../format.ts';
import { type Io, printJsonLines } from '../io.ts';
import { noPositionals } from '../positionals.ts';
import { type RedriveLine, redrive } from '../redrive.ts';
import { handlerFor, withStore } from '../with-store.ts';

const printRedrive = (lines: readonly RedriveLine[], json: boolean, io: Io): void => {
  if (json) {
    printJsonLines(io, lines);
    return;
  }
  io.stdout(
    `${formatTable(
      ['MESSAGE', 'FORMAT', 'EVENT ID', 'OUTCOME', 'ACTION', 'REASONS'],
      lines.map((line) => [
        line.messageId,
        line.format,
        line.eventId ?? '-',
        line.outcome,
        line.action,
        (line.reasons ?? []).join('; '),
      ]),
    )}\n${lines.length} messages\n`,
  );
};

export const redriveCommand = defineCommand({
  name: 'redrive',
  summary: 'put dead-lettered events back through the handler',
  usage: '',
  options: {
    'queue-url': {
      type: 'string',
      value: 'url',
      required: true,
      description: 'the dead-letter queue to read (the stack outputs both of its queues)',
    },
    'dry-run': { type: 'boolean', description: 'report what would happen; write and delete nothing' },
    ...ACCOUNT_OPTION,
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const sqs = new SQSClient({});
    try {
      const lines = await withStore(values, (connection) =>
        redrive({
          sqs,
          queueUrl: values['queue-url'],
          dryRun: values['dry-run'],
          pattern: recipeStatusEventPattern(undefined, values.account),
          processEvent: handlerFor(connection),
        }),
      );
      printRedrive(lines, values.json, io);
      return lines.some((line) => line.outcome === 'failed') ? 1 : 0;
    } finally {
      sqs.destroy();
    }
  },
});
