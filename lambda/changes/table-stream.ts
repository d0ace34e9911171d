import {
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import * as v from 'valibot';
import { type StreamRecord, StreamRecordSchema } from './stream-records.ts';

// Reads a table's stream as Lambda's event source mapping does: every shard, parents first, in order.

export interface StreamReadOptions {
  /** Keep polling for new records until `signal` aborts; otherwise stop once every shard is read. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  /** Pause between polls while following. */
  readonly pollMs?: number;
}

/** Consecutive empty pages an open shard may answer before a read that does not follow stops: GetRecords may answer empty before records. */
export const OPEN_SHARD_EMPTY_PAGES = 5;

/** The table has no stream: it was created before streams were enabled, or by other means. */
export class NoTableStreamError extends Error {
  override readonly name = 'NoTableStreamError';
}

/** A DynamoDB client, or the document client built on one: both send DescribeTable and carry its config. */
type TableClient = Pick<DynamoDBClient, 'config'> & {
  send(command: DescribeTableCommand): Promise<DescribeTableCommandOutput>;
};

export const latestStreamArn = async (client: TableClient, tableName: string): Promise<string> => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = Table?.LatestStreamArn;
  if (arn === undefined || Table?.StreamSpecification?.StreamEnabled !== true)
    throw new NoTableStreamError(`table ${tableName} has no stream`);
  return arn;
};

/** A streams client at the same place, with the same identity, as a DynamoDB client. */
export const streamsClientFor = async (client: TableClient): Promise<DynamoDBStreamsClient> => {
  const { config } = client;
  const endpoint = config.isCustomEndpoint ? await config.endpoint?.() : undefined;
  return new DynamoDBStreamsClient({
    region: await config.region(),
    credentials: config.credentials,
    ...(endpoint !== undefined && { endpoint }),
  });
};

const listShards = async (streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> => {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start !== undefined);
  return shards.sort((a, b) =>
    (a.SequenceNumberRange?.StartingSequenceNumber ?? '').localeCompare(
      b.SequenceNumberRange?.StartingSequenceNumber ?? '',
      'en',
      { numeric: true },
    ),
  );
};

const pause = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });

/**
 * Yields the stream's records in batches, each shard in order and a child
 * shard only after its parent is read to its end, as DynamoDB orders the
 * writes of one item.
 */
export async function* readTableStream(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  options: StreamReadOptions = {},
): AsyncGenerator<StreamRecord[]> {
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  while (options.signal?.aborted !== true) {
    const shards = await listShards(streams, streamArn);
    const known = new Set(shards.map((shard) => shard.ShardId));
    let read = 0;
    for (const { ShardId: shardId, ParentShardId: parent, SequenceNumberRange: range } of shards) {
      if (shardId === undefined || finished.has(shardId)) continue;
      if (parent !== undefined && known.has(parent) && !finished.has(parent)) continue;
      let iterator = iterators.get(shardId);
      if (iterator === undefined) {
        const output = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterator = output.ShardIterator;
      }
      // A closed shard is read until it has no next iterator; an open one until it answers empty a few times.
      const emptyPagesAllowed =
        range?.EndingSequenceNumber !== undefined
          ? Number.POSITIVE_INFINITY
          : options.follow === true
            ? 1
            : OPEN_SHARD_EMPTY_PAGES;
      let emptyPages = 0;
      while (iterator !== undefined && emptyPages < emptyPagesAllowed) {
        const output = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const records = output.Records ?? [];
        iterator = output.NextShardIterator;
        emptyPages = records.length === 0 ? emptyPages + 1 : 0;
        if (records.length === 0) continue;
        yield records.map((record) => v.parse(StreamRecordSchema, record));
        read += records.length;
      }
      if (iterator === undefined) finished.add(shardId);
      else iterators.set(shardId, iterator);
    }
    if (options.follow !== true && read === 0) return;
    if (options.follow === true && read === 0) await pause(options.pollMs ?? 1_000, options.signal);
  }
}
