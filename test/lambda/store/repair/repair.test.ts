import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { orderKey } from '../../../../lambda/records/ordering.ts';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import { repairRecipe } from '../../../../lambda/store/repair/repair.ts';
import { type RepairProgress, repairAll } from '../../../../lambda/store/repair/repair-all.ts';
import type { StatusStore } from '../../../../lambda/store/status-store.ts';
import { recipeEvent, uuidV7 } from '../../../support/events.ts';
import { readCurrentItem } from '../../../support/oracle.ts';
import { pinRecipeAsVersion01 } from '../../../support/pinned-recipe.ts';
import { createTestTable, type TestTable } from '../../../support/test-table.ts';
import { interceptingClient, isPutOf } from '../intercepting-client.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');
const iso = (millis: number) => new Date(millis).toISOString();
const id = (millis: number, byte: number) => uuidV7(millis, Buffer.alloc(10, byte));

let table: TestTable;
let store: StatusStore;
const run = (event: unknown) => processEvent(event, { store, now });
const target = () => ({ client: table.documentClient, tableName: table.tableName, now });

beforeEach(async () => {
  table = await createTestTable();
  store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
});

const currentOf = (recipeUid = 'recipe-1') => readCurrentItem(table, recipeUid);

const itemsOf = async (recipeUid = 'recipe-1') =>
  (
    await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `RECIPE#${recipeUid}` },
      }),
    )
  ).Items ?? [];

describe('repairRecipe', () => {
  it('reports and writes nothing on a dry run', async () => {
    // Prepare
    await run(recipeEvent({ id: id(T0, 1), time: iso(T0) }));
    await pinRecipeAsVersion01(table, {
      recipeUid: 'recipe-1',
      eventId: id(Y2099, 2),
      recordedAt: T0 + 60_000,
    });
    const before = await itemsOf();

    // Act
    const report = await repairRecipe(target(), 'recipe-1', { dryRun: true });

    // Assess
    expect(report).toMatchObject({
      result: 'would-repair',
      dryRun: true,
      before: { eventId: id(Y2099, 2), orderKey: orderKey(Y2099, id(Y2099, 2)) },
      after: {
        eventId: id(Y2099, 2),
        orderKey: orderKey(T0 + 60_000, id(Y2099, 2)),
        orderedBy: 'recordedAt',
      },
      history: [{ change: 'reordered', eventId: id(Y2099, 2) }],
    });
    expect(await itemsOf()).toEqual(before);
  });

  it('reports a recipe that is right as unchanged, and one with no items as not found', async () => {
    // Prepare
    await run(recipeEvent({ id: id(T0, 1), time: iso(T0) }));

    // Act and assess
    expect(await repairRecipe(target(), 'recipe-1')).toMatchObject({
      result: 'unchanged',
      history: [],
      historyItems: 1,
    });
    expect(await repairRecipe(target(), 'no-such-recipe')).toMatchObject({ result: 'not-found' });
  });

  it('never overwrites a current record that changed between its read and its write', async () => {
    // Prepare
    await run(recipeEvent({ id: id(T0, 1), time: iso(T0) }));
    await pinRecipeAsVersion01(table, {
      recipeUid: 'recipe-1',
      eventId: id(Y2099, 2),
      recordedAt: T0 + 60_000,
    });
    const handEdit = { eventId: id(T0 + 120_000, 3), orderKey: orderKey(T0 + 120_000, id(T0 + 120_000, 3)) };
    let raced = false;
    const racing = interceptingClient(table.endpoint, async (command) => {
      if (raced || !isPutOf(command, 'CURRENT')) return;
      raced = true;
      // A current record with no history item (a hand edit, or history expired) lands just before the write:
      // only the write's condition can keep the repair from overwriting it.
      const pinned = await currentOf();
      await table.documentClient.send(
        new PutCommand({ TableName: table.tableName, Item: { ...pinned, ...handEdit, status: 'Applied' } }),
      );
    });

    // Act
    const report = await repairRecipe({ ...target(), client: racing }, 'recipe-1');

    // Assess
    expect(raced).toBe(true);
    expect(report).toMatchObject({
      result: 'repaired',
      after: handEdit,
      history: [{ change: 'reordered', eventId: id(Y2099, 2) }],
    });
    expect(await currentOf()).toMatchObject({ ...handEdit, status: 'Applied' });
  });

  it('reads again after writing, so an event that reached history unseen still ends current', async () => {
    // Prepare
    await run(recipeEvent({ id: id(T0, 1), time: iso(T0) }));
    await pinRecipeAsVersion01(table, {
      recipeUid: 'recipe-1',
      eventId: id(Y2099, 2),
      recordedAt: T0 + 60_000,
    });
    const unseen = recipeEvent({ id: id(T0 + 120_000, 3), status: 'Applied', time: iso(T0 + 120_000) });
    let raced = false;
    const racing = interceptingClient(table.endpoint, async (command) => {
      if (raced || !isPutOf(command, 'CURRENT')) return;
      raced = true;
      // Its delivery wrote history, then lost to the pinned current record: `stale`.
      expect((await run(unseen)).outcome).toBe('stale');
    });

    // Act
    const report = await repairRecipe({ ...target(), client: racing }, 'recipe-1');

    // Assess
    expect(report).toMatchObject({ result: 'repaired', after: { eventId: unseen.detail.id } });
    expect(await currentOf()).toMatchObject({ eventId: unseen.detail.id });
  });
});

