import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { latestStreamArn, readTableStream, streamsClientFor } from '../../../lambda/changes/table-stream.ts';
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
