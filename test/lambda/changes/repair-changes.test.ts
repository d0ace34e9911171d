import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { changesOfRecords, type StreamRecord } from '../../../lambda/changes/stream-records.ts';
import { latestStreamArn, readTableStream, streamsClientFor } from '../../../lambda/changes/table-stream.ts';
import type { StatusRecord } from '../../../lambda/records/records.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { currentItem, historyItem } from '../../../lambda/store/items.ts';
import { repairRecipe } from '../../../lambda/store/repair/repair.ts';
import { recipeEvent, statusRecordOf, uuidV7 } from '../../support/events.ts';
import { readCurrentItem } from '../../support/oracle.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

const RECORDED = new Date('2026-11-26T10:00:00.000Z');
const REPAIRED_AT = '2026-11-27T08:00:00.000Z';

const record = (minute: number, status: 'Pending' | 'Failed' | 'Applied'): StatusRecord =>
  statusRecordOf(
    recipeEvent({
      id: uuidV7(Date.parse('2026-11-26T09:00:00Z') + minute * 60_000),
      status,
      recipeUid: 'r',
    }),
    RECORDED,
  );

let table: TestTable;
const put = (Item: Record<string, unknown>) =>
  table.documentClient.send(new PutCommand({ TableName: table.tableName, Item }));

const changes = async () => {
  const streams = await streamsClientFor(table.client);
  const records: StreamRecord[] = [];
  for await (const batch of readTableStream(streams, await latestStreamArn(table.client, table.tableName)))
    records.push(...batch);
  streams.destroy();
  return changesOfRecords(records).map(({ previousStatus, status, eventId, repair }) => ({
    previousStatus,
    status,
    eventId,
    repair,
  }));
};

beforeEach(async () => {
  table = await createTestTable();
});

describe('change events of a repair', () => {
  it('say a repair moved the current record', async () => {
    // Prepare: B's history item landed, its current put did not (a crash between the two writes).
    const [a, b] = [record(1, 'Pending'), record(2, 'Failed')];
    await put(historyItem(a, undefined));
    await put(currentItem(a));
    await put(historyItem(b, undefined));

    // Act
    const report = await repairRecipe(
      { client: table.documentClient, tableName: table.tableName, now: () => new Date(REPAIRED_AT) },
      'r',
    );

    // Assess
    expect(report.result).toBe('repaired');
    expect(await changes()).toEqual([
      { previousStatus: null, status: 'Pending', eventId: a.eventId, repair: false },
      { previousStatus: 'Pending', status: 'Failed', eventId: b.eventId, repair: true },
    ]);
  });

  it('do not call a redelivery of a repaired event a repair', async () => {
    // Prepare: C's history item was rewritten by a repair, and the current record is behind it.
    const [a, c] = [record(1, 'Pending'), record(3, 'Applied')];
    await put(currentItem(a));
    await put(historyItem({ ...c, repairedAt: REPAIRED_AT }, undefined));
    const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });

    // Act: C is delivered again; its recorded history item is applied.
    const written = await store.recordAccepted(c);

    // Assess
    expect(written.outcome).toBe('applied');
    expect((await readCurrentItem(table, 'r'))?.repairedAt).toBeUndefined();
    expect(await changes()).toEqual([
      { previousStatus: null, status: 'Pending', eventId: a.eventId, repair: false },
      { previousStatus: 'Pending', status: 'Applied', eventId: c.eventId, repair: false },
    ]);
  });
});
