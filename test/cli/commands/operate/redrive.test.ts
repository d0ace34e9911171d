import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecipeStatusQueries } from '../../../../lambda/store/queries/queries.ts';
import { jsonLines, runCli } from '../../../support/cli.ts';
import { createTestTable, type TestTable } from '../../../support/test-table.ts';
import { type FakeSqs, startFakeSqs } from '../../support/fake-sqs.ts';
import { id, invalid, newer } from '../recipe-fixtures.ts';

/**
 * `redrive` through the real executable, against a queue of our own that
 * answers as SQS does (AWS_ENDPOINT_URL_SQS points the SDK at it): it refuses
 * to drain a real queue into a store nobody named, and names the one it writes.
 */

const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/recipe-status-failures';
const failureRecord = (event: unknown) =>
  JSON.stringify({ requestContext: { condition: 'RetriesExhausted' }, requestPayload: event });

let sqs: FakeSqs;
let table: TestTable;
let folder: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'recipe-status-redrive-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeEach(async () => {
  sqs = await startFakeSqs([
    { id: 'm1', body: failureRecord(newer) },
    { id: 'm2', body: JSON.stringify(invalid) },
  ]);
  table = await createTestTable();
  env = { ...process.env, AWS_ENDPOINT_URL_SQS: sqs.endpoint, AWS_REGION: 'eu-central-1' };
});
afterEach(() => sqs.close());

describe('recipe-status redrive', () => {
  it.each([[[]], [['--data-dir', 'dead-letters']]])(
    'refuses a real queue with no --table or --endpoint (%j), exit 2, reading and deleting nothing',
    async (store) => {
      // Act
      const run = await runCli(['redrive', '--queue-url', QUEUE_URL, ...store], { env, cwd: folder });

      // Assess
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `recipe-status: redrive reads the real queue ${QUEUE_URL}: name the store its events go to with ` +
          '--table <name> (the deployed table) or --endpoint <url>. Nothing was read or deleted\n',
      });
      expect(sqs.requests).toEqual([]);
      expect(existsSync(join(folder, '.recipe-status'))).toBe(false);
      expect(existsSync(join(folder, 'dead-letters'))).toBe(false);
    },
  );

  it('names the store it writes to first, records both events and deletes both messages', async () => {
    // Prepare
    const store = ['--endpoint', table.endpoint, '--table', table.tableName];
    // Act
    const run = await runCli(['redrive', '--queue-url', QUEUE_URL, '--json', ...store], { env });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      `recipe-status: writing to table "${table.tableName}" at ${table.endpoint}`,
      `recipe-status: reading ${QUEUE_URL} (region eu-central-1)`,
      '',
    ]);
    expect(jsonLines(run.stdout).map((line) => [line.messageId, line.outcome, line.action])).toEqual([
      ['m1', 'applied', 'deleted'],
      ['m2', 'rejected', 'deleted'],
    ]);
    expect(sqs.deleted()).toEqual(['handle-m1', 'handle-m2']);
    const queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
    expect((await queries.getRecipe('r1', { consistentRead: true }))?.eventId).toBe(id(5));
  });

  it('in a dry run says what each message would come to, from reads, and writes and deletes nothing', async () => {
    // Prepare
    const store = ['--endpoint', table.endpoint, '--table', table.tableName];
    // Act
    const run = await runCli(['redrive', '--queue-url', QUEUE_URL, '--dry-run', ...store], { env });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe(
      `recipe-status: dry run: reading table "${table.tableName}" at ${table.endpoint}, writing nothing`,
    );
    expect(run.stdout).toMatch(/^m1 +lambda-failure +\S+ +applied +would delete$/m);
    expect(run.stdout).toMatch(
      /^m2 +eventbridge +\S+ +rejected +would delete +detail\.kind: must be "domain"$/m,
    );
    expect(sqs.deleted()).toEqual([]);
    const queries = createRecipeStatusQueries({ client: table.documentClient, tableName: table.tableName });
    expect(await queries.getRecipe('r1', { consistentRead: true })).toBeUndefined();
    expect((await queries.listRejected()).items).toEqual([]);
  });

  it('says which region is missing, exit 2, when neither the queue URL nor the environment has one', async () => {
    // Prepare
    const noRegion = {
      PATH: process.env.PATH,
      HOME: folder,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const queueUrl = `${sqs.endpoint}/000000000000/local-queue`;
    // Act
    const run = await runCli(
      ['redrive', '--queue-url', queueUrl, '--endpoint', table.endpoint, '--table', table.tableName],
      {
        env: { ...noRegion, AWS_ENDPOINT_URL_SQS: sqs.endpoint, AWS_EC2_METADATA_DISABLED: 'true' },
      },
    );

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `recipe-status: no AWS region for queue ${queueUrl}: set AWS_REGION, or AWS_PROFILE naming a profile that has a region\n`,
    );
    expect(sqs.deleted()).toEqual([]);
  });
});
