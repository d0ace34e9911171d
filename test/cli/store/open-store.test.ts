import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';

/** Where a command's store is, seen through the real executable: each way of naming one, and each way it fails. */

const event = recipeEvent({
  id: uuidV7(Date.parse('2026-11-26T08:05:00.000Z'), Buffer.alloc(10, 5)),
  recipeUid: 'r1',
  status: 'Failed',
});

describe('opening the store', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'recipe-status-store-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('names a table that is not there', async () => {
    // Prepare
    const endpoint = inject('dynamoDbEndpoint');
    // Act
    const run = await runCli(['get', 'r1', '--endpoint', endpoint, '--table', 'absent']);
    // Assess
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `recipe-status: table "absent" at ${endpoint} not found\n`,
    });
  });

  it('says so when AWS has no credentials to offer', async () => {
    // Prepare
    const env = {
      PATH: process.env.PATH,
      HOME: folder,
      AWS_REGION: 'eu-central-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // Act
    const run = await runCli(['get', 'r1', '--table', 'recipe-status'], { env });
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^recipe-status: no AWS credentials found for table "recipe-status" in AWS/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('says how to install Java when it is missing', async () => {
    // Act
    const run = await runCli(['replay', '-', '--data-dir', join(folder, 'no-java')], {
      env: { PATH: '/nonexistent', HOME: folder },
      input: JSON.stringify(event),
    });
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^recipe-status: Java was not found: DynamoDB Local needs a Java 17\+ runtime/,
    );
  });
});
