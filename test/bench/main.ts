import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as esbuild from 'esbuild';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../../cli/dynamodb-local.ts';
import { ensureTable } from '../../cli/ensure-table.ts';
import { buildBundle, HANDLER_ENTRY, PEER_ENTRY } from './bundle.ts';
import { startCountingProxy } from './counting-proxy.ts';
import { costPerMillionEvents, DYNAMODB_ROUND_TRIP_MS, modelledDurationMs, PRICES } from './prices.ts';
import { recipeEvents, shuffled } from './workload.ts';

/**
 * `npm run bench`: our function against the peer AWS's documentation leads to
 * (test/bench/peer-handler.ts), both bundled with the stack's settings, both
 * against the same DynamoDB Local, alternating where time is measured.
 * `--json` prints one JSON document; `--quick` runs small counts (a smoke run).
 */

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const quick = args.has('--quick');
const COUNTS = quick
  ? {
      initRuns: 3,
      cpuEvents: 100,
      warmup: 20,
      throughputEvents: 400,
      throughputRecipes: 50,
      wruRecipes: 10,
      rounds: 1,
    }
  : {
      initRuns: 15,
      cpuEvents: 1_000,
      warmup: 100,
      throughputEvents: 10_000,
      throughputRecipes: 500,
      wruRecipes: 50,
      rounds: 2,
    };
const IN_FLIGHT = 16;
const MEMORY_SIZES = [128, 256, 512] as const;

// The locked SDK runs on Node.js 20; its notice about future releases would only clutter the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = join(root, '.bench');
const RUNNER_SOURCE = fileURLToPath(new URL('./function-runner.ts', import.meta.url));
// Plain JavaScript, so no TypeScript loader runs in the measured process.
const RUNNER = join(work, 'function-runner.mjs');
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

log('building bundles with the stack settings …');
const ours = await buildBundle(HANDLER_ENTRY, join(work, 'ours', 'index.mjs'));
const oursExternal = await buildBundle(HANDLER_ENTRY, join(work, 'ours-sdk-external', 'index.mjs'), {
  sdkExternal: true,
});
const peer = await buildBundle(PEER_ENTRY, join(work, 'peer', 'index.mjs'));
await esbuild.build({
  entryPoints: [RUNNER_SOURCE],
  outfile: RUNNER,
  platform: 'node',
  format: 'esm',
  target: 'node20',
});
const emptyModule = join(work, 'empty.mjs');
writeFileSync(emptyModule, 'export {};\n');

log('starting DynamoDB Local …');
const local = await startDynamoDbLocal();
const proxy = await startCountingProxy(local.endpoint);
const admin = new DynamoDBClient({
  endpoint: local.endpoint,
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});

let tableSerial = 0;
const freshTables = async () => {
  tableSerial += 1;
  const names = {
    ours: `bench-ours-${tableSerial}`,
    peerStatus: `bench-peer-status-${tableSerial}`,
    peerIdempotency: `bench-peer-idempotency-${tableSerial}`,
  };
  await ensureTable(admin, names.ours);
  for (const [name, key] of [
    [names.peerStatus, 'recipeUid'],
    [names.peerIdempotency, 'id'],
  ] as const) {
    await admin.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      }),
    );
  }
  return names;
};

type Tables = Awaited<ReturnType<typeof freshTables>>;
type Fn = 'ours' | 'peer';

const environment = (fn: Fn, tables: Tables, endpoint: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_REGION: LOCAL_REGION,
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_LAMBDA_FUNCTION_NAME: `bench-${fn}`,
  TABLE_NAME: fn === 'ours' ? tables.ours : tables.peerStatus,
  IDEMPOTENCY_TABLE_NAME: tables.peerIdempotency,
  // Powertools would otherwise log each event; ours writes one line a event to a muted stdout.
  POWERTOOLS_LOG_LEVEL: 'ERROR',
});

interface RunResult {
  events: number;
  wallMs: number;
  cpuMicrosPerEvent: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  outcomes: Record<string, number>;
  capacity: { tableWriteUnits: number; indexWriteUnits: number; readUnits: number };
}

