import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BenchBundles, buildBenchBundles, bundleSizes } from './bundle-size.ts';
import { MEMORY_SIZES, modelCost } from './cost.ts';
import { measureCpuPerEvent } from './cpu.ts';
import { BENCH_DIR, type BenchHarness, FUNCTIONS, openHarness, type RunResult } from './harness.ts';
import { measureInit } from './init.ts';
import { type BenchResults, buildReport, renderReport } from './report.ts';
import { measureThroughput } from './throughput.ts';
import { countWriteRequests, SCENARIOS, type WriteRequests } from './write-requests.ts';

/**
 * Every phase of `npm run bench` with tiny counts, against the test run's
 * DynamoDB Local: the shape and sanity of what each returns, never a timing.
 */

let work: string;
let bundles: BenchBundles;
let harness: BenchHarness;

beforeAll(async () => {
  mkdirSync(BENCH_DIR, { recursive: true });
  work = mkdtempSync(join(BENCH_DIR, 'test-'));
  bundles = await buildBenchBundles(work);
  harness = await openHarness({ bundles, endpoint: inject('dynamoDbEndpoint'), work });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const SPAWNING = 120_000;

describe('the bench phases, with tiny counts', () => {
  it('bundle size: both functions bundled, gzip smaller, ours smaller still without the SDK', () => {
    const sizes = bundleSizes(bundles);

    for (const size of [sizes.ours, sizes.peer]) {
      expect(size.bytes).toBeGreaterThan(0);
      expect(size.gzipBytes).toBeGreaterThan(0);
      expect(size.gzipBytes).toBeLessThan(size.bytes);
    }
    expect(bundles.oursExternal.bytes).toBeLessThan(bundles.ours.bytes);
    const weights = Object.values(sizes.heaviestPackages);
    expect(weights.length).toBeGreaterThan(0);
    expect(weights.length).toBeLessThanOrEqual(8);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(sizes.ours.bytes);
  });

  it(
    'init: a median for each module, every bundle importable in a fresh process',
    async () => {
      const { medianMs } = await measureInit(harness, { runs: 1 });

      expect(Object.keys(medianMs).sort()).toEqual(['empty', 'ours', 'oursExternal', 'peer']);
      for (const ms of Object.values(medianMs)) {
        expect(Number.isFinite(ms)).toBe(true);
        expect(ms).toBeGreaterThan(0);
      }
    },
    SPAWNING,
  );

  it(
    'write requests: ours makes exactly 2, 1 and 2 writes for a new, duplicate and stale event; the peer overwrites',
    async () => {
      const recipes = 3;
      const retriedOf = (counted: WriteRequests) =>
        FUNCTIONS.flatMap((fn) => SCENARIOS.map((scenario) => counted[fn][scenario].retried)).reduce(
          (sum, n) => sum + n,
        );

      // A measurement with SDK retries (a loaded machine, slower than the functions' timeouts)
      // is not the design's: measure again, a few times at most.
      let requests = await countWriteRequests(harness, { recipes });
      for (let again = 0; again < 3 && retriedOf(requests) > 0; again++) {
        requests = await countWriteRequests(harness, { recipes });
      }

      expect(retriedOf(requests), 'SDK retries in every measurement: the machine is too loaded').toBe(0);
      const ours = requests.ours;
      expect([ours.new.writes, ours.duplicate.writes, ours.stale.writes]).toEqual([2, 1, 2]);
      // Only a duplicate reads: whether the current record saw the event.
      expect([ours.new.reads, ours.duplicate.reads, ours.stale.reads]).toEqual([0, 1, 0]);
      expect(ours.new.result.outcomes).toEqual({ applied: recipes });
      expect(ours.duplicate.result.outcomes).toEqual({ duplicate: recipes });
      expect(ours.stale.result.outcomes).toEqual({ stale: recipes });
      expect(ours.new.result.capacity.tableWriteUnits).toBe(2 * recipes);
      expect(ours.new.result.capacity.indexWriteUnits).toBeGreaterThan(0);
      // Billed units, table plus indexes, per event: a status change at most 7 (docs/data-model.md).
      const units = (scenario: (typeof SCENARIOS)[number]) => {
        const { tableWriteUnits, indexWriteUnits } = ours[scenario].result.capacity;
        return (tableWriteUnits + indexWriteUnits) / recipes;
      };
      expect(ours.changed.result.outcomes).toEqual({ applied: recipes });
      expect(SCENARIOS.map(units)).toEqual([5, 1, 2, 7]);
      // The peer deduplicates by id but does not order: the older event is applied over the newer.
      expect(requests.peer.new.writes).toBeGreaterThanOrEqual(2);
      expect(requests.peer.duplicate.writes).toBeGreaterThanOrEqual(1);
      expect(requests.peer.stale.result.outcomes).toEqual({ applied: recipes });
      for (const fn of FUNCTIONS) {
        for (const scenario of SCENARIOS) expect(requests[fn][scenario].result.events).toBe(recipes);
      }
    },
    SPAWNING,
  );

  it(
    'CPU per event: a positive figure and ordered latency percentiles for both functions',
    async () => {
      const cpu = await measureCpuPerEvent(harness, { events: 10, warmup: 2, rounds: 1 });

      for (const fn of FUNCTIONS) {
        expect(cpu.cpuMicrosPerEvent[fn]).toBeGreaterThan(0);
        expect(Number.isFinite(cpu.cpuMicrosPerEvent[fn])).toBe(true);
        expect(cpu.latencyMs[fn].p50).toBeGreaterThan(0);
        expect(cpu.latencyMs[fn].p99).toBeGreaterThanOrEqual(cpu.latencyMs[fn].p50);
      }
    },
    SPAWNING,
  );

  it(
    'throughput: every event of every run is counted once, none rejected',
    async () => {
      const counts = { events: 24, recipes: 6, inFlight: 4, rounds: 2 };

      const throughput = await measureThroughput(harness, counts);

      expect(throughput.inFlight).toBe(4);
      for (const fn of FUNCTIONS) {
        expect(throughput.eventsPerSecond[fn]).toBeGreaterThan(0);
        expect(throughput.runs[fn]).toHaveLength(counts.rounds);
        for (const run of throughput.runs[fn]) {
          expect(run.events).toBe(counts.events);
          expect(Object.values(run.outcomes).reduce((sum, n) => sum + n, 0)).toBe(counts.events);
          expect(run.outcomes.rejected).toBeUndefined();
        }
      }
    },
    SPAWNING,
  );
});

/** A run's result with only what the cost model and the report read. */
const runResult = (outcome: string, capacity: Partial<RunResult['capacity']> = {}): RunResult => ({
  events: 10,
  wallMs: 100,
  cpuMicrosPerEvent: 1_000,
  eventsPerSecond: 100,
  p50Ms: 1,
  p99Ms: 2,
  outcomes: { [outcome]: 10 },
  capacity: { tableWriteUnits: 0, indexWriteUnits: 0, readUnits: 0, ...capacity },
});

// Ours: 2 writes per new event, billed 2 table + 3 index units; the peer: 3 writes.
const FIXED_REQUESTS: WriteRequests = {
  ours: {
    new: {
      writes: 2,
      reads: 0,
      retried: 0,
      result: runResult('applied', { tableWriteUnits: 20, indexWriteUnits: 30 }),
    },
    duplicate: {
      writes: 1,
      reads: 1,
      retried: 0,
      result: runResult('duplicate', { tableWriteUnits: 10, readUnits: 5 }),
    },
    stale: { writes: 2, reads: 0, retried: 0, result: runResult('stale', { tableWriteUnits: 20 }) },
    changed: {
      writes: 2,
      reads: 0,
      retried: 0,
      result: runResult('applied', { tableWriteUnits: 20, indexWriteUnits: 50 }),
    },
  },
  peer: {
    new: { writes: 3, reads: 0, retried: 0, result: runResult('applied') },
    duplicate: { writes: 1, reads: 0, retried: 0, result: runResult('applied') },
    stale: { writes: 3, reads: 0, retried: 0, result: runResult('applied') },
    changed: { writes: 3, reads: 0, retried: 0, result: runResult('applied') },
  },
};
const FIXED_CPU = { ours: 1_000, peer: 2_000 };

describe('the cost phase', () => {
  it('prices a new event from the measurements, by hand: 1 ms CPU and 2 calls at 256 MB bill 15 ms', () => {
    // Worked outside the code: ceil(1 ms × 1769/256 + 2 × 4 ms) = 15 ms;
    // 0.2 + 10⁶ × 0.015 s × 0.25 GB × 0.0000133334 + 5 WRU × 0.625 = 3.37500025 USD.
    // The peer: ceil(2 × 6.91 + 3 × 4) = 26 ms; 0.2 + 0.0866671 + 3 × 0.625 = 2.1616671 USD.
    const cost = modelCost({ cpuMicrosPerEvent: FIXED_CPU, requests: FIXED_REQUESTS });

    expect(cost.oursBilledMs).toEqual({ 128: 22, 256: 15, 512: 12 });
    expect(cost.perMillionEvents[256].ours).toBeCloseTo(3.37500025, 8);
    expect(cost.perMillionEvents[256].peer).toBeCloseTo(2.1616671, 8);
    expect(Object.keys(cost.perMillionEvents).map(Number)).toEqual([...MEMORY_SIZES]);
  });
});

describe('the report', () => {
  const results: BenchResults = {
    quick: true,
    bundles: {
      ours: { bytes: 600, gzipBytes: 200 },
      peer: { bytes: 1_200, gzipBytes: 400 },
      heaviestPackages: {},
    },
    init: { medianMs: { empty: 20, ours: 50, oursExternal: 100, peer: 80 } },
    requests: FIXED_REQUESTS,
    cpu: {
      cpuMicrosPerEvent: FIXED_CPU,
      latencyMs: { ours: { p50: 1, p99: 2 }, peer: { p50: 2, p99: 4 } },
    },
    throughput: {
      inFlight: 16,
      eventsPerSecond: { ours: 900, peer: 450 },
      runs: { ours: [], peer: [] },
    },
    cost: modelCost({ cpuMicrosPerEvent: FIXED_CPU, requests: FIXED_REQUESTS }),
  };
  const report = buildReport(results);

  it('carries the headline figures', () => {
    expect(report).toMatchObject({
      bundle: { bytes: 600, gzipBytes: 200 },
      init: { ratioToEmpty: 2.5, sdkExternalRatio: 2 },
      perEvent: { cpuMicros: 1_000 },
      wru: { new: 2, duplicate: 1, stale: 2 },
      writeUnits: { new: 5, changed: 7, duplicate: 1, stale: 2 },
      throughput: { eventsPerSecond: 900 },
      costPerMillionEvents: { usd: 3.38 },
      peer: { init: { ratioToEmpty: 4 }, wru: { new: 3, duplicate: 1, stale: 3 } },
      details: {
        oursConsumedCapacityPerEvent: {
          new: { tableWriteUnits: 2, indexWriteUnits: 3, readUnits: 0 },
          duplicate: { tableWriteUnits: 1, indexWriteUnits: 0, readUnits: 0.5 },
        },
      },
    });
  });

  it("renders as the CLI's tables do: a header, a rule, one row per figure", () => {
    const lines = renderReport(report).split('\n');

    expect(lines[0]).toMatch(/^\s+ours\s+peer\s+ratio$/);
    expect(lines[1]).toMatch(/^-+ {2}-+ {2}-+ {2}-+$/);
    expect(lines).toContainEqual(expect.stringMatching(/^bundle, minified \(bytes\)\s+600\s+1200\s+0\.5×$/));
    expect(lines).toContainEqual(expect.stringMatching(/^write requests, new event\s+2\s+3$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^write units \(table \+ indexes\): new, status change, duplicate, stale\s+5 \/ 7 \/ 1 \/ 2$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^write requests, stale \(older\) event\s+2\s+3 \(overwrites!\)$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^throughput, 16 in flight \(events\/s\)\s+900\s+450\s+2×$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^cost per million events, 256 MB \(USD\)\s+3\.38\s+2\.16$/),
    );
  });

  it('warns when the request counts met SDK retries, and only then', () => {
    expect(renderReport(report)).not.toContain('warning');
    const retried = {
      ...FIXED_REQUESTS,
      ours: { ...FIXED_REQUESTS.ours, new: { ...FIXED_REQUESTS.ours.new, retried: 0.5 } },
    };

    const rendered = renderReport(buildReport({ ...results, requests: retried }));

    expect(rendered).toMatch(
      /^warning: the SDK retried requests .*"new":0\.5.*too slow for the client timeouts/m,
    );
  });
});
