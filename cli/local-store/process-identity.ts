import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// A process as recorded beside its pid: the pid with its start time, so a pid reused by another process is not taken for it.

export interface ProcessIdentity {
  readonly pid: number;
  /** Linux: the start time in clock ticks since boot (/proc/<pid>/stat, field 22); elsewhere `ps`'s start time and command. */
  readonly start: string;
}

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error ? String(error.code) : undefined;

/** The fields after the command name, which may hold spaces and parentheses. */
const procStat = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

/** The process's start, or undefined when there is no such process (or it exited and awaits its parent). */
export const processStart = (pid: number): string | undefined => {
  if (!(Number.isSafeInteger(pid) && pid > 0)) return undefined;
  if (process.platform === 'linux') {
    const fields = procStat(pid);
    // fields[0] is field 3 (the state); field 22 (starttime) is fields[19].
    if (fields === undefined || fields[0] === 'Z') return undefined;
    return fields[19];
  }
  try {
    const line = execFileSync('ps', ['-o', 'lstart=,command=', '-p', String(pid)], { encoding: 'utf8' });
    return line.trim() === '' ? undefined : line.trim();
  } catch {
    return undefined;
  }
};

/** This process, or the one of `pid`, as it can be recognised later. */
export const identify = (pid: number = process.pid): ProcessIdentity | undefined => {
  const start = processStart(pid);
  return start === undefined ? undefined : { pid, start };
};

/** Whether the recorded process still runs: the same pid and the same start. */
export const isSameProcess = (identity: ProcessIdentity): boolean => {
  const start = processStart(identity.pid);
  if (start !== undefined) return start === identity.start;
  // A process we may not read (another user's, on some systems) is not ours: it cannot have been started by us.
  return false;
};

/** Signals the recorded process only if it is still that process; false when it is gone or another. */
export const signalIfSame = (identity: ProcessIdentity, signal: NodeJS.Signals): boolean => {
  if (!isSameProcess(identity)) return false;
  try {
    process.kill(identity.pid, signal);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false;
    throw error;
  }
};
