import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../dynamodb-local/ensure-table.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../dynamodb-local/launcher.ts';
import type { BenchBundles } from './bundle-size.ts';
import { type CountingProxy, startCountingProxy } from './counting-proxy.ts';

/**
 * What every measuring phase shares: the bundles, a DynamoDB Local (the
 * benchmark's own, or the test run's), a counting proxy in front of it, fresh
 * tables, and one way to run a bundled function over events in a process of
 * its own, so neither function shares a process, a client or a JIT.
 */

export type Fn = 'ours' | 'peer';
export const FUNCTIONS: readonly Fn[] = ['ours', 'peer'];

export interface BenchTables {
  readonly ours: string;
  readonly peerStatus: string;
  readonly peerIdempotency: string;
}

/** What test/bench/function-runner.ts measured over one run. */
export interface RunResult {
  readonly events: number;
  readonly wallMs: number;
  readonly cpuMicrosPerEvent: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly outcomes: Record<string, number>;
  readonly capacity: { tableWriteUnits: number; indexWriteUnits: number; readUnits: number };
}

export interface RunOptions {
  readonly tables: BenchTables;
  /** One event at a time, or N in flight. */
  readonly mode: 'sequential' | `concurrent:${number}`;
  /** Events run before measuring, to warm the JIT and the connections. */
  readonly warmup?: number;
  /** Where the function sends its DynamoDB requests; DynamoDB Local itself by default. */
  readonly endpoint?: string;
}

export interface BenchHarness {
  readonly bundles: BenchBundles;
  /** DynamoDB Local, not through the proxy. */
  readonly endpoint: string;
  readonly proxy: CountingProxy;
  /** The folder of the repository, where the measured processes run. */
  readonly root: string;
  freshTables(): Promise<BenchTables>;
  /** The whole environment of a measured process: nothing leaks in from this one. */
  environment(fn: Fn, tables: BenchTables, endpoint?: string): NodeJS.ProcessEnv;
  runFunction(fn: Fn, events: readonly unknown[], options: RunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly bundles: BenchBundles;
  /** A DynamoDB Local endpoint; tables are created in it and never reused. */
  readonly endpoint: string;
  /** A folder for the event and result files handed to the measured processes. */
  readonly work: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Where work folders go (ignored by git): inside the repository, so that the
 * bundle built with the SDK external resolves it from node_modules.
 */
export const BENCH_DIR = join(ROOT, '.bench');

export const openHarness = async ({ bundles, endpoint, work }: HarnessOptions): Promise<BenchHarness> => {
  const proxy = await startCountingProxy(endpoint);
  const admin = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  // Unique per harness, so runs sharing one DynamoDB Local (the test run's) never meet.
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  let tableSerial = 0;
  let runSerial = 0;

  const freshTables = async (): Promise<BenchTables> => {
    tableSerial += 1;
    const tables = {
      ours: `${prefix}-ours-${tableSerial}`,
      peerStatus: `${prefix}-peer-status-${tableSerial}`,
      peerIdempotency: `${prefix}-peer-idempotency-${tableSerial}`,
    };
    await ensureTable(admin, tables.ours);
    for (const [name, key] of [
      [tables.peerStatus, 'recipeUid'],
      [tables.peerIdempotency, 'id'],
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
    return tables;
  };

  const environment = (fn: Fn, tables: BenchTables, target = endpoint): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
    AWS_ENDPOINT_URL_DYNAMODB: target,
    // The locked SDK runs on Node.js 20; its notice about future releases would only clutter the output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: `bench-${fn}`,
    TABLE_NAME: fn === 'ours' ? tables.ours : tables.peerStatus,
    IDEMPOTENCY_TABLE_NAME: tables.peerIdempotency,
    // Powertools would otherwise log each event; ours writes one line an event to a muted stdout.
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });

  /** Spawned asynchronously: the counting proxy lives in this process and must keep serving. */
  const runFunction = async (fn: Fn, events: readonly unknown[], options: RunOptions): Promise<RunResult> => {
    runSerial += 1;
    const eventsFile = join(work, `events-${runSerial}.json`);
    const resultFile = join(work, `result-${runSerial}.json`);
    writeFileSync(eventsFile, JSON.stringify(events));
    const bundle = fn === 'ours' ? bundles.ours.file : bundles.peer.file;
    const child = spawn(
      process.execPath,
      [bundles.runner, bundle, eventsFile, options.mode, String(options.warmup ?? 0), resultFile],
      {
        env: environment(fn, options.tables, options.endpoint),
        cwd: ROOT,
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

  return {
    bundles,
    endpoint,
    proxy,
    root: ROOT,
    freshTables,
    environment,
    runFunction,
    close: async () => {
      await proxy.close();
      admin.destroy();
    },
  };
};
