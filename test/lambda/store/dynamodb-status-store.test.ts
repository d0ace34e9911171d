import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_STORED_RAW_BYTES } from '../../../lambda/records/records.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDocumentClient } from '../../../lambda/store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { historyItem } from '../../../lambda/store/items.ts';
import type { StatusStore } from '../../../lambda/store/status-store.ts';
import { recipeEvent, seedEvent, statusRecordOf, uuidV7 } from '../../support/events.ts';
import { readCurrentItem, readHistoryItems } from '../../support/oracle.ts';
import { printSeedOnFailure } from '../../support/print-seed.ts';
import { TEST_SEED } from '../../support/seed.ts';
import { shuffled } from '../../support/shuffle.ts';
import { createTestTable, patientDocumentClient, type TestTable } from '../../support/test-table.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');

printSeedOnFailure();

let table: TestTable;
let store: StatusStore;
const run = (event: unknown) => processEvent(event, { store, now });

const current = (recipeUid = 'recipe-1') => readCurrentItem(table, recipeUid);
const historyOf = (recipeUid = 'recipe-1') => readHistoryItems(table, recipeUid);

beforeEach(async () => {
  table = await createTestTable();
  store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
});

describe('recording an accepted event', () => {
  it("applies the seed's event to a new recipe, with readable attributes and one history item", async () => {
    // Act
    const result = await run(seedEvent());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(await current('48a3aa3dxxxxxxxxxxxxxxxxdf1199cd')).toMatchObject({
      recipeUid: '48a3aa3dxxxxxxxxxxxxxxxxdf1199cd',
      status: 'Pending',
      deviceIdentityHash: 'b4e9f99bxxxxxxxxxxxxxxxx3e240d37',
      organizationUid: '59274011xxxxxxxxxxxxxxxx3eabe3ab',
      parentCompanyUid: '83392ff3xxxxxxxxxxxxxxxxb40891bd',
      originatorAccountId: 5783,
      originatorOrganizationUid: '5cee5c1dxxxxxxxxxxxxxxxx43dfb210',
      originatorPolicyUid: '4d6c15f6xxxxxxxxxxxxxxxx09c94a15',
      eventId: '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f',
      occurredAt: '2026-11-26T09:15:01.234Z',
      recordedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(await historyOf('48a3aa3dxxxxxxxxxxxxxxxxdf1199cd')).toHaveLength(1);
  });

  it('applies a newer event, costing 2 table write units', async () => {
    // Prepare
    await run(recipeEvent({ id: uuidV7(T0), status: 'Pending' }));

    // Act
    const result = await run(recipeEvent({ id: uuidV7(T0 + 1), status: 'Applied' }));

    // Assess
    expect(result.outcome).toBe('applied');
    expect(result.capacity.tableWriteUnits).toBe(2);
    expect((await current())?.status).toBe('Applied');
    expect(await historyOf()).toHaveLength(2);
  });

  it('keeps an older event after a newer one as stale: history grows, current stays, 2 write units', async () => {
    // Prepare
    const newer = uuidV7(T0 + 5_000);
    await run(recipeEvent({ id: newer, status: 'Failed' }));

    // Act
    const result = await run(recipeEvent({ id: uuidV7(T0), status: 'Pending' }));

    // Assess
    expect(result.outcome).toBe('stale');
    expect(result.capacity.tableWriteUnits).toBe(2);
    expect(await current()).toMatchObject({ status: 'Failed', eventId: newer });
    expect(await historyOf()).toHaveLength(2);
  });

  it('recognises the same event twice as a duplicate: 1 write unit and at most one read', async () => {
    // Prepare
    const event = recipeEvent({ id: uuidV7(T0), status: 'Applied' });
    await run(event);
    const before = await current();

    // Act
    const result = await run(event);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(result.capacity).toEqual({ tableWriteUnits: 1, indexWriteUnits: 0, readUnits: 0.5 });
    expect(await current()).toEqual(before);
    expect(await historyOf()).toHaveLength(1);
  });

  it('recognises a redelivered older event as a duplicate, not as stale twice', async () => {
    // Prepare
    const older = recipeEvent({ id: uuidV7(T0), status: 'Pending' });
    await run(recipeEvent({ id: uuidV7(T0 + 1), status: 'Applied' }));
    await run(older);

    // Act
    const result = await run(older);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(await historyOf()).toHaveLength(2);
  });

  it('orders events of equal time by id', async () => {
    // Prepare
    await run(recipeEvent({ id: 'evt-b', status: 'Applied', time: '2026-11-26T09:00:00Z' }));

    // Act
    const result = await run(recipeEvent({ id: 'evt-a', status: 'Failed', time: '2026-11-26T09:00:00Z' }));

    // Assess
    expect(result.outcome).toBe('stale');
    expect((await current())?.status).toBe('Applied');
  });

  it('uses the envelope time for ids that are not UUIDv7', async () => {
    // Prepare
    await run(recipeEvent({ id: 'evt-2', status: 'Applied', time: '2026-11-26T09:00:02Z' }));

    // Act
    const result = await run(recipeEvent({ id: 'evt-1', status: 'Failed', time: '2026-11-26T09:00:01Z' }));

    // Assess
    expect(result.outcome).toBe('stale');
    expect(await current()).toMatchObject({ status: 'Applied', occurredAt: '2026-11-26T09:00:02.000Z' });
  });

  it('keeps one history item per event id even when a non-UUIDv7 event comes back with a later envelope time', async () => {
    // Prepare
    await run(recipeEvent({ id: 'evt-1', status: 'Applied', time: '2026-11-26T09:00:01Z' }));

    // Act
    const result = await run(recipeEvent({ id: 'evt-1', status: 'Applied', time: '2026-11-26T09:30:00Z' }));

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(await historyOf()).toHaveLength(1);
    expect((await current())?.occurredAt).toBe('2026-11-26T09:00:01.000Z');
  });

  it('brings the current record up to date when a crash left only the history item written', async () => {
    // Prepare: the first attempt wrote history, then died before the current put.
    await run(recipeEvent({ id: uuidV7(T0), status: 'Pending' }));
    const event = recipeEvent({ id: uuidV7(T0 + 1), status: 'Applied' });
    const record = statusRecordOf(event, now());
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: historyItem(record, undefined) }),
    );

    // Act: Lambda retries the event.
    const result = await run(event);

    // Assess
    expect(result.outcome).toBe('applied');
    expect((await current())?.status).toBe('Applied');
    expect(await historyOf()).toHaveLength(2);
  });

  it('converges 50 concurrent events of one recipe, in seeded random order, to the newest', async () => {
    // Prepare
    const statuses = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;
    const events = Array.from({ length: 50 }, (_, i) =>
      recipeEvent({ id: uuidV7(T0 + i * 10), status: statuses[i % statuses.length] }),
    );
    const newest = events[49];

    // Act: separate clients, as separate Lambda instances would have.
    const results = await Promise.all(
      shuffled(events, TEST_SEED).map((event) =>
        processEvent(event, {
          store: createDynamoDbStatusStore({
            client: patientDocumentClient(table.endpoint),
            tableName: table.tableName,
          }),
          now,
        }),
      ),
    );

    // Assess
    expect(await current()).toMatchObject({
      eventId: newest?.detail.id,
      status: newest?.detail.payload.status,
    });
    expect(await historyOf()).toHaveLength(50);
    expect(results.filter((result) => result.outcome === 'duplicate')).toEqual([]);
    expect(results.filter((result) => result.outcome === 'applied').length).toBeGreaterThanOrEqual(1);
  });

  it('writes an expiry on history items only when a retention is set', async () => {
    // Prepare
    const expiring = createDynamoDbStatusStore({
      client: table.documentClient,
      tableName: table.tableName,
      historyRetentionDays: 30,
      now,
    });

    // Act
    await processEvent(recipeEvent({ id: uuidV7(T0) }), { store: expiring, now });

    // Assess
    const [history] = await historyOf();
    expect(history?.expiresAt).toBe(Math.floor(now().getTime() / 1000) + 30 * 86_400);
    expect((await current())?.expiresAt).toBeUndefined();
  });
});

