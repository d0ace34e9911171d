import { type BenchHarness, type Fn, FUNCTIONS } from './harness.ts';
import { median } from './stats.ts';
import { BENCH_T0, recipeEvents } from './workload.ts';

/**
 * Phase 4, CPU per event: warm, one event at a time, fresh recipes and tables
 * each round, the two functions alternating which runs first.
 */

export interface CpuResult {
  /** Median over rounds of user + system CPU per measured event. */
  readonly cpuMicrosPerEvent: Record<Fn, number>;
  /** Medians over rounds of each run's percentiles, against DynamoDB Local. */
  readonly latencyMs: Record<Fn, { readonly p50: number; readonly p99: number }>;
}

export interface CpuCounts {
  /** Measured events per run. */
  readonly events: number;
  /** Events run first, unmeasured. */
  readonly warmup: number;
  readonly rounds: number;
}

const RECIPES = 200;

export const measureCpuPerEvent = async (
  harness: BenchHarness,
  { events, warmup, rounds }: CpuCounts,
): Promise<CpuResult> => {
  const cpu: Record<Fn, number[]> = { ours: [], peer: [] };
  const latency: Record<Fn, { p50: number[]; p99: number[] }> = {
    ours: { p50: [], p99: [] },
    peer: { p50: [], p99: [] },
  };
  for (let round = 0; round < rounds; round++) {
    const tables = await harness.freshTables();
    const workload = recipeEvents(
      RECIPES,
      Math.ceil((events + warmup) / RECIPES),
      BENCH_T0,
      `cpu-${round}`,
    ).slice(0, events + warmup);
    for (const fn of round % 2 === 0 ? FUNCTIONS : [...FUNCTIONS].reverse()) {
      const result = await harness.runFunction(fn, workload, { tables, mode: 'sequential', warmup });
      cpu[fn].push(result.cpuMicrosPerEvent);
      latency[fn].p50.push(result.p50Ms);
      latency[fn].p99.push(result.p99Ms);
    }
  }
  const latencyOf = (fn: Fn) => ({ p50: median(latency[fn].p50), p99: median(latency[fn].p99) });
  return {
    cpuMicrosPerEvent: { ours: median(cpu.ours), peer: median(cpu.peer) },
    latencyMs: { ours: latencyOf('ours'), peer: latencyOf('peer') },
  };
};
