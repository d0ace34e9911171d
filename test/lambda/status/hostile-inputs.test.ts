import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { SAFE_INTEGER_MESSAGE } from '../../../lambda/contract/storable.ts';
import { orderKey } from '../../../lambda/records/ordering.ts';
import type { StatusRecord } from '../../../lambda/records/records.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { currentItem, historyItem } from '../../../lambda/store/items.ts';
import { repairRecipe } from '../../../lambda/store/repair/repair.ts';
import type { StatusStore } from '../../../lambda/store/status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { readCurrentItem, readHistoryItems } from '../../support/oracle.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

/**
 * The four inputs that used to break a recipe, end to end against DynamoDB
 * Local: each ends as an outcome, the next event of the recipe behaves as
 * usual, and a redelivery of the bad event does not undo a repair.
 */

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');
const iso = (millis: number) => new Date(millis).toISOString();
const id = (millis: number, byte: number) => uuidV7(millis, Buffer.alloc(10, byte));

let table: TestTable;
let store: StatusStore;
const run = (event: unknown) => processEvent(event, { store, now });
const repair = () =>
  repairRecipe({ client: table.documentClient, tableName: table.tableName, now }, 'recipe-1');

beforeEach(async () => {
  table = await createTestTable();
  store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
});

const current = () => readCurrentItem(table, 'recipe-1');
const history = () => readHistoryItems(table, 'recipe-1');

/** Writes a history item and current record as version 0.1 did: no envelope time, the id's time trusted. */
const storeTheOldWay = async (
  event: ReturnType<typeof recipeEvent>,
  occurredAt: number,
  items: 'history' | 'both',
) => {
  const { detail } = event;
  const record: StatusRecord = {
    recipeUid: detail.payload.uid,
    status: detail.payload.status,
    deviceIdentityHash: detail.payload.deviceIdentityHash,
    organizationUid: detail.payload.owner.organizationUid,
    parentCompanyUid: detail.payload.owner.parentCompanyUid,
    eventId: detail.id,
    eventBridgeId: event.id,
    source: event.source,
    occurredAt: iso(occurredAt),
    orderKey: orderKey(occurredAt, detail.id),
    recordedAt: iso(Date.parse(event.time) + 1_000),
  };
  const written =
    items === 'both'
      ? [historyItem(record, undefined), currentItem(record)]
      : [historyItem(record, undefined)];
  for (const Item of written)
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item }));
};

describe('an originator.accountId beyond 2^53', () => {
  const bad = () => {
    const event = recipeEvent({ id: id(T0 + 60_000, 1), status: 'Failed', time: iso(T0 + 60_000) });
    return {
      ...event,
      detail: {
        ...event.detail,
        payload: { ...event.detail.payload, originator: { accountId: JSON.parse('12345678901234567') } },
      },
    };
  };

  it('is rejected naming the field; the next event applies; a redelivery changes nothing', async () => {
    await run(recipeEvent({ id: id(T0, 2), time: iso(T0) }));

    expect(await run(bad())).toMatchObject({
      outcome: 'rejected',
      issues: [{ field: 'detail.payload.originator.accountId', message: SAFE_INTEGER_MESSAGE }],
    });
    const next = recipeEvent({ id: id(T0 + 120_000, 3), status: 'Applied', time: iso(T0 + 120_000) });
    expect((await run(next)).outcome).toBe('applied');
    expect((await run(bad())).outcome).toBe('rejected');
    expect(await current()).toMatchObject({ eventId: next.detail.id, status: 'Applied' });
    expect((await repair()).result).toBe('unchanged');
  });
});

describe('an envelope time of 2099, as a PutEvents caller may set it', () => {
  const NOW = Date.parse(now().toISOString());

  it.each([
    ['any other id', 'evt-2099', { eventTimeDistrusted: true }],
    ['a UUIDv7 id of 2099 too', id(Y2099, 8), { eventTimeDistrusted: true, idTimeDistrusted: true }],
  ])(
    'with %s, is ordered by the time it was recorded, and the next real event applies',
    async (_case, badId, flags) => {
      const bad = recipeEvent({ id: badId, status: 'Failed', time: iso(Y2099) });
      expect(await run(bad)).toMatchObject({ outcome: 'applied', ...flags });
      expect(await current()).toMatchObject({
        eventId: badId,
        eventTime: iso(Y2099),
        occurredAt: iso(NOW),
        orderedBy: 'recordedAt',
        ...flags,
      });

      const next = recipeEvent({ id: id(NOW + 60_000, 9), status: 'Applied', time: iso(NOW + 60_000) });
      expect((await run(next)).outcome).toBe('applied');
      expect((await run(bad)).outcome).toBe('duplicate');
      expect(await current()).toMatchObject({ eventId: next.detail.id, status: 'Applied' });
      expect((await repair()).result).toBe('unchanged');
    },
  );
});

