import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { answers, SHARED_DB_FILE } from '../../dynamodb-local/launcher.ts';
import { BIN } from '../paths.ts';
import { CliError } from '../toolkit/cli-error.ts';
import { displayText } from '../toolkit/display.ts';
import {
  addLease,
  isRunning,
  isUnwritable,
  type LocalStoreFiles,
  type LocalStoreState,
  liveLeases,
  localStoreFiles,
  lockHolder,
  readState,
  recordedProcess,
  removeStateFile,
  tryLock,
} from './files.ts';
import { ADOPT_ARGUMENT, KEEPER_ARGUMENT, type KeeperMessage } from './keeper.ts';
import { LocalStoreError } from './local-store-error.ts';
import { signalIfSame } from './process-identity.ts';

// One DynamoDB Local per data folder, shared by the commands that use it (docs/cli.md: the local store).

export const IDLE_VARIABLE = 'RECIPE_STATUS_LOCAL_STORE_IDLE_SECONDS';
export const DEFAULT_IDLE_SECONDS = 120;
const LOCK_WAIT_MS = 180_000;
const START_TIMEOUT_MS = 150_000;

export interface LocalStoreLease {
  readonly endpoint: string;
  /** Lets go of the store: the keeper may stop it once no other command holds it. */
  release(): void;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
};

export const idleSeconds = (): number => {
  const text = process.env[IDLE_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_IDLE_SECONDS;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400)
    throw new CliError(`${IDLE_VARIABLE} must be whole seconds from 0 to 86400, got "${text}"`);
  return seconds;
};

const lock = async (files: LocalStoreFiles, dataDir: string): Promise<() => void> => {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const release = tryLock(files);
    if (release !== undefined) return release;
    if (Date.now() > deadline)
      throw new LocalStoreError(
        `the local store in ${dataDir} is being started or stopped by process ${lockHolder(files) ?? '?'}: try again`,
      );
    await sleep(100);
  }
};

/**
 * A recorded DynamoDB Local whose keeper died (killed with SIGKILL) is stopped
 * here, so it is never left running; only a process that answers at the
 * recorded endpoint is signalled, never a stranger that took its pid.
 */
const clearStale = async (files: LocalStoreFiles, state: LocalStoreState | undefined): Promise<void> => {
  if (state !== undefined) {
    const keeper = recordedProcess(state, 'keeper');
    const java = recordedProcess(state, 'java');
    if (keeper !== undefined && signalIfSame(keeper, 'SIGTERM')) {
      // The keeper stops its DynamoDB Local.
    } else if (java !== undefined && isRunning(java) && (await answers(state.endpoint)))
      signalIfSame(java, 'SIGTERM');
    await waitFor(() => !isRunning(keeper) && !isRunning(java), 15_000);
  }
  removeStateFile(files);
};

/** A recorded DynamoDB Local that runs as itself and answers, without its keeper, while another command holds a lease. */
const orphanInUse = async (files: LocalStoreFiles, state: LocalStoreState | undefined): Promise<boolean> =>
  state !== undefined &&
  !isRunning(recordedProcess(state, 'keeper')) &&
  isRunning(recordedProcess(state, 'java')) &&
  liveLeases(files).some((pid) => pid !== process.pid) &&
  (await answers(state.endpoint));

const usable = async (state: LocalStoreState | undefined): Promise<LocalStoreState | undefined> => {
  if (state === undefined || !isRunning(recordedProcess(state, 'keeper'))) return undefined;
  // Busy (a long write, a garbage collection) is not dead: ask three times.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await answers(state.endpoint)) return state;
    await sleep(500);
  }
  return undefined;
};

const spawnKeeper = (files: LocalStoreFiles, { adopt = false } = {}): Promise<string> => {
  const log = openSync(files.log, 'a');
  const args = [BIN, KEEPER_ARGUMENT, files.dir, String(idleSeconds()), ...(adopt ? [ADOPT_ARGUMENT] : [])];
  // Detached: its own process group, so it outlives this command and a Ctrl-C here does not reach it.
  const keeper = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      keeper.kill('SIGTERM');
      fail(new LocalStoreError(`DynamoDB Local did not start in time: see ${files.log}`));
    }, START_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(timer);
      keeper.removeAllListeners();
      if (keeper.connected) keeper.disconnect();
      keeper.unref();
    };
    keeper.once('message', (message: KeeperMessage) => {
      settle();
      if (message.ready) done(message.endpoint);
      else fail(new LocalStoreError(message.error));
    });
    keeper.once('exit', (code) => {
      settle();
      fail(new LocalStoreError(`the local store's keeper exited (${code}): see ${files.log}`));
    });
  });
};

