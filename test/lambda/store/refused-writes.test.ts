import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RejectedRecord, StatusRecord } from '../../../lambda/records/records.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDocumentClient } from '../../../lambda/store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import type { StatusStore } from '../../../lambda/store/status-store.ts';
import { recipeEvent, seedEvent, statusRecordOf, uuidV7 } from '../../support/events.ts';
import { startFaultProxy } from '../../support/fault-proxy.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

/**
 * The safety net behind the schema: a write DynamoDB refuses because of the
 * data becomes a rejection, while a failure of availability is still thrown.
 * The schema lets no such value through, so each case passes it around the
 * schema, straight to the store.
 */

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');
let table: TestTable;
let store: StatusStore;

beforeEach(async () => {
  table = await createTestTable();
  store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
});

const recordOf = (event: unknown): StatusRecord => statusRecordOf(event, now());

const itemsOf = async (pk: string) =>
  (
    await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    )
  ).Items ?? [];

/** A store that changes the record on its way in, as a schema gap would let through. */
const around = (change: (record: StatusRecord) => StatusRecord): StatusStore => ({
  recordAccepted: (record) => store.recordAccepted(change(record)),
  recordRejected: (record) => store.recordRejected(record),
});

describe('a write DynamoDB refuses because of the data', () => {
  it.each([
    [
      'an item over 400 KB',
      (record: StatusRecord) => ({ ...record, originatorPolicyUid: 'p'.repeat(410_000) }),
      /^DynamoDB \(ValidationException\) refused to write the event: Item size has exceeded/,
    ],
    [
      'a number below DynamoDB range',
      (record: StatusRecord) => ({ ...record, originatorAccountId: 1e-200 }),
      /^DynamoDB \(ValidationException\) refused to write the event: Number underflow/,
    ],
    [
      'a number beyond 2^53, which the DocumentClient will not marshal',
      (record: StatusRecord) => ({ ...record, originatorAccountId: JSON.parse('12345678901234567') }),
      /^the DynamoDB document client refused to write the event: Number 12345678901234568 is greater than Number.MAX_SAFE_INTEGER/,
    ],
    [
      'a sort key over 1024 bytes',
      (record: StatusRecord) => ({ ...record, eventId: 'e'.repeat(1_100) }),
      /^DynamoDB \(ValidationException\) refused to write the event: .*range primary key values must be under 1024 bytes/,
    ],
  ])('keeps the event as rejected, with the refusal as its issue, for %s', async (_name, change, reason) => {
    // Prepare
    const event = recipeEvent({ id: uuidV7(T0) });

    // Act
    const result = await processEvent(event, { store: around(change), now });

    // Assess
    expect(result).toMatchObject({
      outcome: 'rejected',
      refusedByStore: true,
      eventId: event.detail.id,
      recipeUid: 'recipe-1',
      issues: [{ field: '(store)', message: expect.stringMatching(reason) }],
    });
    const [rejected] = await itemsOf('REJECTED');
    expect(rejected).toMatchObject({
      sk: result.rejectedKey,
      raw: JSON.stringify(event),
      rawTruncated: false,
    });
    expect(await itemsOf('RECIPE#recipe-1')).toEqual([]);
  });

  it('keeps the raw event as JSON text, so its rejected record cannot fail the same way', async () => {
    // Prepare
    const event = recipeEvent({ id: uuidV7(T0) });
    const unsafe = JSON.parse('12345678901234567');
    (event.detail.payload as Record<string, unknown>).originator = { accountId: unsafe };

    // Act
    const result = await processEvent(event, {
      store: around((record) => ({ ...record, originatorAccountId: unsafe })),
      now,
    });

    // Assess
    expect(result.outcome).toBe('rejected');
    const [rejected] = await itemsOf('REJECTED');
    expect(rejected?.raw).toContain('"accountId":12345678901234568');
  });

  it('lets the next event of the recipe apply as usual', async () => {
    // Prepare
    await processEvent(recipeEvent({ id: uuidV7(T0 + 1) }), {
      store: around((record) => ({ ...record, originatorPolicyUid: 'p'.repeat(410_000) })),
      now,
    });

    // Act
    const next = await processEvent(recipeEvent({ id: uuidV7(T0), status: 'Applied' }), { store, now });

    // Assess
    expect(next.outcome).toBe('applied');
    const current = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'RECIPE#recipe-1', sk: 'CURRENT' } }),
    );
    expect(current.Item?.status).toBe('Applied');
  });

  it('refuses again, never throws, when only the current put is refused and the history item stays', async () => {
    // Prepare: the current item alone carries index keys: a device hash over 2048 bytes fails there only.
    const record = { ...recordOf(recipeEvent({ id: uuidV7(T0) })), deviceIdentityHash: 'd'.repeat(2_100) };

    // Act
    const first = await store.recordAccepted(record);
    const redelivery = await store.recordAccepted(record);

    // Assess
    expect(first).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/Size limit exceeded/) });
    expect(redelivery).toMatchObject({ outcome: 'refused' });
    const items = await itemsOf('RECIPE#recipe-1');
    expect(items.map((item) => item.sk)).toEqual([`EVENT#${record.eventId}`]);
  });

  it('keeps a rejected record DynamoDB refuses without its raw event, under the same key', async () => {
    // Prepare
    const huge = 'i'.repeat(9_000);
    const record: RejectedRecord = {
      receivedAt: '2026-11-26T10:00:00.000Z',
      eventId: 'evt-1',
      issues: Array.from({ length: 50 }, (_, i) => ({ field: `field${i}`, message: huge })),
      issueCount: 50,
      raw: 'r'.repeat(299_000),
      rawBytes: 299_000,
      rawSha256: 'a'.repeat(64),
      rawTruncated: false,
    };

    // Act
    await store.recordRejected(record);

    // Assess
    const [kept] = await itemsOf('REJECTED');
    expect(kept).toMatchObject({
      sk: `2026-11-26T10:00:00.000Z#${'a'.repeat(64)}`,
      raw: '',
      rawBytes: 299_000,
      rawTruncated: true,
      issueCount: 50,
    });
    expect(kept?.issues).toHaveLength(11);
    expect(kept?.issues.at(-1)).toEqual({
      field: '(store)',
      message: expect.stringMatching(/^kept without its raw event: DynamoDB \(ValidationException\)/),
    });
  });
});

describe('a write that fails for availability is still thrown', () => {
  it.each(['stall', 'reset'] as const)('throws when the connection to DynamoDB is a %s', async (mode) => {
    const proxy = await startFaultProxy(table.endpoint);
    try {
      await proxy.setMode(mode);
      const unavailable = createDynamoDbStatusStore({
        client: createDocumentClient({
          endpoint: proxy.endpoint,
          region: 'us-east-1',
          maxAttempts: 1,
          requestTimeoutMs: 300,
        }),
        tableName: table.tableName,
      });

      await expect(processEvent(seedEvent(), { store: unavailable, now })).rejects.toThrow();
      expect(proxy.faultsInjected()).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('throws when DynamoDB throttles (DynamoDB Local never does, so the client says so)', async () => {
    // Prepare
    const throttled = createDocumentClient({ endpoint: table.endpoint, region: 'us-east-1' });
    const throttling = new Error('Rate of requests exceeds the allowed throughput.');
    throttling.name = 'ThrottlingException';
    Object.assign(throttled, { send: () => Promise.reject(throttling) });
    const failing = createDynamoDbStatusStore({ client: throttled, tableName: table.tableName });

    // Act and assess
    await expect(processEvent(seedEvent(), { store: failing, now })).rejects.toThrow(throttling);
  });
});
