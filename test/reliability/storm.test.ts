import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvocationDeadline } from '../../lambda/shared/deadline-retry.ts';
import {
  FUNCTION_TIMEOUT_SECONDS,
  STATUS_DEFAULT_RESERVED_CONCURRENCY,
} from '../../lambda/shared/function-limits.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDocumentClient } from '../../lambda/store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { createAsyncInvoker } from '../support/async-invocation.ts';
import { recipeEvent, uuidV7 } from '../support/events.ts';
import { expectedCurrent, readState } from '../support/oracle.ts';
import { seededRandom, TEST_SEED } from '../support/seed.ts';
import { shuffled } from '../support/shuffle.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { startThrottlingProxy, type ThrottlingProxy } from '../support/throttling-proxy.ts';
import { emptyCounts, report, scaled } from './scale.ts';

/**
 * A bulk provisioning storm: thousands of recipes of one organization change
 * status within seconds, through Lambda's asynchronous invocation (modelled)
 * at the stack's reserved concurrency, against a table that throttles writes
 * above its capacity. The status function's real code runs: processEvent, the
 * DynamoDB store, and a client with the functions' retry settings.
 */
const SEED = TEST_SEED;
const EVENTS = scaled(20_000, 2_000);
const STEPS = ['Pending', 'Applied', 'Failed', 'Applied'] as const;
const RECIPES = EVENTS / STEPS.length;
// The storm arrives within this window, at an even rate: under 30 s.
const ARRIVAL_SECONDS = scaled(10, 2);
// The table's capacity, modelled: below what the invocations would write, so the storm is throttled.
const WRITES_PER_SECOND = 400;
const BURST = 50;
const T0 = Date.parse('2026-11-26T08:00:00.000Z');

let table: TestTable;
let proxy: ThrottlingProxy;
const counts = emptyCounts();

beforeAll(async () => {
  table = await createTestTable();
  proxy = await startThrottlingProxy(table.endpoint, {
    writesPerSecond: WRITES_PER_SECOND,
    burst: BURST,
    startEmpty: true,
  });
});
afterAll(async () => {
  await proxy.close();
  report('storm', counts);
});

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);
};

/** One organization's recipes, each through its statuses; every 20th event delivered twice; in random order. */
const stormEvents = () => {
  const events = Array.from({ length: EVENTS }, (_, i) => {
    const recipe = i % RECIPES;
    const step = Math.floor(i / RECIPES);
    return recipeEvent({
      id: uuidV7(T0 + step * 60_000 + recipe, Buffer.from(i.toString(16).padStart(20, '0'), 'hex')),
      recipeUid: `storm-r${recipe}`,
      deviceIdentityHash: `storm-d${recipe}`,
      organizationUid: 'storm-org',
      status: STEPS[step],
    });
  });
  const deliveries = shuffled([...events, ...events.filter((_, i) => i % 20 === 0)], SEED);
  return { events, deliveries };
};

describe('the model of asynchronous invocation', () => {
  const model = (concurrency: number, invoke: (name: string) => Promise<void>) => {
    let inFlight = 0;
    let mostInFlight = 0;
    const invocations = new Map<string, number>();
    const invoker = createAsyncInvoker<string>({
      concurrency,
      timeoutMs: 200,
      retryAttempts: 2,
      throttledDelayMs: () => 1,
      retryDelayMs: () => 1,
      invoke: async (name) => {
        invocations.set(name, (invocations.get(name) ?? 0) + 1);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          await invoke(name);
        } finally {
          inFlight -= 1;
        }
      },
    });
    return { invoker, invocations, mostInFlight: () => mostInFlight };
  };
  const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

  it('runs at most its concurrency, throttles without using retries, and dead-letters after two retries', async () => {
    const { invoker, invocations, mostInFlight } = model(2, async (name) => {
      await pause(5);
      if (name === 'always-fails') throw new Error('store unavailable');
      if (name === 'fails-twice' && (invocations.get(name) ?? 0) <= 2) throw new Error('throttled');
    });

    for (const name of ['a', 'b', 'c', 'd', 'e', 'always-fails', 'fails-twice']) invoker.invokeAsync(name);
    const report = await invoker.drained();

    expect(mostInFlight()).toBe(2);
    expect(report.throttles).toBeGreaterThan(0);
    expect(Object.fromEntries(invocations)).toEqual({
      a: 1,
      b: 1,
      c: 1,
      d: 1,
      e: 1,
      'always-fails': 3,
      'fails-twice': 3,
    });
    expect(report).toMatchObject({ events: 7, invocations: 11, succeeded: 6, functionErrors: 5 });
    expect(report.deadLetters).toEqual([
      { event: 'always-fails', attempts: 3, error: 'Error: store unavailable' },
    ]);
  });

  it('counts an invocation past the timeout as a function error, and keeps its environment busy until it ends', async () => {
    const { invoker, mostInFlight } = model(1, (name) => pause(name === 'slow' ? 300 : 1));

    invoker.invokeAsync('slow');
    invoker.invokeAsync('fast');
    const report = await invoker.drained();

    expect(mostInFlight()).toBe(1);
    expect(report).toMatchObject({ timeouts: 3, functionErrors: 3, succeeded: 1 });
    expect(report.deadLetters.map((letter) => letter.event)).toEqual(['slow']);
  });
});

