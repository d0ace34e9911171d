import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, localStoreFiles, readState } from '../../../cli/local-store/files.ts';
import { jsonLines, runCli } from '../../support/cli.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';

/**
 * The local store through the real executable: commands at the same time on
 * one data folder share one DynamoDB Local; a recorded one whose keeper is
 * gone is never trusted and never left running; `stop` leaves nothing behind;
 * read commands never create a folder.
 */

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const eventOf = (recipeUid: string, minute: number) =>
  JSON.stringify(recipeEvent({ id: uuidV7(T0 + minute * 60_000, Buffer.alloc(10, minute)), recipeUid }));
// A short idle time: should a test fail before `stop`, nothing outlives the run by long.
const env = { ...process.env, RECIPE_STATUS_LOCAL_STORE_IDLE_SECONDS: '30' };

let folder: string;
let dataDir: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'recipe-status-local-'));
  dataDir = join(folder, 'store');
});
afterAll(async () => {
  await runCli(['stop', '--data-dir', dataDir], { env });
  rmSync(folder, { recursive: true, force: true });
});

const storeLine =
  /^recipe-status: writing to the local store in (.+) \(DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)\)$/m;

describe('a read command on a data folder that is not a store', () => {
  const HINT = 'run `npm start` or `recipe-status replay <file>` to create one, or name another store';
  it.each([[['get', 'r1']], [['device', 'd1']], [['org', 'o1']], [['history', 'r1']], [['rejected']]])(
    '%j refuses a missing one, exit 2, naming it, and creates nothing',
    async (args) => {
      const missing = join(folder, 'typo');
      const run = await runCli([...args, '--data-dir', missing], { env });
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `recipe-status: no data folder ${missing}: ${HINT}\n`,
      });
      expect(existsSync(missing)).toBe(false);
    },
  );

  it('refuses a folder that holds no store, and the default named by RECIPE_STATUS_DATA_DIR', async () => {
    const empty = join(folder, 'empty');
    mkdirSync(empty);
    const run = await runCli(['get', 'r1', '--data-dir', empty], { env });
    expect(run.stderr).toBe(
      `recipe-status: ${empty} holds no local store (no shared-local-instance.db): ${HINT}\n`,
    );
    const byVariable = await runCli(['get', 'r1'], {
      env: { ...env, RECIPE_STATUS_DATA_DIR: join(folder, 'nope') },
    });
    expect(byVariable).toMatchObject({
      code: 2,
      stderr: `recipe-status: no data folder ${join(folder, 'nope')}: ${HINT}\n`,
    });
  });
});

describe('one DynamoDB Local per data folder', () => {
  it('lets two commands at once both succeed, on the same DynamoDB Local, which a third then uses', {
    timeout: 240_000,
  }, async () => {
    // Act
    const runs = await Promise.all(
      ['a', 'b'].map((uid, index) =>
        runCli(['replay', '-', '--json', '--data-dir', dataDir], { env, input: eventOf(uid, index + 1) }),
      ),
    );

    // Assess
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(jsonLines(run.stdout).map((line) => line.outcome)).toEqual(['applied']);
    }
    const endpoints = runs.map((run) => storeLine.exec(run.stderr)?.[2]);
    expect(endpoints[0]).toMatch(/^http:/);
    expect(endpoints[1]).toBe(endpoints[0]);
    const state = readState(localStoreFiles(dataDir));
    expect(state?.endpoint).toBe(endpoints[0]);

    const org = await runCli(['org', 'org-1', '--json', '--data-dir', dataDir], { env });
    expect(
      JSON.parse(org.stdout)
        .map((record: { recipeUid: string }) => record.recipeUid)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(readState(localStoreFiles(dataDir))).toEqual(state);
  });

  it('never trusts nor leaves running a DynamoDB Local whose keeper was killed', {
    timeout: 240_000,
  }, async () => {
    // Prepare
    const orphaned = readState(localStoreFiles(dataDir));
    if (orphaned === undefined) throw new Error('the store of the test before is not running');
    process.kill(orphaned.keeperPid, 'SIGKILL');
    expect(isAlive(orphaned.javaPid)).toBe(true);

    // Act
    const got = await runCli(['get', 'a', '--json', '--data-dir', dataDir], { env });

    // Assess
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ recipeUid: 'a' });
    expect(isAlive(orphaned.javaPid)).toBe(false);
    expect(readState(localStoreFiles(dataDir))?.keeperPid).not.toBe(orphaned.keeperPid);
  });

  it('stop stops it and leaves no process of it running', { timeout: 120_000 }, async () => {
    // Prepare
    const state = readState(localStoreFiles(dataDir));
    if (state === undefined) throw new Error('the store of the test before is not running');

    // Act
    const stopped = await runCli(['stop', '--data-dir', dataDir], { env });

    // Assess
    expect(stopped).toEqual({
      code: 0,
      stdout: `stopped the local store in ${dataDir} (DynamoDB Local at ${state.endpoint})\n`,
      stderr: '',
    });
    expect([isAlive(state.keeperPid), isAlive(state.javaPid)]).toEqual([false, false]);
    expect(existsSync(localStoreFiles(dataDir).state)).toBe(false);
    expect((await runCli(['stop', '--data-dir', dataDir], { env })).stdout).toBe(
      `no local store is running for ${dataDir}\n`,
    );
  });
});