describe('recording a rejected event', () => {
  it('keeps the raw event, its issues and when it came, and writes no status', async () => {
    // Prepare
    const event = recipeEvent({ id: uuidV7(T0), status: 'Pending' });
    event.detail.payload.status = 'Done' as 'Pending';

    // Act
    const result = await run(event);

    // Assess
    expect(result.outcome).toBe('rejected');
    expect(result.issues).toEqual([
      { field: 'detail.payload.status', message: 'must be one of Pending, Applied, Failed, Invalid' },
    ]);
    const rejected = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REJECTED' },
      }),
    );
    expect(rejected.Items).toHaveLength(1);
    expect(rejected.Items?.[0]).toMatchObject({
      sk: result.rejectedKey,
      eventId: event.detail.id,
      recipeUid: 'recipe-1',
      receivedAt: '2026-11-26T10:00:00.000Z',
      raw: JSON.stringify(event),
      rawTruncated: false,
    });
    expect(await current()).toBeUndefined();
  });

  it('keeps an event whose key fields are empty strings (they must never reach an index key)', async () => {
    // Prepare
    const event = recipeEvent({ id: '', recipeUid: '', deviceIdentityHash: '', organizationUid: '' });

    // Act
    const result = await run(event);

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', eventId: '', recipeUid: '' });
  });

  it('cuts an event too large for an item, keeping its full size and hash', async () => {
    // Prepare
    const event = { ...recipeEvent({ id: uuidV7(T0) }), padding: 'é'.repeat(400_000) };
    event.detail.kind = 'telemetry';
    const fullBytes = Buffer.byteLength(JSON.stringify(event));

    // Act
    const result = await run(event);

    // Assess
    const [item] =
      (
        await table.documentClient.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'REJECTED' },
          }),
        )
      ).Items ?? [];
    expect(result.outcome).toBe('rejected');
    expect(item).toMatchObject({ rawBytes: fullBytes, rawTruncated: true });
    expect(Buffer.byteLength(String(item?.raw))).toBeLessThanOrEqual(MAX_STORED_RAW_BYTES + 3);
    expect(item?.rawSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a failing store', () => {
  it('throws when DynamoDB cannot be reached, so Lambda retries', async () => {
    // Prepare
    const unreachable = createDynamoDbStatusStore({
      client: createDocumentClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        maxAttempts: 1,
        connectionTimeoutMs: 200,
      }),
      tableName: table.tableName,
    });

    // Act and assess
    await expect(processEvent(seedEvent(), { store: unreachable, now })).rejects.toThrow();
  });

  it('throws when the table does not exist, for a rejected event too', async () => {
    // Prepare
    const missing = createDynamoDbStatusStore({ client: table.documentClient, tableName: 'no-such-table' });

    // Act and assess
    const notFound = { name: 'ResourceNotFoundException' };
    await expect(processEvent(seedEvent(), { store: missing, now })).rejects.toMatchObject(notFound);
    await expect(processEvent({}, { store: missing, now })).rejects.toMatchObject(notFound);
  });
});
