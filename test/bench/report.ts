import { formatTable } from '../../cli/toolkit/format-table.ts';
import type { BundleSizes } from './bundle-size.ts';
import { type CostResult, HEADLINE_MEMORY_MB, MEMORY_SIZES } from './cost.ts';
import type { CpuResult } from './cpu.ts';
import { FUNCTIONS } from './harness.ts';
import type { InitResult } from './init.ts';
import { DYNAMODB_ROUND_TRIP_MS, PRICES } from './prices.ts';
import { round2 } from './stats.ts';
import type { ThroughputResult } from './throughput.ts';
import { SCENARIOS, type WriteRequests } from './write-requests.ts';

/** The phases' results as one JSON document (`npm run bench -- --json`) and as text for a terminal. */

export interface BenchResults {
  readonly quick: boolean;
  readonly bundles: BundleSizes;
  readonly init: InitResult;
  readonly requests: WriteRequests;
  readonly cpu: CpuResult;
  readonly throughput: ThroughputResult;
  readonly cost: CostResult;
}

export const buildReport = ({ quick, bundles, init, requests, cpu, throughput, cost }: BenchResults) => {
  const initMs = init.medianMs;
  return {
    bundle: bundles.ours,
    init: {
      ratioToEmpty: round2(initMs.ours / initMs.empty),
      sdkExternalRatio: round2(initMs.oursExternal / initMs.ours),
    },
    perEvent: { cpuMicros: Math.round(cpu.cpuMicrosPerEvent.ours) },
    wru: {
      new: requests.ours.new.writes,
      duplicate: requests.ours.duplicate.writes,
      stale: requests.ours.stale.writes,
    },
    /** Write units per event, table plus indexes (ReturnConsumedCapacity): the billed figure. */
    writeUnits: Object.fromEntries(
      SCENARIOS.map((scenario) => {
        const { capacity, events } = requests.ours[scenario].result;
        return [
          scenario,
          round2((capacity.tableWriteUnits + capacity.indexWriteUnits) / Math.max(1, events)),
        ];
      }),
    ) as Record<(typeof SCENARIOS)[number], number>,
    throughput: {
      eventsPerSecond: Math.round(throughput.eventsPerSecond.ours),
      inFlight: throughput.inFlight,
    },
    costPerMillionEvents: { usd: round2(cost.perMillionEvents[HEADLINE_MEMORY_MB].ours) },
    peer: {
      bundle: bundles.peer,
      init: { ratioToEmpty: round2(initMs.peer / initMs.empty) },
      perEvent: { cpuMicros: Math.round(cpu.cpuMicrosPerEvent.peer) },
      wru: {
        new: requests.peer.new.writes,
        duplicate: requests.peer.duplicate.writes,
        stale: requests.peer.stale.writes,
      },
      throughput: { eventsPerSecond: Math.round(throughput.eventsPerSecond.peer) },
      costPerMillionEvents: { usd: round2(cost.perMillionEvents[HEADLINE_MEMORY_MB].peer) },
    },
    details: {
      quick,
      initMedianMs: initMs,
      reads: {
        new: requests.ours.new.reads,
        duplicate: requests.ours.duplicate.reads,
        stale: requests.ours.stale.reads,
        peerNew: requests.peer.new.reads,
        peerDuplicate: requests.peer.duplicate.reads,
      },
      oursConsumedCapacityPerEvent: Object.fromEntries(
        SCENARIOS.map((scenario) => {
          const { capacity, events } = requests.ours[scenario].result;
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
      retriedPerEvent: Object.fromEntries(
        FUNCTIONS.map((fn) => [fn, Object.fromEntries(SCENARIOS.map((s) => [s, requests[fn][s].retried]))]),
      ),
      peerStaleOutcome: requests.peer.stale.result.outcomes,
      oursStaleOutcome: requests.ours.stale.result.outcomes,
      latencyMs: cpu.latencyMs,
      costByMemoryMb: Object.fromEntries(
        MEMORY_SIZES.map((memoryMb) => [
          memoryMb,
          {
            ours: round2(cost.perMillionEvents[memoryMb].ours),
            peer: round2(cost.perMillionEvents[memoryMb].peer),
            oursBilledMs: cost.oursBilledMs[memoryMb],
          },
        ]),
      ),
      prices: { ...PRICES, assumedDynamoDbRoundTripMs: DYNAMODB_ROUND_TRIP_MS },
      heaviestPackages: bundles.heaviestPackages,
    },
  };
};

export type BenchReport = ReturnType<typeof buildReport>;

/** A row comparing two measurements, with their ratio. */
const compared = (label: string, ours: number, peer: number): string[] => [
  label,
  String(ours),
  String(peer),
  `${round2(ours / peer)}×`,
];

const usd = (value: number | undefined) => (value ?? 0).toFixed(2);

export const renderReport = (report: BenchReport): string => {
  const { peer, details } = report;
  const table = formatTable(
    ['', 'ours', 'peer', 'ratio'],
    [
      compared('bundle, minified (bytes)', report.bundle.bytes, peer.bundle.bytes),
      compared('bundle, gzip (bytes)', report.bundle.gzipBytes, peer.bundle.gzipBytes),
      compared('init, fresh process ÷ empty one', report.init.ratioToEmpty, peer.init.ratioToEmpty),
      compared('CPU per event, warm (µs)', report.perEvent.cpuMicros, peer.perEvent.cpuMicros),
      ['write requests, new event', String(report.wru.new), String(peer.wru.new), ''],
      ['write requests, duplicate', String(report.wru.duplicate), String(peer.wru.duplicate), ''],
      [
        'write requests, stale (older) event',
        String(report.wru.stale),
        `${peer.wru.stale} (overwrites!)`,
        '',
      ],
      [
        'write units (table + indexes): new, status change, duplicate, stale',
        (['new', 'changed', 'duplicate', 'stale'] as const).map((s) => report.writeUnits[s]).join(' / '),
        '',
        '',
      ],
      compared(
        `throughput, ${report.throughput.inFlight} in flight (events/s)`,
        report.throughput.eventsPerSecond,
        peer.throughput.eventsPerSecond,
      ),
      [
        `cost per million events, ${HEADLINE_MEMORY_MB} MB (USD)`,
        usd(report.costPerMillionEvents.usd),
        usd(peer.costPerMillionEvents.usd),
        '',
      ],
    ],
  );
  const initMs = details.initMedianMs;
  const latency = details.latencyMs;
  const retried = Object.values(details.retriedPerEvent)
    .flatMap((byScenario) => Object.values(byScenario))
    .reduce((sum, n) => sum + n, 0);
  return [
    table,
    '',
    `init medians (ms): empty ${initMs.empty.toFixed(1)}, ours ${initMs.ours.toFixed(1)}, peer ${initMs.peer.toFixed(1)}, ours with the SDK external ${initMs.oursExternal.toFixed(1)} (ratio ${report.init.sdkExternalRatio})`,
    `our consumed capacity per event (ReturnConsumedCapacity): ${JSON.stringify(details.oursConsumedCapacityPerEvent)}`,
    `reads per event: ours new ${details.reads.new}, duplicate ${details.reads.duplicate}; peer new ${details.reads.peerNew}, duplicate ${details.reads.peerDuplicate}`,
    `sequential latency against DynamoDB Local (ms): ours p50 ${latency.ours.p50.toFixed(2)} p99 ${latency.ours.p99.toFixed(2)}; peer p50 ${latency.peer.p50.toFixed(2)} p99 ${latency.peer.p99.toFixed(2)}`,
    `cost per million events by memory (USD): ${MEMORY_SIZES.map((memoryMb) => `${memoryMb} MB ours ${usd(details.costByMemoryMb[memoryMb]?.ours)} / peer ${usd(details.costByMemoryMb[memoryMb]?.peer)}`).join('; ')}`,
    `prices: Lambda $${PRICES.lambdaRequestsPerMillion}/M requests, $${PRICES.lambdaArmGbSecond}/GB-s arm64; DynamoDB on-demand $${PRICES.dynamoDbWriteRequestUnitsPerMillion}/M WRU, $${PRICES.dynamoDbReadRequestUnitsPerMillion}/M RRU (us-east-1); duration modelled as CPU × (1769 MB ÷ memory) + ${DYNAMODB_ROUND_TRIP_MS} ms per DynamoDB call; cost of a new event, ours with its index writes; EventBridge ($1.00/M) is the same for both and left out`,
    ...(retried === 0
      ? []
      : [
          `warning: the SDK retried requests while they were counted (per event: ${JSON.stringify(details.retriedPerEvent)}): this machine was too slow for the client timeouts, and a retry that meets its own landed write changes the counts and outcomes above`,
        ]),
    `heaviest packages in our bundle (bytes): ${Object.entries(details.heaviestPackages)
      .map(([name, bytes]) => `${name} ${bytes}`)
      .join(', ')}`,
  ].join('\n');
};
