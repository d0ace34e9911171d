import { type BenchHarness, type Fn, FUNCTIONS, type RunResult } from './harness.ts';
import { median } from './stats.ts';
import { BENCH_T0, recipeEvents, shuffled } from './workload.ts';

/**
 * Phase 5, throughput: many recipes, several events in flight, delivered in
 * a shuffled (seeded) order, fresh tables each round, the two functions
 * alternating which runs first.
 */

export interface ThroughputResult {
  readonly inFlight: number;
  /** Median over rounds. */
  readonly eventsPerSecond: Record<Fn, number>;
  /** Every run, for its outcome counts. */
  readonly runs: Record<Fn, readonly RunResult[]>;
}

export interface ThroughputCounts {
  readonly events: number;
  readonly recipes: number;
  readonly inFlight: number;
  readonly rounds: number;
}

export const measureThroughput = async (
  harness: BenchHarness,
  { events, recipes, inFlight, rounds }: ThroughputCounts,
): Promise<ThroughputResult> => {
  const runs: Record<Fn, RunResult[]> = { ours: [], peer: [] };
  for (let round = 0; round < rounds; round++) {
    const tables = await harness.freshTables();
    const perRecipe = Math.ceil(events / recipes);
    const workload = shuffled(recipeEvents(recipes, perRecipe, BENCH_T0, `tp-${round}`), round + 1);
    for (const fn of round % 2 === 0 ? FUNCTIONS : [...FUNCTIONS].reverse()) {
      runs[fn].push(await harness.runFunction(fn, workload, { tables, mode: `concurrent:${inFlight}` }));
    }
  }
  const rate = (fn: Fn) => median(runs[fn].map((run) => run.eventsPerSecond));
  return { inFlight, eventsPerSecond: { ours: rate('ours'), peer: rate('peer') }, runs };
};
