import { DynamoDbLocalError, type LocalDynamoDb, startDynamoDbLocal } from '../../dynamodb-local/launcher.ts';
import { adoptJava } from './adopted-java.ts';
import {
  isRunning,
  type LocalStoreFiles,
  liveLeases,
  localStoreFiles,
  readState,
  recordedProcess,
  removeState,
  tryLock,
  writeState,
} from './files.ts';
import { processStart } from './process-identity.ts';

// The keeper: the detached process that owns one data folder's DynamoDB Local and stops it when idle.

/** The hidden argument the CLI's entry recognises: `recipe-status <it> <dataDir> <idleSeconds>`. */
export const KEEPER_ARGUMENT = '--run-local-store-keeper';

export type KeeperMessage =
  | { readonly ready: true; readonly endpoint: string; readonly keeperPid: number }
  | { readonly ready: false; readonly error: string };

const POLL_MS = 500;
const START_ATTEMPTS = 3;

const log = (text: string) =>
  process.stderr.write(`${new Date().toISOString()} keeper ${process.pid}: ${text}\n`);

/** A free port can be taken between finding it and Java binding it: try another. */
const startJava = async (dir: string): Promise<LocalDynamoDb> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDynamoDbLocal({ dataDir: dir });
    } catch (error) {
      const busy = error instanceof Error && /BindException|Address already in use/i.test(error.message);
      if (!busy || attempt >= START_ATTEMPTS) throw error;
      log(`port taken, retrying (${error.message.slice(0, 200)})`);
    }
  }
};

/**
 * Tells the command that started it how the start went. That command may be
 * gone (killed while it waited): the keeper then runs on, as it would have once
 * told, rather than die with ERR_IPC_CHANNEL_CLOSED and leave DynamoDB Local behind.
 */
const tellParent = (message: KeeperMessage): void => {
  if (process.send === undefined || !process.connected) return;
  process.send(message, (error: Error | null) => {
    if (error !== null) log(`the command that started it is gone: ${error.message}`);
  });
};

interface StopReason {
  readonly reason: string;
  /** Set when stopping for idleness: the lock, held until DynamoDB Local is down and its state gone. */
  readonly releaseLock?: () => void;
}

const watch = (files: LocalStoreFiles, local: LocalDynamoDb, idleMs: number): Promise<StopReason> =>
  new Promise((done) => {
    let lastUsed = Date.now();
    let stopping = false;
    const finish = (reason: StopReason) => {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      done(reason);
    };
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
      process.once(signal, () => finish({ reason: signal }));
    void local.exited.then(() => finish({ reason: 'DynamoDB Local exited' }));
    const timer = setInterval(() => {
      if (readState(files)?.keeperPid !== process.pid) return finish({ reason: 'its state file is gone' });
      if (liveLeases(files).length > 0) {
        lastUsed = Date.now();
        return;
      }
      if (Date.now() - lastUsed < idleMs) return;
      // Under the lock no command can be between finding this store and taking its lease.
      const release = tryLock(files);
      if (release === undefined) return;
      if (liveLeases(files).length > 0) {
        release();
        lastUsed = Date.now();
        return;
      }
      finish({ reason: `idle for ${Math.round(idleMs / 1000)} s`, releaseLock: release });
    }, POLL_MS);
  });

/** The hidden argument that makes the keeper take over the recorded DynamoDB Local instead of starting one. */
export const ADOPT_ARGUMENT = 'adopt';

/** The recorded DynamoDB Local, if it still runs as itself. */
const recordedJava = (files: LocalStoreFiles): LocalDynamoDb => {
  const state = readState(files);
  const java = state === undefined ? undefined : recordedProcess(state, 'java');
  if (state === undefined || java === undefined || !isRunning(java))
    throw new Error('the DynamoDB Local to take over is gone');
  return adoptJava(java, state.endpoint);
};

export const runKeeper = async (args: readonly string[]): Promise<number> => {
  const [dir, idle, mode] = args;
  const idleSeconds = Number(idle);
  if (dir === undefined || !Number.isFinite(idleSeconds)) {
    log(`bad arguments: ${JSON.stringify(args)}`);
    return 2;
  }
  const files = localStoreFiles(dir);
  let local: LocalDynamoDb;
  try {
    local = mode === ADOPT_ARGUMENT ? recordedJava(files) : await startJava(dir);
  } catch (error) {
    const message = error instanceof DynamoDbLocalError ? error.message : String(error);
    log(`could not start DynamoDB Local: ${message}`);
    tellParent({ ready: false, error: message });
    return 1;
  }
  const javaStart = local.pid === undefined ? undefined : processStart(local.pid);
  const keeperStart = processStart(process.pid);
  writeState(files, {
    keeperPid: process.pid,
    ...(keeperStart !== undefined && { keeperStart }),
    javaPid: local.pid ?? 0,
    ...(javaStart !== undefined && { javaStart }),
    endpoint: local.endpoint,
    startedAt: new Date().toISOString(),
  });
  log(`DynamoDB Local (pid ${local.pid}) answers at ${local.endpoint}; stops after ${idleSeconds} s idle`);
  tellParent({ ready: true, endpoint: local.endpoint, keeperPid: process.pid });

  const { reason, releaseLock } = await watch(files, local, idleSeconds * 1000);
  log(`stopping: ${reason}`);
  // No command starts another DynamoDB Local on these files until this one is down and its state gone.
  await local.stop();
  removeState(files, process.pid);
  releaseLock?.();
  log('stopped');
  return 0;
};
