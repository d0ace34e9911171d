import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { repairRecipe } from '../../lambda/store/repair/repair.ts';
import { recipeEvent, uuidV7 } from '../support/events.ts';
import { expectedCurrent, inPool, readCurrentItem } from '../support/oracle.ts';
import { pinRecipeAsVersion01 } from '../support/pinned-recipe.ts';
import { printSeedOnFailure } from '../support/print-seed.ts';
import { seededBytes, seededRandom, TEST_SEED } from '../support/seed.ts';
import { shuffled } from '../support/shuffle.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { emptyCounts, report, scaled } from './scale.ts';

// Redeliveries of a pinning event race repairs of its recipe: once a repair has run, no redelivery that
// started before it puts the pinning order back (the deterministic case is test/lambda/store/repair/repair-race.test.ts).

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');
const iso = (millis: number) => new Date(millis).toISOString();
let table: TestTable;
const counts = emptyCounts();
printSeedOnFailure();

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => report('repair-race', counts));

describe('redeliveries of a pinning event during repairs', () => {
  it(
    'end with every recipe at its greatest real event',
    async () => {
      const random = seededRandom(TEST_SEED);
      const now = () => new Date(T0 + 3_600_000);
      const stores = Array.from({ length: 4 }, () =>
        createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now }),
      );
      const target = { client: table.documentClient, tableName: table.tableName, now };
      for (let run = 0; run < scaled(40, 6); run += 1) {
        // Prepare: a pinned recipe, real events after the pinning one was recorded, redeliveries, repairs.
        const recipeUid = `race-${run}`;
        const pinning = uuidV7(Y2099, seededBytes(random, 10));
        await pinRecipeAsVersion01(table, { recipeUid, eventId: pinning, recordedAt: T0 });
        const real = Array.from({ length: 3 }, (_, step) =>
          recipeEvent({
            id: uuidV7(T0 + 1_000 + step * 1_000, seededBytes(random, 10)),
            recipeUid,
            status: 'Applied',
            time: iso(T0 + 1_000 + step * 1_000),
          }),
        );
        const redelivery = recipeEvent({ id: pinning, recipeUid, status: 'Failed', time: iso(T0) });
        const tasks = shuffled(
          [
            ...real.map((event) => ({ kind: 'event' as const, event })),
            ...Array.from({ length: 4 }, () => ({ kind: 'event' as const, event: redelivery })),
            ...Array.from({ length: 3 }, () => ({ kind: 'repair' as const })),
          ],
          TEST_SEED + run,
        );

        // Act
        let worker = 0;
        const results = await inPool(tasks, 6, async (task) => {
          try {
            if (task.kind === 'repair') return (await repairRecipe(target, recipeUid)).result;
            const store = stores[worker++ % stores.length] ?? stores[0];
            if (store === undefined) throw new Error('no store');
            return (await processEvent(task.event, { store, now })).outcome;
          } catch (error) {
            counts.crashed += 1;
            throw error;
          }
        });
        counts.deliveries += tasks.filter((task) => task.kind === 'event').length;
        // Every repair met a change under way: one more, alone, decides.
        if (results.filter((result) => result === 'conflict').length === 3)
          await repairRecipe(target, recipeUid);

        // Assess
        const expected = expectedCurrent(real).get(recipeUid);
        const there = await readCurrentItem(table, recipeUid);
        if (there === undefined) counts.lost += 1;
        else if (there.eventId !== expected?.detail.id) counts.regressed += 1;
        expect(there?.eventId).toBe(expected?.detail.id);
      }
      expect(counts).toMatchObject({ lost: 0, regressed: 0, crashed: 0 });
    },
    scaled(600_000, 120_000),
  );
});
