import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  latestStreamArn,
  OPEN_SHARD_EMPTY_PAGES,
  readTableStream,
  streamsClientFor,
} from '../../../lambda/changes/table-stream.ts';
import { currentItem } from '../../../lambda/store/items.ts';
import { recipeEvent, statusRecordOf, uuidV7 } from '../../support/events.ts';
import { createTestTable } from '../../support/test-table.ts';

const record = (index: number) =>
  statusRecordOf(
    recipeEvent({ id: uuidV7(Date.parse('2026-11-26T09:00:00Z') + index) }),
    new Date('2026-11-26T10:00:00Z'),
  );

describe('readTableStream', () => {
  it('stops at the end of the stream, or follows it until told to stop', async () => {
    // Prepare
    const table = await createTestTable();
    const put = (index: number) =>
      table.documentClient.send(
        new PutCommand({ TableName: table.tableName, Item: currentItem(record(index)) }),
      );
    await put(1);
    const streams = await streamsClientFor(table.client);
    const arn = await latestStreamArn(table.client, table.tableName);

    // Act / Assess: to the end, then following while a second write lands.
    const once: string[] = [];
    for await (const batch of readTableStream(streams, arn)) once.push(...batch.map((each) => each.eventID));
    expect(once).toHaveLength(1);

    const stop = new AbortController();
    const followed: string[] = [];
    for await (const batch of readTableStream(streams, arn, {
      follow: true,
      signal: stop.signal,
      pollMs: 50,
    })) {
      followed.push(...batch.map((each) => each.eventID));
      if (followed.length === 1) await put(2);
      if (followed.length === 2) stop.abort();
    }
    expect(followed[0]).toBe(once[0]);
    expect(followed).toHaveLength(2);
    streams.destroy();
  });
});

describe('readTableStream, on pages GetRecords answers empty', () => {
  const ARN = 'arn:aws:dynamodb:eu-west-1:111111111111:table/t/stream/2026-11-26T00:00:00.000';
  // Mocked per test only: the test above reads DynamoDB Local's real stream.
  let streamsMock = mockClient(DynamoDBStreamsClient);
  streamsMock.restore();
  beforeEach(() => {
    streamsMock = mockClient(DynamoDBStreamsClient);
  });
  afterEach(() => streamsMock.restore());

  /** One shard; `closed` gives it an ending sequence number, as DynamoDB does once the shard is closed. */
  const oneShard = (closed: boolean) =>
    streamsMock.on(DescribeStreamCommand).resolves({
      StreamDescription: {
        Shards: [
          {
            ShardId: 'shard-1',
            SequenceNumberRange: {
              StartingSequenceNumber: '100',
              ...(closed && { EndingSequenceNumber: '900' }),
            },
          },
        ],
      },
    });

  /** Pages answered in turn, page n with iterator `it-n`; the last page of a closed shard has no next iterator. */
  const pages = (sizes: readonly number[], closed: boolean) => {
    streamsMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-0' });
    sizes.forEach((size, index) => {
      const last = index === sizes.length - 1;
      streamsMock.on(GetRecordsCommand, { ShardIterator: `it-${index}` }).resolves({
        Records: Array.from({ length: size }, (_, n) => ({
          eventID: `record-${index}-${n}`,
          dynamodb: { SequenceNumber: `${200 + index}` },
        })),
        ...(!(closed && last) && { NextShardIterator: last ? `it-${index}` : `it-${index + 1}` }),
      });
    });
  };

  const readAll = async (): Promise<string[]> => {
    const ids: string[] = [];
    const streams = new DynamoDBStreamsClient({ region: 'eu-west-1' });
    for await (const batch of readTableStream(streams, ARN)) ids.push(...batch.map((each) => each.eventID));
    return ids;
  };

  it('reads a closed shard past any number of empty pages, until it has no next iterator', async () => {
    // Prepare: more empty pages than an open shard is allowed, then records, then the end.
    oneShard(true);
    pages([0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1], true);

    // Act
    const ids = await readAll();

    // Assess
    expect(ids).toEqual(['record-8-0', 'record-8-1', 'record-10-0']);
    expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(11);
  });

  it('reads an open shard past a few empty pages, then stops when it only answers empty', async () => {
    // Prepare: records after empty pages, then the open shard's tail answers empty forever.
    oneShard(false);
    pages([0, 0, 3, 0, 1, 0], false);

    // Act
    const ids = await readAll();

    // Assess
    expect(ids).toEqual(['record-2-0', 'record-2-1', 'record-2-2', 'record-4-0']);
    // The tail: OPEN_SHARD_EMPTY_PAGES empty answers in the round that read, as many in the round that read none.
    expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(5 + 2 * OPEN_SHARD_EMPTY_PAGES);
  });
});
