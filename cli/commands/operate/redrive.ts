import { JSON_OPTION, RULE_OPTIONS, rulePattern, STORE_OPTIONS } from '../../options/common-options.ts';
import { locateQueue, type RedriveLine, redrive } from '../../pipelines/redrive.ts';
import { awsFailure } from '../../store/aws-failure.ts';
import { handlerFor } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { displayText } from '../../toolkit/display.ts';
import { formatTable } from '../../toolkit/format-table.ts';
import { type Io, printJsonLines } from '../../toolkit/io.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

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
    'dry-run': {
      type: 'boolean',
      description: 'report what would happen to each message, from reads only; write and delete nothing',
    },
    ...RULE_OPTIONS,
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const queueUrl = values['queue-url'];
    const queue = locateQueue(queueUrl);
    // Before any request: a real queue drained into a store nobody named is data lost.
    if (queue.real && values.table === undefined && values.endpoint === undefined)
      throw new CliError(
        `redrive reads the real queue ${queueUrl}: name the store its events go to with --table <name> ` +
          '(the deployed table) or --endpoint <url>. Nothing was read or deleted',
      );
    const dryRun = values['dry-run'];
    // Imported here: every other command starts faster without the SQS client.
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    // The SDK sends to the queue URL's host unless given an endpoint: its own variable is honoured here.
    const endpoint = process.env.AWS_ENDPOINT_URL_SQS;
    const sqs = new SQSClient({
      ...(queue.region !== undefined && { region: queue.region }),
      ...(endpoint !== undefined && endpoint !== '' && { endpoint }),
    });
    try {
      const lines = await withStore(
        values,
        async (connection) => {
          const region = await sqs.config.region().catch(() => undefined);
          io.stderr(
            `${displayText(`recipe-status: reading ${queueUrl}${region ? ` (region ${region})` : ''}`)}\n`,
          );
          return redrive({
            sqs,
            queueUrl,
            dryRun,
            pattern: rulePattern(values),
            processEvent: handlerFor(connection, { dryRun }),
          });
        },
        { access: 'update', announce: { io, dryRun }, fallbackRegion: queue.region },
      );
      printRedrive(lines, values.json, io);
      return lines.some((line) => line.outcome === 'failed') ? 1 : 0;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw awsFailure(error, `queue ${queueUrl}`) ?? error;
    } finally {
      sqs.destroy();
    }
  },
});
