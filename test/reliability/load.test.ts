import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { recipeEvent, uuidV7 } from '../support/events.ts';
import { expectedCurrent, inPool, readState } from '../support/oracle.ts';
import { printSeedOnFailure } from '../support/print-seed.ts';
import { TEST_SEED } from '../support/seed.ts';
import { shuffled } from '../support/shuffle.ts';
import { createTestTable, patientDocumentClient, type TestTable } from '../support/test-table.ts';
import { emptyCounts, report, scaled } from './scale.ts';

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const STATUSES = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;
const EVENTS = scaled(10_000, 600);
const RECIPES = scaled(500, 30);
const IN_FLIGHT = 32;

let table: TestTable;
const counts = emptyCounts();
printSeedOnFailure();

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => report('load', counts));

describe('load', () => {
  it(
    `${EVENTS} events over ${RECIPES} recipes, ${IN_FLIGHT} in flight, with duplicates and reordering, end exactly right`,
    async () => {
      const events = Array.from({ length: EVENTS }, (_, i) =>
        recipeEvent({
          id: uuidV7(
            T0 + Math.floor(i / RECIPES) * 1_000,
            Buffer.from(i.toString(16).padStart(20, '0'), 'hex'),
          ),
          recipeUid: `load-r${i % RECIPES}`,
          deviceIdentityHash: `load-d${i % 97}`,
          organizationUid: `load-o${i % 5}`,
          status: STATUSES[(i * 7) % STATUSES.length],
        }),
      );
      // One event in ten is delivered twice; all in random order.
      const deliveries = shuffled([...events, ...events.filter((_, i) => i % 10 === 0)], TEST_SEED);
      // Eight "Lambda instances", each with its own client, share the load. The outcome
      // counts below are exact, so the clients must not retry a write that landed.
      const stores = Array.from({ length: 8 }, () =>
        createDynamoDbStatusStore({
          client: patientDocumentClient(table.endpoint),
          tableName: table.tableName,
        }),
      );
      const latencies: number[] = [];
      let turn = 0;
      const started = performance.now();
      const results = await inPool(deliveries, IN_FLIGHT, async (event) => {
        const store = stores[turn++ % stores.length];
        if (store === undefined) throw new Error('no store');
        const begin = performance.now();
        try {
          return await processEvent(event, { store, now: () => new Date() });
        } catch (error) {
          counts.crashed += 1;
          throw error;
        } finally {
          latencies.push(performance.now() - begin);
        }
      });
      const seconds = (performance.now() - started) / 1000;
      counts.deliveries = deliveries.length;

      const expected = expectedCurrent(events);
      const { current, history } = await readState(table, 'load-');
      for (const [recipe, event] of expected) {
        const there = current.get(recipe);
        if (there === undefined) counts.lost += 1;
        else if (there.eventId !== event.detail.id) counts.regressed += 1;
      }
      const historyCount = [...history.values()].reduce((sum, ids) => sum + ids.length, 0);
      counts.lost += Math.max(0, events.length - historyCount);
      counts.duplicated += Math.max(0, historyCount - events.length);
      const tally = (outcome: string) => results.filter((result) => result.outcome === outcome).length;

      latencies.sort((a, b) => a - b);
      const percentile = (p: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
      counts.notes = {
        p50Ms: Math.round(percentile(0.5) * 10) / 10,
        p99Ms: Math.round(percentile(0.99) * 10) / 10,
        eventsPerSecond: Math.round(deliveries.length / seconds),
        applied: tally('applied'),
        stale: tally('stale'),
        duplicate: tally('duplicate'),
      };
      expect(tally('applied') + tally('stale')).toBe(events.length);
      expect(tally('duplicate')).toBe(deliveries.length - events.length);
      expect(counts).toMatchObject({ lost: 0, regressed: 0, duplicated: 0, crashed: 0 });
    },
    scaled(900_000, 120_000),
  );
});