/** A data folder that names a file, or lies under one, is a wrong argument, not a failure to create it. */
const assertNotAFile = (dir: string, dataDir: string): void => {
  for (let path = dir; ; path = dirname(path)) {
    if (existsSync(path)) {
      if (!statSync(path).isDirectory())
        throw new CliError(
          `--data-dir must name a folder, but ${displayText(path)} is a file (data folder ${dataDir})`,
        );
      return;
    }
    if (dirname(path) === path) return;
  }
};

/** The folder as a read command needs it: there, and holding a store. */
const assertStoreExists = (dir: string, dataDir: string): void => {
  const hint = 'run `npm start` or `recipe-status replay <file>` to create one, or name another store';
  if (!existsSync(dir)) throw new CliError(`no data folder ${dataDir}: ${hint}`);
  if (!existsSync(join(dir, SHARED_DB_FILE)))
    throw new CliError(`${dataDir} holds no local store (no ${SHARED_DB_FILE}): ${hint}`);
};

/** A folder this process cannot write: a read uses its running DynamoDB Local, without lease or lock. */
const attachReadOnly = async (files: LocalStoreFiles, dataDir: string): Promise<LocalStoreLease> => {
  const running = await usable(readState(files));
  if (running === undefined)
    throw new CliError(
      `${dataDir} cannot be written and no DynamoDB Local runs on it: make it writable to start one`,
    );
  return { endpoint: running.endpoint, release: () => undefined };
};

/**
 * Uses the data folder's running DynamoDB Local, or starts one. With
 * `mustExist` (read commands) a folder that is not a store is refused rather
 * than created.
 */
export const attachLocalStore = async (
  dataDir: string,
  options: { readonly mustExist: boolean },
): Promise<LocalStoreLease> => {
  const dir = resolve(dataDir);
  assertNotAFile(dir, dataDir);
  if (options.mustExist) assertStoreExists(dir, dataDir);
  else mkdirSync(dir, { recursive: true });
  const files = localStoreFiles(dir);
  // The lease comes first: a keeper deciding it is idle checks leases under the lock.
  let removeLease: () => void;
  try {
    removeLease = addLease(files);
  } catch (error) {
    if (!options.mustExist || !isUnwritable(error)) throw error;
    return attachReadOnly(files, dataDir);
  }
  process.on('exit', removeLease);
  const release = () => {
    process.off('exit', removeLease);
    removeLease();
  };
  try {
    const unlock = await lock(files, dataDir);
    try {
      const state = readState(files);
      const running = await usable(state);
      if (running !== undefined) return { endpoint: running.endpoint, release };
      // Its keeper died while other commands use it: a new keeper takes it over rather than stop it under them.
      if (await orphanInUse(files, state))
        return { endpoint: await spawnKeeper(files, { adopt: true }), release };
      await clearStale(files, state);
      return { endpoint: await spawnKeeper(files), release };
    } finally {
      unlock();
    }
  } catch (error) {
    release();
    throw error;
  }
};

export type StopResult = { readonly stopped: true; readonly endpoint: string } | { readonly stopped: false };

/** Stops the folder's DynamoDB Local now, unless a command still uses it. */
export const stopLocalStore = async (dataDir: string): Promise<StopResult> => {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) return { stopped: false };
  const files = localStoreFiles(dir);
  const unlock = await lock(files, dataDir);
  try {
    const state = readState(files);
    if (state === undefined || !isRunning(recordedProcess(state, 'keeper'))) {
      await clearStale(files, state);
      return { stopped: false };
    }
    // A command that was just stopped may take a moment to let go of its lease.
    if (!(await waitFor(() => liveLeases(files).length === 0, 5_000))) {
      const pids = liveLeases(files);
      throw new CliError(
        `the local store in ${dataDir} is in use by ${pids.length} running command(s) (pid ${pids.join(', ')}): stop them first`,
      );
    }
    await clearStale(files, state);
    return { stopped: true, endpoint: state.endpoint };
  } finally {
    unlock();
  }
};