describe('repairAll', () => {
  const prepare = async () => {
    for (const recipe of ['a', 'b', 'c', 'd', 'e']) {
      await run(recipeEvent({ id: id(T0, 1), recipeUid: recipe, time: iso(T0) }));
    }
    await pinRecipeAsVersion01(table, { recipeUid: 'b', eventId: id(Y2099, 2), recordedAt: T0 + 60_000 });
    await pinRecipeAsVersion01(table, { recipeUid: 'd', eventId: id(Y2099, 3), recordedAt: T0 + 60_000 });
    await run({ ...recipeEvent({ id: 'not valid' }), time: 'never' });
  };

  it('walks every recipe once, at the rate asked, repairing the pinned ones', async () => {
    // Prepare
    await prepare();
    const waits: number[] = [];
    const progress: RepairProgress[] = [];

    // Act
    const summary = await repairAll(target(), {
      pageSize: 2,
      recipesPerSecond: 4,
      sleep: async (ms) => {
        waits.push(ms);
      },
      onProgress: (step) => progress.push(step),
    });

    // Assess
    expect(summary.counts).toEqual({
      recipes: 5,
      unchanged: 3,
      repaired: 2,
      'would-repair': 0,
      conflict: 0,
      refused: 0,
      'not-found': 0,
      unreadable: 0,
    });
    expect(summary.changed.map((report) => report.recipeUid).sort()).toEqual(['b', 'd']);
    expect(summary.nextCursor).toBeUndefined();
    expect(waits).toEqual([250, 250, 250, 250]);
    expect(progress.map((step) => step.counts.recipes)).toEqual([1, 2, 3, 4, 5]);
    expect((await currentOf('b'))?.orderKey).toBe(orderKey(T0 + 60_000, id(Y2099, 2)));
  });

  it('stops after the pages asked and resumes from its cursor, visiting each recipe', async () => {
    // Prepare
    await prepare();
    const seen: string[] = [];
    const options = {
      dryRun: true,
      pageSize: 3,
      sleep: async () => {},
      onProgress: (step: RepairProgress) => seen.push(step.last.recipeUid),
    };

    // Act
    let summary = await repairAll(target(), { ...options, maxPages: 1 });
    let runs = 1;
    while (summary.nextCursor !== undefined) {
      summary = await repairAll(target(), { ...options, maxPages: 1, cursor: summary.nextCursor });
      runs += 1;
    }

    // Assess
    expect(runs).toBeGreaterThan(1);
    // A recipe split across two pages is visited again on resume: harmless, and allowed.
    expect([...new Set(seen)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await currentOf('b'))?.orderKey).toBe(orderKey(Y2099, id(Y2099, 2)));
  });
});
