import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOrderKeys } from '../../lambda/records/ordering.ts';
import { CLIENT_TIMEOUTS } from '../../lambda/shared/client-settings.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDocumentClient } from '../../lambda/store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { recipeEvent, uuidV7 } from '../support/events.ts';
import { type FaultMode, type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { readState } from '../support/oracle.ts';
import { printSeedOnFailure } from '../support/print-seed.ts';
import { TEST_SEED } from '../support/seed.ts';
import { shuffled } from '../support/shuffle.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { emptyCounts, report, scaled } from './scale.ts';

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const STATUSES = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;
// The handler's own client settings: the promise under test is "throws within them".
const WORST_CASE_MS =
  CLIENT_TIMEOUTS.maxAttempts * (CLIENT_TIMEOUTS.connectionTimeoutMs + CLIENT_TIMEOUTS.requestTimeoutMs) +
  3_000;

// An asynchronous invocation: the first attempt and Lambda's two retries.
const LAMBDA_ATTEMPTS = 3;

const recipes = scaled(40, 8);
const perRecipe = scaled(8, 5);
const events = shuffled(
  Array.from({ length: recipes * perRecipe }, (_, i) =>
    recipeEvent({
      id: uuidV7(T0 + Math.floor(i / recipes) * 1_000 + (i % recipes), Buffer.alloc(10, i % 251)),
      recipeUid: `fault-r${i % recipes}`,
      status: STATUSES[i % STATUSES.length],
    }),
  ),
  TEST_SEED,
);

let reference: TestTable;
let faulty: TestTable;
let proxy: FaultProxy;
const counts = emptyCounts();
printSeedOnFailure();

beforeAll(async () => {
  [reference, faulty] = await Promise.all([createTestTable(), createTestTable()]);
  proxy = await startFaultProxy(faulty.endpoint);
});
afterAll(async () => {
  await proxy.close();
  report('faults', counts);
});

describe('DynamoDB failing under the handler', () => {
  it('throws within the client timeouts, never regresses a status, and converges on retry with nothing lost', async () => {
    const now = () => new Date();
    // The fault-free run the faulty one must end up equal to.
    const referenceStore = createDynamoDbStatusStore({
      client: reference.documentClient,
      tableName: reference.tableName,
    });
    for (const event of events) await processEvent(event, { store: referenceStore, now });

    const store = createDynamoDbStatusStore({
      client: createDocumentClient({ endpoint: proxy.endpoint, region: 'us-east-1' }),
      tableName: faulty.tableName,
    });
    const failed: unknown[] = [];
    let healthyPhaseThrows = 0;
    const highest = new Map<string, string>();
    const checkNoRegression = async () => {
      const { current } = await readState(faulty, 'fault-');
      for (const [recipe, record] of current) {
        const before = highest.get(recipe);
        if (before !== undefined && compareOrderKeys(record.orderKey, before) < 0) counts.regressed += 1;
        highest.set(recipe, record.orderKey);
      }
    };

    // Phases alternate healthy and failing; each takes the next slice of the events.
    const phases: FaultMode[] = ['none', 'refuse', 'none', 'reset', 'stall', 'none', 'reset-second', 'none'];
    const slice = Math.ceil(events.length / phases.length);
    for (const [index, mode] of phases.entries()) {
      await proxy.setMode(mode);
      const batch = events.slice(index * slice, (index + 1) * slice);
      const thrown: number[] = [];
      await Promise.all(
        batch.map(async (event) => {
          counts.deliveries += 1;
          const started = performance.now();
          try {
            await processEvent(event, { store, now });
          } catch {
            thrown.push(performance.now() - started);
            failed.push(event);
          }
        }),
      );
      if (mode === 'refuse' || mode === 'reset' || mode === 'stall')
        expect(thrown).toHaveLength(batch.length);
      // Right after an outage the SDK may not retry at once (a kept-alive socket the outage
      // closed, a retry quota the outage spent): such an event throws and Lambda retries it.
      if (mode === 'none') healthyPhaseThrows += thrown.length;
      for (const elapsed of thrown) expect(elapsed).toBeLessThan(WORST_CASE_MS);
      await checkNoRegression();
    }
    counts.faults = proxy.faultsInjected();
    expect(counts.faults).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);

    // Lambda retries (or `recipe-status redrive` replays) every failed event, in any order. As in
    // the healthy phases, the first request after the outage may still throw; Lambda retries that
    // too (twice, for an asynchronous invocation).
    await proxy.setMode('none');
    let thrownAfterRecovery = 0;
    for (const event of shuffled(failed, TEST_SEED + 1)) {
      for (let attempt = 1; ; attempt++) {
        counts.deliveries += 1;
        try {
          await processEvent(event, { store, now });
          break;
        } catch (error) {
          if (attempt === LAMBDA_ATTEMPTS) throw error;
          thrownAfterRecovery += 1;
        }
      }
    }
    await checkNoRegression();

    const expected = await readState(reference, 'fault-');
    const actual = await readState(faulty, 'fault-');
    for (const [recipe, record] of expected.current) {
      const there = actual.current.get(recipe);
      if (there?.eventId !== record.eventId) counts.lost += 1;
      const expectedIds = [...(expected.history.get(recipe) ?? [])].sort();
      const actualIds = actual.history.get(recipe) ?? [];
      counts.duplicated += actualIds.length - new Set(actualIds).size;
      counts.lost += expectedIds.filter((id) => !actualIds.includes(id)).length;
      expect([...actualIds].sort()).toEqual(expectedIds);
    }
    counts.notes = {
      failedThenRetried: failed.length,
      thrownInHealthyPhases: healthyPhaseThrows,
      thrownAfterRecovery,
    };
    expect(actual.current).toEqual(expected.current);
    expect(counts).toMatchObject({ lost: 0, regressed: 0, duplicated: 0 });
  }, 180_000);
});