describe('a bulk provisioning storm', () => {
  it(
    `drains ${EVENTS} events through ${STATUS_DEFAULT_RESERVED_CONCURRENCY} concurrent invocations into a throttling table, nothing dead-lettered or lost (seed ${SEED})`,
    async () => {
      const { events, deliveries } = stormEvents();
      const random = seededRandom(SEED);
      // One store, client and deadline per execution environment, as the handler builds them at load.
      const environments = Array.from({ length: STATUS_DEFAULT_RESERVED_CONCURRENCY }, () => {
        const deadline = createInvocationDeadline();
        const client = createDocumentClient({ endpoint: proxy.endpoint, retryDeadline: deadline.get });
        return { deadline, store: createDynamoDbStatusStore({ client, tableName: table.tableName }) };
      });
      const timeoutMs = FUNCTION_TIMEOUT_SECONDS * 1_000;
      const durations: number[] = [];
      const invoker = createAsyncInvoker<(typeof deliveries)[number]>({
        concurrency: STATUS_DEFAULT_RESERVED_CONCURRENCY,
        timeoutMs,
        retryAttempts: 2,
        // Lambda: 1 s doubling to 5 min; scaled to 10 ms doubling to 2 s, with full jitter.
        throttledDelayMs: (throttles) => random() * Math.min(10 * 2 ** throttles, 2_000),
        // Lambda: about 1 min, then 2 min; scaled to 100 ms, then 200 ms.
        retryDelayMs: (attempt) => 100 * attempt,
        invoke: async (event, environment) => {
          const { deadline, store } = environments[environment] ?? {};
          if (deadline === undefined || store === undefined) throw new Error(`no environment ${environment}`);
          deadline.start(timeoutMs);
          const started = performance.now();
          try {
            await processEvent(event, { store, now: () => new Date() });
          } finally {
            durations.push(performance.now() - started);
          }
        },
      });

      // The storm: deliveries arrive in even slices over the window, whether or not the function keeps up.
      const slices = ARRIVAL_SECONDS * 20;
      const perSlice = Math.ceil(deliveries.length / slices);
      const arrivalStarted = performance.now();
      for (let slice = 0; slice < slices; slice++) {
        for (const event of deliveries.slice(slice * perSlice, (slice + 1) * perSlice))
          invoker.invokeAsync(event);
        const due = arrivalStarted + ((slice + 1) * ARRIVAL_SECONDS * 1_000) / slices;
        await new Promise((done) => setTimeout(done, Math.max(0, due - performance.now())));
      }
      const arrivalSeconds = (performance.now() - arrivalStarted) / 1_000;
      const outcome = await invoker.drained();

      const expected = expectedCurrent(events);
      const { current, history } = await readState(table, 'storm-');
      for (const [recipe, event] of expected) {
        const there = current.get(recipe);
        if (there === undefined) counts.lost += 1;
        else if (there.eventId !== event.detail.id) counts.regressed += 1;
        const ids = history.get(recipe) ?? [];
        const sent = events.filter((e) => e.detail.payload.uid === recipe).map((e) => e.detail.id);
        counts.lost += sent.filter((id) => !ids.includes(id)).length;
        counts.duplicated += ids.length - new Set(ids).size;
      }
      const throttledWrites = proxy.counts().throttled;
      counts.deliveries = deliveries.length;
      counts.faults = throttledWrites;
      counts.crashed = outcome.deadLetters.length;
      counts.storm = {
        events: deliveries.length,
        deadLettered: outcome.deadLetters.length,
        drainSeconds: Math.round(outcome.drainMs / 100) / 10,
      };
      counts.notes = {
        seed: SEED,
        distinctEvents: events.length,
        arrivalSeconds: Math.round(arrivalSeconds * 10) / 10,
        concurrency: STATUS_DEFAULT_RESERVED_CONCURRENCY,
        tableWritesPerSecond: WRITES_PER_SECOND,
        writesForwarded: proxy.counts().writes,
        throttledWrites,
        throttledInvocations: outcome.throttles,
        invocations: outcome.invocations,
        functionErrors: outcome.functionErrors,
        timeouts: outcome.timeouts,
        invocationP50Ms: percentile(durations, 0.5),
        invocationP99Ms: percentile(durations, 0.99),
      };
      const firstDeadLetter = outcome.deadLetters[0];
      expect(firstDeadLetter?.error, `seed ${SEED}: dead-lettered`).toBeUndefined();
      expect(outcome.succeeded).toBe(deliveries.length);
      // The table did throttle: the first write at least, against an empty bucket.
      expect(throttledWrites).toBeGreaterThan(0);
      expect(current.size, `seed ${SEED}`).toBe(RECIPES);
      expect(counts, `seed ${SEED}`).toMatchObject({ lost: 0, regressed: 0, duplicated: 0, crashed: 0 });
    },
    scaled(900_000, 180_000),
  );
});
