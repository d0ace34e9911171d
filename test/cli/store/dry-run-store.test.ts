import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDryRunStore } from '../../../cli/store/dry-run-store.ts';
import { parseRecipeStatusEvent } from '../../../lambda/contract/event-schema.ts';
import { toStatusRecord } from '../../../lambda/records/records.ts';
import { type Outcome, processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { historyItem } from '../../../lambda/store/items.ts';
import { repairRecipe } from '../../../lambda/store/repair/repair.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { printSeedOnFailure } from '../../support/print-seed.ts';
import { seededBytes, seededRandom, TEST_SEED } from '../../support/seed.ts';
import { shuffled } from '../../support/shuffle.ts';
import { createTestTable, patientDocumentClient, type TestTable } from '../../support/test-table.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');
const RECIPES = ['r-parity-1', 'r-parity-2', 'r-parity-3'];
const EVENTS_PER_RECIPE = 5;
const STATUSES = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;

type RecipeEvent = ReturnType<typeof recipeEvent>;

/** One step of the sequence: a delivery, a crash between the two writes, or a repair. */
type Step =
  | { readonly kind: 'deliver'; readonly event: RecipeEvent }
  | { readonly kind: 'crash'; readonly event: RecipeEvent }
  | { readonly kind: 'repair'; readonly recipeUid: string };

interface Compared {
  readonly step: number;
  readonly eventId: string;
  readonly dryRun: Outcome;
  readonly real: Outcome;
}

printSeedOnFailure(TEST_SEED);

/** Every event delivered twice, some crashed before their first delivery, each recipe repaired once; shuffled. */
const sequence = (seed: number): Step[] => {
  const random = seededRandom(seed);
  const events = RECIPES.flatMap((recipeUid, r) =>
    Array.from({ length: EVENTS_PER_RECIPE }, (_, i) =>
      recipeEvent({
        id: uuidV7(T0 + (r * EVENTS_PER_RECIPE + i) * 1_000, seededBytes(random, 10)),
        recipeUid,
        status: STATUSES[i % STATUSES.length],
      }),
    ),
  );
  const invalid = recipeEvent({ id: uuidV7(T0 + 90_000, seededBytes(random, 10)), recipeUid: 'r-parity-1' });
  invalid.detail.payload.status = 'Done' as 'Pending';
  return shuffled(
    [
      ...events.flatMap((event): Step[] => [
        { kind: 'deliver', event },
        { kind: 'deliver', event },
      ]),
      ...events.filter((_, index) => index % 2 === 0).map((event): Step => ({ kind: 'crash', event })),
      ...RECIPES.map((recipeUid): Step => ({ kind: 'repair', recipeUid })),
      { kind: 'deliver', event: invalid },
    ],
    seed,
  );
};

describe('the dry-run store', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });

  it('answers every event of a seeded, shuffled sequence as the real store then does', async () => {
    // Prepare
    const client = patientDocumentClient(table.endpoint);
    const real = createDynamoDbStatusStore({ client, tableName: table.tableName });
    const dryRun = createDryRunStore(client, table.tableName);
    const delivered = new Set<string>();
    const compared: Compared[] = [];

    // Act: each delivery is first asked of the dry run, then made for real, on the same state.
    for (const [index, step] of sequence(TEST_SEED).entries()) {
      if (step.kind === 'repair') {
        await repairRecipe({ client, tableName: table.tableName, now }, step.recipeUid);
        continue;
      }
      if (step.kind === 'crash') {
        // Only the history item written, as when a delivery dies before its current put.
        if (delivered.has(step.event.detail.id)) continue;
        const parsed = parseRecipeStatusEvent(step.event);
        if (!parsed.success)
          throw new Error(`the crash step's event must be valid: ${JSON.stringify(parsed.issues)}`);
        const record = toStatusRecord(parsed, { recordedAt: now() });
        await client.send(
          new PutCommand({ TableName: table.tableName, Item: historyItem(record, undefined) }),
        );
        continue;
      }
      const predicted = await processEvent(step.event, { store: dryRun, now });
      const result = await processEvent(step.event, { store: real, now });
      delivered.add(step.event.detail.id);
      compared.push({
        step: index,
        eventId: step.event.detail.id,
        dryRun: predicted.outcome,
        real: result.outcome,
      });
    }

    // Assess: identical outcomes, and the sequence reached every branch of the decision.
    expect(compared.filter((pair) => pair.dryRun !== pair.real)).toEqual([]);
    expect(new Set(compared.map((pair) => pair.real))).toEqual(
      new Set(['applied', 'duplicate', 'stale', 'rejected']),
    );
  });
});
