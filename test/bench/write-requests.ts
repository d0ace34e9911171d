import { type BenchHarness, type Fn, FUNCTIONS, type RunResult } from './harness.ts';
import { BENCH_T0, recipeEvents } from './workload.ts';

/**
 * Phase 3, write requests: DynamoDB requests per event counted at the proxy,
 * the same way for both functions, for a new event, the same event again,
 * an older (stale) event of the same recipes, and a newer event that changes
 * their status, in that order, each on the state the previous one left.
 */

export type Scenario = 'new' | 'duplicate' | 'stale' | 'changed';
export const SCENARIOS: readonly Scenario[] = ['new', 'duplicate', 'stale', 'changed'];

export interface RequestCount {
  /** PutItem, UpdateItem and DeleteItem requests per event, first attempts. */
  readonly writes: number;
  /** GetItem and Query requests per event, first attempts. */
  readonly reads: number;
  /**
   * SDK retries per event, of any operation: none unless the machine was too
   * slow for the client's timeouts, and then the run's other figures and
   * outcomes are not the design's (a retry can meet its own landed write).
   */
  readonly retried: number;
  readonly result: RunResult;
}

export type WriteRequests = Record<Fn, Record<Scenario, RequestCount>>;

export interface WriteRequestCounts {
  /** Recipes, one event each per scenario. */
  readonly recipes: number;
}

const WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem'];
const READ_OPERATIONS = ['GetItem', 'Query'];

export const countWriteRequests = async (
  harness: BenchHarness,
  { recipes }: WriteRequestCounts,
): Promise<WriteRequests> => {
  const tables = await harness.freshTables();
  const count = async (fn: Fn, events: readonly unknown[]): Promise<RequestCount> => {
    harness.proxy.reset();
    const result = await harness.runFunction(fn, events, {
      tables,
      mode: 'sequential',
      endpoint: harness.proxy.endpoint,
    });
    const counts = harness.proxy.counts();
    const total = (operations: readonly string[]) =>
      operations.reduce((sum, operation) => sum + (counts[operation] ?? 0), 0);
    const retried = Object.values(harness.proxy.retries()).reduce((sum, n) => sum + n, 0);
    return {
      writes: total(WRITE_OPERATIONS) / events.length,
      reads: total(READ_OPERATIONS) / events.length,
      retried: retried / events.length,
      result,
    };
  };
  const newer = recipeEvents(recipes, 1, BENCH_T0 + 3_600_000, 'wru');
  const older = recipeEvents(recipes, 1, BENCH_T0, 'wru');
  // Each recipe's second event, later than `newer`, in the next status.
  const changed = recipeEvents(recipes, 2, BENCH_T0 + 7_200_000, 'wru').slice(recipes);
  const counted: Partial<WriteRequests> = {};
  for (const fn of FUNCTIONS) {
    counted[fn] = {
      new: await count(fn, newer),
      duplicate: await count(fn, newer),
      stale: await count(fn, older),
      changed: await count(fn, changed),
    };
  }
  return counted as WriteRequests;
};
