import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStoreFiles } from '../../../cli/local-store/files.ts';
import { BIN, runCli } from '../../support/cli.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';

// A data folder the reading process cannot write still answers its reads, from the DynamoDB Local running on it.

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const env = { ...process.env, RECIPE_STATUS_LOCAL_STORE_IDLE_SECONDS: '60' };
// Root writes anywhere: the read then runs as another user, to whom the folder is read-only.
const asReader = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let folder: string;
let dir: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'recipe-status-read-only-'));
  chmodSync(folder, 0o755);
  dir = join(folder, 'store');
  const input = JSON.stringify(recipeEvent({ id: uuidV7(T0, Buffer.alloc(10, 1)), recipeUid: 'r1' }));
  const started = await runCli(['replay', '-', '--data-dir', dir], { env, input });
  expect(started.code, started.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  chmodSync(dir, 0o755);
  chmodSync(localStoreFiles(dir).leases, 0o755);
  await runCli(['stop', '--data-dir', dir], { env });
  rmSync(folder, { recursive: true, force: true });
});

describe('a read-only data folder', () => {
  it('answers get from the running DynamoDB Local', async () => {
    // Prepare
    chmodSync(dir, 0o555);
    chmodSync(localStoreFiles(dir).leases, 0o555);

    // Act
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [BIN, 'get', 'r1', '--json', '--data-dir', dir],
        { env: { ...env, HOME: folder }, ...asReader },
        (error, stdout, stderr) => done({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
    });

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ recipeUid: 'r1' });
  });
});
