import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatusChanged } from '../../../lambda/changes/status-changed.ts';
import { changesOfRecords, type StreamRecord } from '../../../lambda/changes/stream-records.ts';
import { latestStreamArn, readTableStream, streamsClientFor } from '../../../lambda/changes/table-stream.ts';
import { RECIPE_STATUSES } from '../../../lambda/contract/event-schema.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { expectedTransitions, type Transition } from '../../support/oracle.ts';
import { printSeedOnFailure } from '../../support/print-seed.ts';
import { seededRandom, TEST_SEED } from '../../support/seed.ts';
import { shuffled } from '../../support/shuffle.ts';
import { createTestTable, patientDocumentClient, type TestTable } from '../../support/test-table.ts';

printSeedOnFailure();

const RECIPES = 5;
const EVENTS_PER_RECIPE = 12;
const START = Date.parse('2026-11-26T09:00:00Z');

let table: TestTable;
let records: StreamRecord[];
let deliveries: ReturnType<typeof recipeEvent>[];

/** Every record of the table's stream, as the deployed mapping would hand them over. */
const readStream = async (): Promise<StreamRecord[]> => {
  const streams = await streamsClientFor(table.client);
  const all: StreamRecord[] = [];
  for await (const batch of readTableStream(streams, await latestStreamArn(table.client, table.tableName)))
    all.push(...batch);
  streams.destroy();
  return all;
};

const byRecipe = (changes: readonly StatusChanged[]): Map<string, Transition[]> => {
  const grouped = new Map<string, Transition[]>();
  for (const change of changes)
    grouped.set(change.recipeUid, [
      ...(grouped.get(change.recipeUid) ?? []),
      [change.previousStatus, change.status, change.eventId],
    ]);
  return grouped;
};

beforeAll(async () => {
  // Prepare: recipes whose events arrive shuffled, a third of them twice, so many arrive late.
  table = await createTestTable();
  const random = seededRandom(TEST_SEED);
  const events = Array.from({ length: RECIPES }, (_, recipe) =>
    Array.from({ length: EVENTS_PER_RECIPE }, (_, index) =>
      recipeEvent({
        id: uuidV7(START + index * 1_000 + recipe),
        recipeUid: `recipe-stream-${recipe}`,
        status: RECIPE_STATUSES[Math.floor(random() * RECIPE_STATUSES.length)],
      }),
    ),
  ).flat();
  const duplicates = events.filter(() => random() < 1 / 3);
  deliveries = shuffled([...events, ...duplicates], TEST_SEED);
  const store = createDynamoDbStatusStore({
    client: patientDocumentClient(table.endpoint),
    tableName: table.tableName,
  });
  for (const event of deliveries) await processEvent(event, { store, now: () => new Date() });
  records = await readStream();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("the publisher's decision on DynamoDB Local's stream", () => {
  it('emits exactly the status transitions of each current record, in order per recipe', () => {
    // Act
    const changes = changesOfRecords(records);

    // Assess: the oracle replays the deliveries on the ordering rule, apart from the code.
    const expected = expectedTransitions(deliveries);
    expect(expected.size).toBe(RECIPES);
    expect(byRecipe(changes)).toEqual(expected);
    // Stale and duplicate deliveries and same-status events were in the stream, and emitted nothing.
    expect(changes.length).toBeLessThan(deliveries.length);
    for (const change of changes) expect(change.repair).toBe(false);
  });

  it('puts the same changes on the bus through the deployed handler, ten per PutEvents at most', async () => {
    // Prepare
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).callsFake(({ Entries = [] }) => ({
      FailedEntryCount: 0,
      Entries: Entries.map((_: unknown, index: number) => ({ EventId: `put-${index}` })),
    }));
    vi.stubEnv('EVENT_BUS_NAME', 'recipe-status-bus');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { handler } = await import('../../../lambda/changes/handler.ts');

    // Act: the stream in Lambda-sized batches, in order.
    for (let start = 0; start < records.length; start += 7)
      await handler({ Records: records.slice(start, start + 7) }, lambdaContext());

    // Assess
    const entries = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => {
      const sent = call.args[0].input.Entries ?? [];
      expect(sent.length).toBeLessThanOrEqual(10);
      return sent;
    });
    for (const entry of entries)
      expect(entry).toMatchObject({
        EventBusName: 'recipe-status-bus',
        Source: 'recipe-status',
        DetailType: 'RecipeStatus.Changed',
      });
    expect(entries.map((entry) => JSON.parse(entry.Detail ?? ''))).toEqual(changesOfRecords(records));
    eventBridge.restore();
  });
});
