import { beforeEach, describe, expect, it } from 'vitest';
import { orderKey } from '../../../lambda/records/ordering.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { repairRecipe } from '../../../lambda/store/repair/repair.ts';
import { recipeEvent, statusRecordOf } from '../../support/events.ts';
import { readCurrentItem, readHistoryItems } from '../../support/oracle.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';

// A re-run (reprocess, redrive, replay) bounds an event's times by when it first arrived, not by its own clock.

const ARRIVED = Date.parse('2026-11-26T09:00:00.000Z');
const DAY = 86_400_000;
const iso = (millis: number) => new Date(millis).toISOString();
const at = (millis: number) => () => new Date(millis);
let table: TestTable;

beforeEach(async () => {
  table = await createTestTable();
});

const storeAt = (millis: number) =>
  createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now: at(millis) });

describe('an event whose envelope time was set a day ahead when it first arrived', () => {
  const forged = recipeEvent({ id: 'evt-forged', status: 'Failed', time: iso(ARRIVED + DAY) });
  const real = recipeEvent({ id: 'evt-real', status: 'Applied', time: iso(ARRIVED + 0.5 * DAY) });

  it('is stale when re-run two days later over a real event of half a day after it arrived', async () => {
    // Prepare: the real event is recorded as it happens.
    await processEvent(real, { store: storeAt(ARRIVED + 0.5 * DAY), now: at(ARRIVED + 0.5 * DAY) });

    // Act: the forged event re-run two days after it first arrived.
    const rerun = await processEvent(forged, {
      store: storeAt(ARRIVED + 2 * DAY),
      now: at(ARRIVED + 2 * DAY),
      arrivedAt: new Date(ARRIVED),
    });

    // Assess: ordered by its first arrival, as on that day; repair agrees.
    expect(rerun).toMatchObject({ outcome: 'stale', eventTimeDistrusted: true });
    expect(await readCurrentItem(table, 'recipe-1')).toMatchObject({ eventId: 'evt-real' });
    const [kept] = (await readHistoryItems(table, 'recipe-1')).filter(
      (item) => item.eventId === 'evt-forged',
    );
    expect(kept).toMatchObject({
      orderKey: orderKey(ARRIVED, 'evt-forged'),
      orderedBy: 'recordedAt',
      arrivedAt: iso(ARRIVED),
      recordedAt: iso(ARRIVED + 2 * DAY),
    });
    const repair = await repairRecipe(
      { client: table.documentClient, tableName: table.tableName },
      'recipe-1',
    );
    expect(repair.result).toBe('unchanged');
  });

  it('is ordered the same whether processed when it first arrived or re-run later', () => {
    // Act
    const live = statusRecordOf(forged, new Date(ARRIVED));
    const rerun = statusRecordOf(forged, new Date(ARRIVED + 2 * DAY), { arrivedAt: new Date(ARRIVED) });

    // Assess
    expect(rerun.orderKey).toBe(live.orderKey);
    expect(live.arrivedAt).toBeUndefined();
  });

  it('takes a first arrival later than the re-run as the re-run itself', () => {
    // Act
    const record = statusRecordOf(forged, new Date(ARRIVED), { arrivedAt: new Date(ARRIVED + 3 * DAY) });

    // Assess
    expect(record).toMatchObject({ orderKey: orderKey(ARRIVED, 'evt-forged'), eventTimeDistrusted: true });
    expect(record.arrivedAt).toBeUndefined();
  });
});
