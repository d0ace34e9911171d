import { randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { isSameProcess, type ProcessIdentity, processStart } from './process-identity.ts';

// The files through which commands share one DynamoDB Local per data folder (docs/cli.md).

export interface LocalStoreFiles {
  readonly dir: string;
  readonly state: string;
  readonly lock: string;
  readonly log: string;
  readonly leases: string;
}

export const localStoreFiles = (dir: string): LocalStoreFiles => ({
  dir,
  state: join(dir, 'local-store.json'),
  lock: join(dir, 'local-store.lock'),
  log: join(dir, 'local-store.log'),
  leases: join(dir, 'leases'),
});

export const LocalStoreStateSchema = v.object({
  /** The keeper: the process that owns DynamoDB Local and stops it when idle. */
  keeperPid: v.number(),
  /** Beside each pid, its process's start: a pid reused by another process is never taken for it. */
  keeperStart: v.optional(v.string()),
  javaPid: v.number(),
  javaStart: v.optional(v.string()),
  endpoint: v.string(),
  startedAt: v.string(),
});
export type LocalStoreState = v.InferOutput<typeof LocalStoreStateSchema>;

/** The recorded keeper or DynamoDB Local; undefined for a state file without starts, which is never trusted. */
export const recordedProcess = (
  state: LocalStoreState,
  which: 'keeper' | 'java',
): ProcessIdentity | undefined => {
  const pid = which === 'keeper' ? state.keeperPid : state.javaPid;
  const start = which === 'keeper' ? state.keeperStart : state.javaStart;
  return start === undefined ? undefined : { pid, start };
};

/** Whether the recorded process still runs as itself. */
export const isRunning = (identity: ProcessIdentity | undefined): boolean =>
  identity !== undefined && isSameProcess(identity);

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error ? String(error.code) : undefined;

/** On Linux, a process that exited but was not yet reaped by its parent: dead for our purposes. */
const isZombie = (pid: number): boolean => {
  try {
    return /^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Whether a process of this id runs (one we may not signal counts). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
};

/** A write refused because the folder is read-only to this process (or went while being written). */
export const isUnwritable = (error: unknown): boolean =>
  ['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes(errorCode(error) ?? '');

const removeFile = (path: string): void => {
  try {
    unlinkSync(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
};

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
};

export const readState = (files: LocalStoreFiles): LocalStoreState | undefined => {
  const parsed = v.safeParse(LocalStoreStateSchema, readJson(files.state));
  return parsed.success ? parsed.output : undefined;
};

/** Written whole or not at all: a reader never sees half a file. */
export const writeState = (files: LocalStoreFiles, state: LocalStoreState): void => {
  const temporary = `${files.state}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, files.state);
};

/** Removes the state file if it still describes this keeper. */
export const removeState = (files: LocalStoreFiles, keeperPid: number): void => {
  if (readState(files)?.keeperPid === keeperPid) removeFile(files.state);
};

export const removeStateFile = (files: LocalStoreFiles): void => removeFile(files.state);

const HolderSchema = v.object({ pid: v.number(), start: v.optional(v.string()) });

/** Whether a lock's or lease's holder runs: the same process, by its start when recorded. */
const holderRuns = (holder: v.InferOutput<typeof HolderSchema>): boolean =>
  holder.start === undefined ? isAlive(holder.pid) : isSameProcess({ pid: holder.pid, start: holder.start });

const thisProcess = () => ({ pid: process.pid, start: processStart(process.pid) });

/** A lock whose holder is gone (or whose pid another process took); one still being written gets a few seconds. */
const isStale = (path: string): boolean => {
  const holder = v.safeParse(HolderSchema, readJson(path));
  if (holder.success) return !holderRuns(holder.output);
  try {
    return Date.now() - statSync(path).mtimeMs > 5_000;
  } catch {
    return true;
  }
};

/** Takes the lock if it is free (or stale); returns its release, or undefined when another holds it. */
export const tryLock = (files: LocalStoreFiles): (() => void) | undefined => {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(files.lock, 'wx');
      writeSync(fd, JSON.stringify({ ...thisProcess(), at: new Date().toISOString() }));
      closeSync(fd);
      return () => removeFile(files.lock);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      // A holder that died (killed while starting DynamoDB Local) leaves its lock: take it over once.
      if (attempt > 0 || !isStale(files.lock)) return undefined;
      removeFile(files.lock);
    }
  }
  return undefined;
};

/** The holder of the lock, for a message. */
export const lockHolder = (files: LocalStoreFiles): number | undefined => {
  const holder = v.safeParse(HolderSchema, readJson(files.lock));
  return holder.success ? holder.output.pid : undefined;
};

/** Marks this process as using the folder's DynamoDB Local until the returned function is called. */
export const addLease = (files: LocalStoreFiles): (() => void) => {
  mkdirSync(files.leases, { recursive: true });
  const path = join(files.leases, `${process.pid}-${randomUUID().slice(0, 8)}`);
  writeFileSync(path, JSON.stringify(thisProcess()));
  return () => removeFile(path);
};

/** The processes holding a lease now; a lease whose process is gone is removed. */
export const liveLeases = (files: LocalStoreFiles): number[] => {
  let names: string[];
  try {
    names = readdirSync(files.leases);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    const pid = Number(name.split('-')[0]);
    const holder = v.safeParse(HolderSchema, readJson(join(files.leases, name)));
    const runs = holder.success ? holderRuns(holder.output) : isAlive(pid);
    if (Number.isInteger(pid) && pid > 0 && runs) return [pid];
    removeFile(join(files.leases, name));
    return [];
  });
};
