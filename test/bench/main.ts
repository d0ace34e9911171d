import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../../dynamodb-local/launcher.ts';
import { buildBenchBundles, bundleSizes } from './bundle-size.ts';
import { modelCost } from './cost.ts';
import { measureCpuPerEvent } from './cpu.ts';
import { BENCH_DIR, openHarness } from './harness.ts';
import { measureInit } from './init.ts';
import { buildReport, renderReport } from './report.ts';
import { measureThroughput } from './throughput.ts';
import { countWriteRequests } from './write-requests.ts';

/**
 * `npm run bench`: our function against the peer AWS's documentation leads to
 * (test/bench/peer-handler.ts), both bundled with the stack's settings, both
 * against the same DynamoDB Local, alternating where time is measured. Each
 * phase is a module of its own; test/bench/bench.test.ts runs them small.
 * `--json` prints one JSON document; `--quick` runs small counts (a smoke run).
 */

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const quick = args.has('--quick');
const COUNTS = quick
  ? {
      init: { runs: 3 },
      requests: { recipes: 10 },
      cpu: { events: 100, warmup: 20, rounds: 1 },
      throughput: { events: 400, recipes: 50, inFlight: 16, rounds: 1 },
    }
  : {
      init: { runs: 15 },
      requests: { recipes: 50 },
      cpu: { events: 1_000, warmup: 100, rounds: 2 },
      throughput: { events: 10_000, recipes: 500, inFlight: 16, rounds: 2 },
    };

// The locked SDK runs on Node.js 20; its notice about future releases would only clutter the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const work = join(BENCH_DIR, 'run');
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

log('building bundles with the stack settings …');
const bundles = await buildBenchBundles(work);
log('starting DynamoDB Local …');
const local = await startDynamoDbLocal();
const harness = await openHarness({ bundles, endpoint: local.endpoint, work });
try {
  log(`measuring init: ${COUNTS.init.runs} fresh processes each, alternating …`);
  const init = await measureInit(harness, COUNTS.init);
  log('counting write and read requests per event …');
  const requests = await countWriteRequests(harness, COUNTS.requests);
  log(`measuring CPU per event: ${COUNTS.cpu.events} sequential events, ${COUNTS.cpu.rounds} rounds each …`);
  const cpu = await measureCpuPerEvent(harness, COUNTS.cpu);
  const { events, recipes, inFlight } = COUNTS.throughput;
  log(`measuring throughput: ${events} events over ${recipes} recipes, ${inFlight} in flight …`);
  const throughput = await measureThroughput(harness, COUNTS.throughput);

  const report = buildReport({
    quick,
    bundles: bundleSizes(bundles),
    init,
    requests,
    cpu,
    throughput,
    cost: modelCost({ cpuMicrosPerEvent: cpu.cpuMicrosPerEvent, requests }),
  });
  process.stdout.write(`${json ? JSON.stringify(report, null, 2) : renderReport(report)}\n`);
} finally {
  await harness.close();
  await local.stop();
}