describe('a UUIDv7 id dated 2099', () => {
  const bad = recipeEvent({ id: id(Y2099, 4), status: 'Failed', time: iso(T0 + 60_000) });

  it('is ordered by its envelope time, and the next event applies after it', async () => {
    expect(await run(bad)).toMatchObject({ outcome: 'applied', idTimeDistrusted: true });
    expect(await current()).toMatchObject({
      eventId: bad.detail.id,
      occurredAt: iso(T0 + 60_000),
      orderedBy: 'eventTime',
      idTimeDistrusted: true,
    });

    const next = recipeEvent({ id: id(T0 + 120_000, 5), status: 'Applied', time: iso(T0 + 120_000) });
    expect((await run(next)).outcome).toBe('applied');
    expect((await run(bad)).outcome).toBe('duplicate');
    expect(await current()).toMatchObject({ eventId: next.detail.id });
  });

  it('pinned the old way, is unpinned by a repair that its redelivery cannot undo', async () => {
    // Prepare
    await run(recipeEvent({ id: id(T0, 6), time: iso(T0) }));
    await storeTheOldWay(bad, Y2099, 'both');
    const next = recipeEvent({ id: id(T0 + 120_000, 7), status: 'Applied', time: iso(T0 + 120_000) });
    expect((await run(next)).outcome).toBe('stale');

    // Act
    const report = await repair();

    // Assess
    expect(report).toMatchObject({
      result: 'repaired',
      before: { eventId: bad.detail.id, orderKey: orderKey(Y2099, bad.detail.id) },
      after: { eventId: next.detail.id, status: 'Applied' },
      history: [
        {
          change: 'reordered',
          eventId: bad.detail.id,
          fromOrderKey: orderKey(Y2099, bad.detail.id),
          toOrderKey: orderKey(T0 + 61_000, bad.detail.id),
        },
      ],
    });
    expect((await run(bad)).outcome).toBe('duplicate');
    expect(await current()).toMatchObject({ eventId: next.detail.id, status: 'Applied' });
    const later = recipeEvent({ id: id(T0 + 180_000, 8), status: 'Invalid', time: iso(T0 + 180_000) });
    expect((await run(later)).outcome).toBe('applied');
  });
});

describe('one UUID in upper and lower case', () => {
  const lower = id(T0 + 60_000, 0xab);
  const upper = recipeEvent({ id: lower.toUpperCase(), status: 'Applied', time: iso(T0 + 60_000) });
  const lowerCase = recipeEvent({ id: lower, status: 'Failed', time: iso(T0 + 60_000) });

  it('is one event: the second spelling is a duplicate and the status cannot flip', async () => {
    expect(await run(upper)).toMatchObject({ outcome: 'applied', eventId: lower });
    expect(await run(lowerCase)).toMatchObject({ outcome: 'duplicate', eventId: lower });
    expect(await current()).toMatchObject({ eventId: lower, status: 'Applied' });
    expect((await history()).map((item) => item.sk)).toEqual([`EVENT#${lower}`]);

    const next = recipeEvent({ id: id(T0 + 120_000, 9), status: 'Invalid', time: iso(T0 + 120_000) });
    expect((await run(next)).outcome).toBe('applied');
  });

  it('stored twice the old way, is merged by a repair that neither spelling can undo', async () => {
    // Prepare
    await storeTheOldWay(upper, T0 + 60_000, 'history');
    await storeTheOldWay(lowerCase, T0 + 60_000, 'both');

    // Act
    const report = await repair();

    // Assess
    expect(report).toMatchObject({
      result: 'repaired',
      after: { eventId: lower, status: 'Failed' },
      history: [
        { change: 'merged', fromSortKey: `EVENT#${lower.toUpperCase()}`, toSortKey: `EVENT#${lower}` },
      ],
    });
    expect((await run(upper)).outcome).toBe('duplicate');
    expect((await run(lowerCase)).outcome).toBe('duplicate');
    expect(await current()).toMatchObject({ eventId: lower, status: 'Failed' });
    expect(await history()).toHaveLength(1);
  });
});

describe('an impossible envelope time', () => {
  const bad = recipeEvent({ id: 'evt-feb-31', status: 'Failed', time: '2026-02-31T10:00:00Z' });

  it('is rejected naming time; the next event applies; a redelivery changes nothing', async () => {
    expect(await run(bad)).toMatchObject({
      outcome: 'rejected',
      issues: [{ field: 'time', message: 'must be a real calendar date and time of day' }],
    });
    const next = recipeEvent({ id: 'evt-next', status: 'Applied', time: '2026-02-28T10:00:00Z' });
    expect((await run(next)).outcome).toBe('applied');
    expect((await run(bad)).outcome).toBe('rejected');
    expect(await current()).toMatchObject({ eventId: 'evt-next', status: 'Applied' });
    expect(await history()).toHaveLength(1);
    expect((await repair()).result).toBe('unchanged');
  });
});