let runSerial = 0;
/** Spawned asynchronously: the counting proxy lives in this process and must keep serving. */
const runFunction = async (
  fn: Fn,
  events: unknown[],
  mode: string,
  warmup: number,
  env: NodeJS.ProcessEnv,
): Promise<RunResult> => {
  runSerial += 1;
  const eventsFile = join(work, `events-${runSerial}.json`);
  const resultFile = join(work, `result-${runSerial}.json`);
  writeFileSync(eventsFile, JSON.stringify(events));
  const bundle = fn === 'ours' ? ours.file : peer.file;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', RUNNER, bundle, eventsFile, mode, String(warmup), resultFile],
    {
      env,
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`the ${fn} function failed (exit ${code}): ${stderr}`);
  return JSON.parse(readFileSync(resultFile, 'utf8'));
};

// --- init: a fresh process importing the bundle (and so building its clients), over an empty one.
log(`measuring init: ${COUNTS.initRuns} fresh processes each, alternating …`);
const initTables = await freshTables();
const initSamples: Record<'empty' | 'ours' | 'oursExternal' | 'peer', number[]> = {
  empty: [],
  ours: [],
  oursExternal: [],
  peer: [],
};
const timeImport = (file: string, env: NodeJS.ProcessEnv) => {
  const started = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
    { env, cwd: root },
  );
  if (child.status !== 0) throw new Error(`importing ${file} failed: ${child.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
};
for (let run = 0; run < COUNTS.initRuns; run++) {
  const order =
    run % 2 === 0
      ? (['empty', 'ours', 'peer', 'oursExternal'] as const)
      : (['oursExternal', 'peer', 'ours', 'empty'] as const);
  for (const which of order) {
    const file = { empty: emptyModule, ours: ours.file, oursExternal: oursExternal.file, peer: peer.file }[
      which
    ];
    initSamples[which].push(
      timeImport(file, environment(which === 'peer' ? 'peer' : 'ours', initTables, local.endpoint)),
    );
  }
}
const initMs = {
  empty: median(initSamples.empty),
  ours: median(initSamples.ours),
  oursExternal: median(initSamples.oursExternal),
  peer: median(initSamples.peer),
};

// --- write units: counted at the proxy, the same way for both functions.
log('counting write and read requests per event …');
const wruTables = await freshTables();
const WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem'];
const READ_OPERATIONS = ['GetItem', 'Query'];
const countRequests = async (fn: Fn, events: unknown[]) => {
  proxy.reset();
  const result = await runFunction(fn, events, 'sequential', 0, environment(fn, wruTables, proxy.endpoint));
  const counts = proxy.counts();
  const total = (operations: string[]) =>
    operations.reduce((sum, operation) => sum + (counts[operation] ?? 0), 0);
  return {
    writes: total(WRITE_OPERATIONS) / events.length,
    reads: total(READ_OPERATIONS) / events.length,
    result,
  };
};
const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const newer = recipeEvents(COUNTS.wruRecipes, 1, T0 + 3_600_000, 'wru');
const older = recipeEvents(COUNTS.wruRecipes, 1, T0, 'wru');
// In sequence: each scenario builds on the state the previous one left.
const wru = {
  ours: {
    new: await countRequests('ours', newer),
    duplicate: await countRequests('ours', newer),
    stale: await countRequests('ours', older),
  },
  peer: {
    new: await countRequests('peer', newer),
    duplicate: await countRequests('peer', newer),
    stale: await countRequests('peer', older),
  },
};

// --- CPU per event: warm, sequential, fresh recipes each round; A/B alternating.
log(`measuring CPU per event: ${COUNTS.cpuEvents} sequential events, ${COUNTS.rounds} rounds each …`);
const cpuSamples: Record<Fn, number[]> = { ours: [], peer: [] };
const latency: Record<Fn, { p50: number[]; p99: number[] }> = {
  ours: { p50: [], p99: [] },
  peer: { p50: [], p99: [] },
};
for (let round = 0; round < COUNTS.rounds; round++) {
  const tables = await freshTables();
  const events = recipeEvents(200, Math.ceil((COUNTS.cpuEvents + COUNTS.warmup) / 200), T0, `cpu-${round}`);
  for (const fn of round % 2 === 0 ? (['ours', 'peer'] as const) : (['peer', 'ours'] as const)) {
    const result = await runFunction(
      fn,
      events.slice(0, COUNTS.cpuEvents + COUNTS.warmup),
      'sequential',
      COUNTS.warmup,
      environment(fn, tables, local.endpoint),
    );
    cpuSamples[fn].push(result.cpuMicrosPerEvent);
    latency[fn].p50.push(result.p50Ms);
    latency[fn].p99.push(result.p99Ms);
  }
}

// --- throughput: many recipes, 16 in flight, shuffled; A/B alternating.
log(
  `measuring throughput: ${COUNTS.throughputEvents} events over ${COUNTS.throughputRecipes} recipes, ${IN_FLIGHT} in flight …`,
);
const throughputSamples: Record<Fn, number[]> = { ours: [], peer: [] };
for (let round = 0; round < COUNTS.rounds; round++) {
  const tables = await freshTables();
  const perRecipe = Math.ceil(COUNTS.throughputEvents / COUNTS.throughputRecipes);
  const events = shuffled(recipeEvents(COUNTS.throughputRecipes, perRecipe, T0, `tp-${round}`), round + 1);
  for (const fn of round % 2 === 0 ? (['ours', 'peer'] as const) : (['peer', 'ours'] as const)) {
    const result = await runFunction(
      fn,
      events,
      `concurrent:${IN_FLIGHT}`,
      0,
      environment(fn, tables, local.endpoint),
    );
    throughputSamples[fn].push(result.eventsPerSecond);
  }
}

await proxy.close();
admin.destroy();
await local.stop();

// --- results
const cpu = { ours: median(cpuSamples.ours), peer: median(cpuSamples.peer) };
const calls = (fn: Fn) => wru[fn].new.writes + wru[fn].new.reads;
// Ours pays for its indexes too (they answer the device and organization questions; the
// peer's table has none and cannot): its units come from ReturnConsumedCapacity, table + indexes.
const oursNewCapacity = wru.ours.new.result.capacity;
const billedWriteUnits = (fn: Fn) =>
  fn === 'ours'
    ? (oursNewCapacity.tableWriteUnits + oursNewCapacity.indexWriteUnits) / wru.ours.new.result.events
    : wru.peer.new.writes;
const cost = (fn: Fn, memoryMb: number) =>
  costPerMillionEvents({
    cpuMicrosPerEvent: cpu[fn],
    dynamoDbCallsPerEvent: calls(fn),
    writeUnitsPerEvent: billedWriteUnits(fn),
    readUnitsPerEvent: wru[fn].new.reads,
    memoryMb,
  });
const round2 = (value: number) => Math.round(value * 100) / 100;

const report = {
  bundle: { bytes: ours.bytes, gzipBytes: ours.gzipBytes },
  init: {
    ratioToEmpty: round2(initMs.ours / initMs.empty),
    sdkExternalRatio: round2(initMs.oursExternal / initMs.ours),
  },
  perEvent: { cpuMicros: Math.round(cpu.ours) },
  wru: { new: wru.ours.new.writes, duplicate: wru.ours.duplicate.writes, stale: wru.ours.stale.writes },
  throughput: { eventsPerSecond: Math.round(median(throughputSamples.ours)) },
  costPerMillionEvents: { usd: round2(cost('ours', 256)) },
  peer: {
    bundle: { bytes: peer.bytes, gzipBytes: peer.gzipBytes },
    init: { ratioToEmpty: round2(initMs.peer / initMs.empty) },
    perEvent: { cpuMicros: Math.round(cpu.peer) },
    wru: { new: wru.peer.new.writes, duplicate: wru.peer.duplicate.writes },
    throughput: { eventsPerSecond: Math.round(median(throughputSamples.peer)) },
    costPerMillionEvents: { usd: round2(cost('peer', 256)) },
  },
  details: {
    quick,
    initMedianMs: initMs,
    reads: {
      new: wru.ours.new.reads,
      duplicate: wru.ours.duplicate.reads,
      stale: wru.ours.stale.reads,
      peerNew: wru.peer.new.reads,
      peerDuplicate: wru.peer.duplicate.reads,
    },
    oursConsumedCapacityPerEvent: Object.fromEntries(
      (['new', 'duplicate', 'stale'] as const).map((scenario) => {
        const { capacity, events } = wru.ours[scenario].result;
        return [
          scenario,
          {
            tableWriteUnits: capacity.tableWriteUnits / events,
            indexWriteUnits: capacity.indexWriteUnits / events,
            readUnits: capacity.readUnits / events,
          },
        ];
      }),
    ),
    peerStaleOutcome: wru.peer.stale.result.outcomes,
    oursStaleOutcome: wru.ours.stale.result.outcomes,
    latencyMs: {
      ours: { p50: median(latency.ours.p50), p99: median(latency.ours.p99) },
      peer: { p50: median(latency.peer.p50), p99: median(latency.peer.p99) },
    },
    costByMemoryMb: Object.fromEntries(
      MEMORY_SIZES.map((memoryMb) => [
        memoryMb,
        {
          ours: round2(cost('ours', memoryMb)),
          peer: round2(cost('peer', memoryMb)),
          oursBilledMs: modelledDurationMs({
            cpuMicrosPerEvent: cpu.ours,
            dynamoDbCallsPerEvent: calls('ours'),
            writeUnitsPerEvent: 0,
            readUnitsPerEvent: 0,
            memoryMb,
          }),
        },
      ]),
    ),
    prices: { ...PRICES, assumedDynamoDbRoundTripMs: DYNAMODB_ROUND_TRIP_MS },
    heaviestPackages: Object.fromEntries(
      Object.entries(ours.weights)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8),
    ),
  },
};

if (json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  /** A row comparing two measurements, with their ratio. */
  const compared = (label: string, ours: number, peer: number): [string, string, string, string] => [
    label,
    String(ours),
    String(peer),
    `${round2(ours / peer)}×`,
  ];
  const rows: [string, string, string, string][] = [
    compared('bundle, minified (bytes)', report.bundle.bytes, report.peer.bundle.bytes),
    compared('bundle, gzip (bytes)', report.bundle.gzipBytes, report.peer.bundle.gzipBytes),
    compared('init, fresh process ÷ empty one', report.init.ratioToEmpty, report.peer.init.ratioToEmpty),
    compared('CPU per event, warm (µs)', report.perEvent.cpuMicros, report.peer.perEvent.cpuMicros),
    ['write requests, new event', String(report.wru.new), String(report.peer.wru.new), ''],
    ['write requests, duplicate', String(report.wru.duplicate), String(report.peer.wru.duplicate), ''],
    [
      'write requests, stale (older) event',
      String(report.wru.stale),
      `${wru.peer.stale.writes} (overwrites!)`,
      '',
    ],
    compared(
      `throughput, ${IN_FLIGHT} in flight (events/s)`,
      report.throughput.eventsPerSecond,
      report.peer.throughput.eventsPerSecond,
    ),
    [
      'cost per million events, 256 MB (USD)',
      report.costPerMillionEvents.usd.toFixed(2),
      report.peer.costPerMillionEvents.usd.toFixed(2),
      '',
    ],
  ];
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...[['', 'ours', 'peer', 'ratio'], ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  const out = [
    line(['', 'ours', 'peer', 'ratio']),
    ...rows.map(line),
    '',
    `init medians (ms): empty ${initMs.empty.toFixed(1)}, ours ${initMs.ours.toFixed(1)}, peer ${initMs.peer.toFixed(1)}, ours with the SDK external ${initMs.oursExternal.toFixed(1)} (ratio ${report.init.sdkExternalRatio})`,
    `our consumed capacity per event (ReturnConsumedCapacity): ${JSON.stringify(report.details.oursConsumedCapacityPerEvent)}`,
    `reads per event: ours new ${report.details.reads.new}, duplicate ${report.details.reads.duplicate}; peer new ${report.details.reads.peerNew}, duplicate ${report.details.reads.peerDuplicate}`,
    `sequential latency against DynamoDB Local (ms): ours p50 ${report.details.latencyMs.ours.p50.toFixed(2)} p99 ${report.details.latencyMs.ours.p99.toFixed(2)}; peer p50 ${report.details.latencyMs.peer.p50.toFixed(2)} p99 ${report.details.latencyMs.peer.p99.toFixed(2)}`,
    `cost per million events by memory (USD): ${MEMORY_SIZES.map((memoryMb) => `${memoryMb} MB ours ${report.details.costByMemoryMb[memoryMb]?.ours.toFixed(2)} / peer ${report.details.costByMemoryMb[memoryMb]?.peer.toFixed(2)}`).join('; ')}`,
    `prices: Lambda $${PRICES.lambdaRequestsPerMillion}/M requests, $${PRICES.lambdaArmGbSecond}/GB-s arm64; DynamoDB on-demand $${PRICES.dynamoDbWriteRequestUnitsPerMillion}/M WRU, $${PRICES.dynamoDbReadRequestUnitsPerMillion}/M RRU (us-east-1); duration modelled as CPU × (1769 MB ÷ memory) + ${DYNAMODB_ROUND_TRIP_MS} ms per DynamoDB call; cost of a new event, ours with its index writes; EventBridge ($1.00/M) is the same for both and left out`,
    `heaviest packages in our bundle (bytes): ${Object.entries(report.details.heaviestPackages)
      .map(([name, bytes]) => `${name} ${bytes}`)
      .join(', ')}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
