import { beforeEach, describe, expect, it } from 'vitest';
import { processEvent } from '../../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../../lambda/store/dynamodb-status-store.ts';
import { repairRecipe } from '../../../../lambda/store/repair/repair.ts';
import { recipeEvent, uuidV7 } from '../../../support/events.ts';
import { readCurrentItem } from '../../../support/oracle.ts';
import { pinRecipeAsVersion01 } from '../../../support/pinned-recipe.ts';
import { createTestTable, type TestTable } from '../../../support/test-table.ts';
import { gate, interceptingClient } from '../intercepting-client.ts';

// Repairs that stay repaired: items older versions wrote are ordered by the rule, and no delivery under
// way puts back an order a repair removed (issue 18, cases 2 and 3).

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');
const iso = (millis: number) => new Date(millis).toISOString();
let table: TestTable;

beforeEach(async () => {
  table = await createTestTable();
});

const storeOn = (client = table.documentClient) =>
  createDynamoDbStatusStore({ client, tableName: table.tableName, now });
const run = (event: unknown, store = storeOn()) => processEvent(event, { store, now });
const target = () => ({ client: table.documentClient, tableName: table.tableName, now });
const current = () => readCurrentItem(table, 'recipe-1');

describe('repair of items an older version wrote', () => {
  it('bounds an id that is not a UUIDv7, stored at 2099, by the time it was recorded', async () => {
    // Prepare: the pinning item was recorded at T0 + 1 s; a real event of T0 + 10 s came after it.
    await pinRecipeAsVersion01(table, { recipeUid: 'recipe-1', eventId: 'evt-2099', recordedAt: T0 + 1_000 });
    const real = recipeEvent({ id: 'evt-real', status: 'Applied', time: iso(T0 + 10_000) });
    expect((await run(real)).outcome).toBe('stale');

    // Act
    const report = await repairRecipe(target(), 'recipe-1');

    // Assess
    expect(report).toMatchObject({
      result: 'repaired',
      fallbacks: [{ eventId: 'evt-2099', basis: 'occurredAt' }],
    });
    expect(await current()).toMatchObject({ eventId: 'evt-real', status: 'Applied' });
    expect(await repairRecipe(target(), 'recipe-1')).toMatchObject({ result: 'unchanged' });
  });
});

describe('a delivery held between its two requests while a repair runs', () => {
  it('does not put back the order the repair removed', async () => {
    // Prepare: a UUIDv7 dated 2099 pins the recipe; a real event came after the pinning one was recorded.
    const pinning = uuidV7(Y2099, Buffer.alloc(10, 2));
    await pinRecipeAsVersion01(table, { recipeUid: 'recipe-1', eventId: pinning, recordedAt: T0 + 1_000 });
    await run(recipeEvent({ id: 'evt-real', status: 'Applied', time: iso(T0 + 10_000) }));
    const paused = gate();
    const resume = gate();
    let held = false;
    const holding = interceptingClient(table.endpoint, async (command) => {
      // The request after the history put, which found the event recorded: the duplicate path's read.
      if (held || command.constructor.name !== 'GetCommand') return;
      held = true;
      paused.open();
      await resume.opened;
    });

    // Act: the redelivery reads the recorded item, stalls; the repair runs whole; the redelivery resumes.
    const redelivery = run(recipeEvent({ id: pinning, time: iso(T0 + 1_000) }), storeOn(holding));
    await paused.opened;
    const repair = await repairRecipe(target(), 'recipe-1');
    resume.open();
    const redelivered = await redelivery;

    // Assess
    expect(repair.result).toBe('repaired');
    expect(redelivered.outcome).toBe('duplicate');
    expect(await current()).toMatchObject({ eventId: 'evt-real', status: 'Applied' });
    expect(await repairRecipe(target(), 'recipe-1')).toMatchObject({ result: 'unchanged' });
  });
});
