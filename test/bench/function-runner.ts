import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Runs one bundled function in this process, as Lambda would call it, over
 * the events in a file, and prints one JSON line of measurements. Spawned by
 * the benchmark once per function and workload, so neither function shares a
 * process, a client or a JIT with the other.
 *
 * argv: <bundle.mjs> <events.json> <sequential|concurrent:N> <warmup count> <result.json>
 */

interface Capacity {
  tableWriteUnits: number;
  indexWriteUnits: number;
  readUnits: number;
}

const [bundle = '', eventsFile = '', mode = 'sequential', warmupArg = '0', resultFile = ''] =
  process.argv.slice(2);
const events: unknown[] = JSON.parse(readFileSync(eventsFile, 'utf8'));
const warmup = Number(warmupArg);
const module: { handler: (event: unknown, context: unknown) => Promise<unknown> } = await import(
  pathToFileURL(bundle).href
);

const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 10_000,
};

// Our handler writes one log line per event; the benchmark measures work, not a terminal.
process.stdout.write = () => true;

const outcomes: Record<string, number> = {};
const capacity: Capacity = { tableWriteUnits: 0, indexWriteUnits: 0, readUnits: 0 };
const latencies: number[] = [];

const invoke = async (event: unknown) => {
  const started = performance.now();
  const result = await module.handler(event, context);
  latencies.push(performance.now() - started);
  if (typeof result === 'object' && result !== null) {
    const outcome = String(Reflect.get(result, 'outcome') ?? 'unknown');
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const consumed: unknown = Reflect.get(result, 'capacity');
    if (typeof consumed === 'object' && consumed !== null) {
      for (const key of ['tableWriteUnits', 'indexWriteUnits', 'readUnits'] as const) {
        capacity[key] += Number(Reflect.get(consumed, key) ?? 0);
      }
    }
  }
};

for (const event of events.slice(0, warmup)) await invoke(event);
const measured = events.slice(warmup);
latencies.length = 0;
for (const key of Object.keys(outcomes)) delete outcomes[key];

const cpuBefore = process.cpuUsage();
const started = performance.now();
if (mode === 'sequential') {
  for (const event of measured) await invoke(event);
} else {
  const inFlight = Number(mode.split(':')[1] ?? '16');
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < measured.length) await invoke(measured[next++]);
    }),
  );
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);

latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
writeFileSync(
  resultFile,
  JSON.stringify({
    events: measured.length,
    wallMs,
    cpuMicrosPerEvent: (cpu.user + cpu.system) / Math.max(1, measured.length),
    eventsPerSecond: measured.length / (wallMs / 1000),
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    outcomes,
    capacity,
  }),
);
// The function's clients keep their connections alive, as in Lambda; this process is done.
process.exit(0);
