import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { StatusChanged } from '../../../lambda/changes/status-changed.ts';
import { changesOfRecords } from '../../../lambda/changes/stream-records.ts';
import {
  latestStreamArn,
  NoTableStreamError,
  readTableStream,
  streamsClientFor,
} from '../../../lambda/changes/table-stream.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import type { StoreConnection } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { displayText } from '../../toolkit/display.ts';
import { type Io, printJsonLines } from '../../toolkit/io.ts';
import { noPositionals } from '../../toolkit/positionals.ts';
import { sinceTime } from '../operate/rejected.ts';

export interface ChangesOptions {
  readonly since?: string | undefined;
  readonly follow?: boolean;
  readonly json: boolean;
  /** The store is ours to set up (the local store or an endpoint): a missing stream is enabled. */
  readonly mayEnableStream: boolean;
}

const changeLine = (change: StatusChanged): string =>
  displayText(
    [
      change.changedAt,
      change.recipeUid,
      `${change.previousStatus ?? '(new)'} -> ${change.status}`,
      `device ${change.deviceIdentityHash}`,
      `org ${change.organizationUid}`,
      `event ${change.eventId}`,
      ...(change.repair ? ['(repair)'] : []),
    ].join('  '),
  );

const streamOf = async (connection: StoreConnection, options: ChangesOptions, io: Io): Promise<string> => {
  const { documentClient: client, tableName } = connection;
  try {
    return await latestStreamArn(client, tableName);
  } catch (error) {
    if (!(error instanceof NoTableStreamError)) throw error;
    if (!options.mayEnableStream)
      throw new CliError(`${connection.description} has no stream: the deployed component enables one`);
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    io.stderr(
      'recipe-status: the store had no stream (made before 0.3): enabled now, changes from here on\n',
    );
    return await latestStreamArn(client, tableName);
  }
};

/**
 * Prints the changes the deployed publisher would put on the bus for the
 * store's stream, through the publisher's own decision (changesOfRecords).
 * Returns how many it printed.
 */
export const printChanges = async (
  connection: StoreConnection,
  options: ChangesOptions,
  io: Io,
): Promise<number> => {
  const streamArn = await streamOf(connection, options, io);
  const streams = await streamsClientFor(connection.documentClient);
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  if (options.follow === true) process.once('SIGINT', interrupt);
  let printed = 0;
  try {
    const reading = { follow: options.follow === true, signal: stop.signal };
    for await (const records of readTableStream(streams, streamArn, reading)) {
      // By the write's own time: the stream dates its records to the second (DynamoDB Local: the minute).
      const changes = changesOfRecords(records).filter(
        (change) => options.since === undefined || change.changedAt >= options.since,
      );
      if (options.json) printJsonLines(io, changes);
      else for (const change of changes) io.stdout(`${changeLine(change)}\n`);
      printed += changes.length;
    }
  } finally {
    process.removeListener('SIGINT', interrupt);
    streams.destroy();
  }
  return printed;
};

export const changesCommand = defineCommand({
  name: 'changes',
  summary: "the change events the deployed component would publish, from the store's own stream",
  usage: '',
  options: {
    ...STORE_OPTIONS,
    ...JSON_OPTION,
    since: {
      type: 'string',
      value: 'time',
      description: 'only changes written since: 90m, 24h, or an ISO time (the stream keeps 24 hours)',
    },
    follow: { type: 'boolean', description: 'keep printing changes as they are written, until Ctrl-C' },
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const since = sinceTime(values.since);
    const mayEnableStream = values.table === undefined || values.endpoint !== undefined;
    await withStore(values, (connection) =>
      printChanges(connection, { since, follow: values.follow, json: values.json, mayEnableStream }, io),
    );
    return 0;
  },
});
