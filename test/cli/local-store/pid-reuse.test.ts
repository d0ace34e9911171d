import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, localStoreFiles, readState, recordedProcess } from '../../../cli/local-store/files.ts';
import { isSameProcess, processStart } from '../../../cli/local-store/process-identity.ts';
import { BIN, runCli } from '../../support/cli.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';

// The local store never trusts a bare pid: a pid another process took is neither signalled, nor waited on, nor kept as a user.

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const input = JSON.stringify(recipeEvent({ id: uuidV7(T0, Buffer.alloc(10, 1)), recipeUid: 'r1' }));
const env = { ...process.env, RECIPE_STATUS_LOCAL_STORE_IDLE_SECONDS: '2' };
// A start no process has: the pid it is recorded with now belongs to another process.
const OTHER_START = '1';

let folder: string;
let stranger: ChildProcess;
let strangerPid: number;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'recipe-status-pids-'));
  // Detached, in its own process group: the process that took a recorded pid.
  stranger = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
  if (stranger.pid === undefined) throw new Error('could not start sleep');
  strangerPid = stranger.pid;
});

afterAll(async () => {
  for (const name of ['state', 'lock', 'lease', 'starter', 'orphan'])
    await runCli(['stop', '--data-dir', join(folder, name)], { env });
  if (stranger.exitCode === null && stranger.signalCode === null) process.kill(-strangerPid, 'SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

const waitUntil = async (condition: () => boolean, timeoutMs = 60_000): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  return condition();
};

const strangerRuns = () => processStart(strangerPid) !== undefined;

describe('the local store and a reused pid', () => {
  it('leaves alone a process that took the recorded keeper pid, and starts its own', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const dir = join(folder, 'state');
    mkdirSync(dir);
    writeFileSync(
      localStoreFiles(dir).state,
      JSON.stringify({
        keeperPid: strangerPid,
        keeperStart: OTHER_START,
        javaPid: strangerPid,
        javaStart: OTHER_START,
        endpoint: 'http://127.0.0.1:9',
        startedAt: '2026-11-26T08:00:00.000Z',
      }),
    );

    // Act
    const run = await runCli(['replay', '-', '--data-dir', dir], { env, input });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(strangerRuns()).toBe(true);
    const state = readState(localStoreFiles(dir));
    expect(state?.keeperPid).not.toBe(strangerPid);
    expect(isRunning(state === undefined ? undefined : recordedProcess(state, 'keeper'))).toBe(true);
  });

  it('takes over at once a lock whose pid another process took', { timeout: 120_000 }, async () => {
    // Prepare
    const dir = join(folder, 'lock');
    mkdirSync(dir);
    writeFileSync(localStoreFiles(dir).lock, JSON.stringify({ pid: strangerPid, start: OTHER_START }));

    // Act: before, this waited 180 s for the stranger, then said "try again".
    const run = await runCli(['replay', '-', '--data-dir', dir], { env, input });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(strangerRuns()).toBe(true);
  });

  it('goes idle though a lease names a pid another process took', { timeout: 180_000 }, async () => {
    // Prepare
    const dir = join(folder, 'lease');
    const started = await runCli(['replay', '-', '--data-dir', dir], { env, input });
    expect(started.code, started.stderr).toBe(0);
    const files = localStoreFiles(dir);
    const state = readState(files);
    if (state === undefined) throw new Error('no store started');
    writeFileSync(
      join(files.leases, `${strangerPid}-stranger`),
      JSON.stringify({ pid: strangerPid, start: OTHER_START }),
    );

    // Act
    const stopped = await waitUntil(() => !existsSync(files.state));

    // Assess
    expect(stopped).toBe(true);
    expect(isRunning(recordedProcess(state, 'java'))).toBe(false);
    expect(strangerRuns()).toBe(true);
  });

  it('keeps the keeper when the command that started it is killed while it starts', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const dir = join(folder, 'starter');
    const files = localStoreFiles(dir);
    const starter = spawn(process.execPath, [BIN, 'replay', '-', '--data-dir', dir], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    starter.stdin?.end(input);
    const exited = new Promise((done) => starter.once('exit', done));

    // Act: the keeper's log is opened just before it is spawned.
    expect(await waitUntil(() => existsSync(files.log))).toBe(true);
    if (starter.pid !== undefined) process.kill(-starter.pid, 'SIGKILL');
    await exited;

    // Assess: the keeper finishes starting, records itself, and runs on until idle or stopped.
    expect(await waitUntil(() => readState(files) !== undefined)).toBe(true);
    const state = readState(files);
    if (state === undefined) throw new Error('no state');
    const keeper = recordedProcess(state, 'keeper');
    await new Promise((done) => setTimeout(done, 1_000));
    expect(keeper !== undefined && isSameProcess(keeper)).toBe(true);
    const stop = await runCli(['stop', '--data-dir', dir], { env });
    expect(stop.code, stop.stderr).toBe(0);
    expect(isRunning(recordedProcess(state, 'java'))).toBe(false);
  });

  it('takes over, not stops, a DynamoDB Local whose keeper died while a command uses it', {
    timeout: 180_000,
  }, async () => {
    // Prepare: a store, a command using it (this process's lease), and its keeper killed.
    const dir = join(folder, 'orphan');
    const started = await runCli(['replay', '-', '--data-dir', dir], { env, input });
    expect(started.code, started.stderr).toBe(0);
    const files = localStoreFiles(dir);
    const orphaned = readState(files);
    if (orphaned === undefined) throw new Error('no store started');
    const lease = join(files.leases, `${process.pid}-using`);
    writeFileSync(lease, JSON.stringify({ pid: process.pid, start: processStart(process.pid) }));
    process.kill(orphaned.keeperPid, 'SIGKILL');
    expect(await waitUntil(() => !isRunning(recordedProcess(orphaned, 'keeper')))).toBe(true);

    // Act
    const got = await runCli(['get', 'r1', '--json', '--data-dir', dir], { env });

    // Assess
    expect(got.code, got.stderr).toBe(0);
    expect(isRunning(recordedProcess(orphaned, 'java'))).toBe(true);
    const adopted = readState(files);
    expect(adopted).toMatchObject({ javaPid: orphaned.javaPid, endpoint: orphaned.endpoint });
    expect(adopted?.keeperPid).not.toBe(orphaned.keeperPid);
    unlinkSync(lease);
    const stop = await runCli(['stop', '--data-dir', dir], { env });
    expect(stop.code, stop.stderr).toBe(0);
    expect(await waitUntil(() => !isRunning(recordedProcess(orphaned, 'java')))).toBe(true);
  });
});
